"""`planreview serve`: the workbench on http://127.0.0.1:8000 (waitress), or on another
host only with authentication (see security.auth_for and docs/web.md)."""

from __future__ import annotations

import getpass
from pathlib import Path


def add_arguments(serve) -> None:
    serve.add_argument(
        "--inputs", type=Path, default=Path("inputs"), help="Eingabeordner (Standard: inputs/)"
    )
    serve.add_argument(
        "--reports",
        type=Path,
        default=Path("reports"),
        help="Ordner für Berichte und Formulare (Standard: reports/)",
    )
    serve.add_argument("--host", default="127.0.0.1", help="Adresse (Standard: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="Port (Standard: 8000)")
    serve.add_argument("--templates", type=Path, help="eigener Vorlagen-Ordner")
    serve.add_argument(
        "--users", type=Path, help="Benutzerdatei (Name:argon2-Hash je Zeile), siehe docs/web.md"
    )
    serve.add_argument(
        "--add-user", metavar="NAME", help="Benutzer in --users anlegen (fragt das Passwort)"
    )
    serve.add_argument(
        "--trust-user-header",
        metavar="HEADER",
        help="Benutzername aus diesem Header des vorgeschalteten Servers übernehmen",
    )
    serve.add_argument("-v", "--verbose", action="store_true", help="Traceback bei Fehlern")
    serve.add_argument("-q", "--quiet", action="store_true", help="nur Fehler ausgeben")


def run(args, stdout, stderr, serve_forever=None) -> int:
    from .security import ConfigurationError, auth_for  # noqa: PLC0415 - the web extra

    try:
        if args.add_user:
            return _add_user(args, stdout)
        auth = auth_for(args.host, args.users, args.trust_user_header)
    except ConfigurationError as exc:
        print(f"Fehler: {exc}", file=stderr)
        return 2
    if not args.inputs.is_dir():
        print(f"Fehler: Den Eingabeordner {args.inputs} gibt es nicht.", file=stderr)
        return 1
    from .app import create_app  # noqa: PLC0415 - Flask only for this command

    app = create_app(args.inputs, args.reports, auth, args.templates)
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Die Werkbank läuft: http://{host}:{args.port}/ (beenden mit Strg+C)", file=stdout)
    if serve_forever is None:
        from waitress import serve as serve_forever  # noqa: PLC0415

    serve_forever(app, host=args.host, port=args.port, threads=4)
    return 0


def _add_user(args, stdout) -> int:
    from .security import ConfigurationError, add_user  # noqa: PLC0415

    if not args.users:
        raise ConfigurationError("Mit --add-user bitte auch --users DATEI angeben.")
    password = getpass.getpass(f"Passwort für {args.add_user}: ")
    if len(password) < 10 or password != getpass.getpass("Noch einmal: "):
        raise ConfigurationError("Die Passwörter sind verschieden oder kürzer als 10 Zeichen.")
    add_user(args.users, args.add_user, password)
    print(f"Benutzer {args.add_user} in {args.users} eingetragen.", file=stdout)
    return 0

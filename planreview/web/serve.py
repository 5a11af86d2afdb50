"""`planreview serve`: the workbench on http://127.0.0.1:8000 (waitress), or on another
host only with authentication (see security.auth_for and docs/web.md)."""

from __future__ import annotations

import getpass
from pathlib import Path

from ..problems import Said


def add_arguments(serve) -> None:
    serve.add_argument(
        "--inputs", type=Path, default=Path("inputs"), help=Said("serve_help_inputs")
    )
    serve.add_argument(
        "--reports",
        type=Path,
        default=Path("reports"),
        help=Said("serve_help_reports"),
    )
    serve.add_argument("--host", default="127.0.0.1", help=Said("serve_help_host"))
    serve.add_argument("--port", type=int, default=8000, help=Said("serve_help_port"))
    serve.add_argument("--templates", type=Path, help=Said("serve_help_templates"))
    serve.add_argument("--lang", choices=("de", "en"), default="de", help=Said("serve_help_lang"))
    serve.add_argument("--users", type=Path, help=Said("serve_help_users"))
    serve.add_argument("--add-user", metavar="NAME", help=Said("serve_help_add_user"))
    serve.add_argument(
        "--trust-user-header",
        metavar="HEADER",
        help=Said("serve_help_header"),
    )
    serve.add_argument("-v", "--verbose", action="store_true", help=Said("cli_help_traceback"))
    serve.add_argument("-q", "--quiet", action="store_true", help=Said("cli_help_quiet"))


def run(args, stdout, stderr, serve_forever=None) -> int:
    from .security import ConfigurationError, auth_for  # noqa: PLC0415 - the web extra

    try:
        if args.add_user:
            return _add_user(args, stdout)
        auth = auth_for(args.host, args.users, args.trust_user_header)
    except ConfigurationError as exc:
        print(Said("cli_error", message=exc.args[0]), file=stderr)
        return 2
    if not args.inputs.is_dir():
        missing = Said("inputs_missing", inputs=str(args.inputs))
        print(Said("cli_error", message=missing), file=stderr)
        return 1
    from .app import create_app  # noqa: PLC0415 - Flask only for this command

    app = create_app(args.inputs, args.reports, auth, args.templates)
    app.config["LANGUAGE"] = args.lang
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(Said("serve_running", address=f"http://{host}:{args.port}/"), file=stdout)
    if serve_forever is None:
        from waitress import serve as serve_forever  # noqa: PLC0415

    serve_forever(app, host=args.host, port=args.port, threads=4)
    return 0


def _add_user(args, stdout) -> int:
    from .security import ConfigurationError, add_user  # noqa: PLC0415

    if not args.users:
        raise ConfigurationError(Said("serve_add_user_needs_users"))
    password = getpass.getpass(Said("serve_password", name=args.add_user))
    if len(password) < 10 or password != getpass.getpass(Said("serve_password_again")):
        raise ConfigurationError(Said("serve_passwords_differ"))
    add_user(args.users, args.add_user, password)
    print(Said("serve_user_added", name=args.add_user, path=str(args.users)), file=stdout)
    return 0

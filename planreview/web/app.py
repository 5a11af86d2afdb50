"""The Flask app: its settings, who may come in, CSRF on every form, security headers.

The pages themselves are in pages.py; what they ask of the pipeline goes through service.py.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask, abort, g, redirect, render_template, request, session, url_for

from ..resources import default_templates
from .builds import Builds
from .files import MAX_UPLOAD_BYTES
from .protocol import problem_rows
from .security import Auth, host_name, is_loopback, new_token, same_token

FILES_PER_UPLOAD = 20
OPEN_ENDPOINTS = ("pages.login", "static")


def create_app(
    inputs: Path,
    reports: Path | None = None,
    auth: Auth | None = None,
    templates: Path | None = None,
    secret: bytes | None = None,
) -> Flask:
    """The workbench over `inputs`; reports and forms are written to `reports` (default:
    reports/ beside the inputs folder, as the command line does from the project folder)."""
    app = Flask(__name__)
    inputs = Path(inputs)
    app.config.update(
        INPUTS=inputs,
        REPORTS=Path(reports) if reports else inputs.resolve().parent / "reports",
        TEMPLATES=Path(templates) if templates else default_templates(),
        AUTH=auth or Auth(),
        SECRET_KEY=secret or secrets.token_bytes(32),  # sessions end when the server stops
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_NAME="planreview",
        MAX_CONTENT_LENGTH=FILES_PER_UPLOAD * MAX_UPLOAD_BYTES,
        MAX_FORM_MEMORY_SIZE=100_000,
    )
    app.extensions["builds"] = Builds(inputs, app.config["REPORTS"], app.config["TEMPLATES"])
    from .pages import pages  # noqa: PLC0415 - the routes need the app's helpers below

    app.register_blueprint(pages)
    app.before_request(_admit)
    app.before_request(_check_csrf)
    app.after_request(_headers)
    app.add_template_filter(problem_rows)
    app.context_processor(lambda: {"csrf_token": _token(), "user": g.get("user", "")})
    for code in (400, 401, 403, 404, 405, 409, 413):
        app.register_error_handler(code, _error_page)
    return app


def _admit():
    """Local mode: loopback clients that name a loopback host (no DNS rebinding). Users
    mode: a logged-in session. Proxy mode: the trusted header names the user."""
    auth = _auth()
    if auth.mode == "local":
        if not is_loopback(request.remote_addr or "") or not is_loopback(host_name(request.host)):
            abort(403, "Dieser Server nimmt ohne Anmeldung nur Anfragen von diesem Rechner an.")
        g.user = "lokal"
        return None
    if auth.mode == "proxy":
        name = request.headers.get(auth.header, "").strip()
        if not name:
            abort(401, f"Nicht angemeldet: Die Anmeldung der Stadt ({auth.header}) fehlt.")
        g.user = name
        return None
    g.user = session.get("user", "")
    if not g.user and request.endpoint not in OPEN_ENDPOINTS:
        if request.method != "GET":
            abort(401, "Nicht angemeldet. Bitte zuerst anmelden.")
        return redirect(url_for("pages.login", weiter=request.full_path))
    return None


def _auth() -> Auth:
    from flask import current_app  # noqa: PLC0415

    return current_app.config["AUTH"]


def _token() -> str:
    if "csrf" not in session:
        session["csrf"] = new_token()
    return session["csrf"]


def _check_csrf():
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if not same_token(session.get("csrf"), request.form.get("csrf")):
        abort(
            403,
            "Das Formular ist abgelaufen oder kam nicht von dieser Seite (Sicherheitsmerkmal "
            "fehlt). Bitte die Seite neu laden und noch einmal absenden.",
        )


def _headers(response):
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'self'; form-action 'self'",
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


TITLES = {
    400: "Anfrage nicht verständlich",
    401: "Nicht angemeldet",
    403: "Nicht erlaubt",
    404: "Nicht gefunden",
    405: "So nicht möglich",
    409: "Bitte warten",
    413: "Zu groß",
}


# Werkzeug's own texts are English: ours where no page gave one
GERMAN = {
    404: "Diese Seite oder Datei gibt es nicht.",
    405: "Diese Adresse nimmt so keine Anfrage an.",
}


def _error_page(exc):
    code = getattr(exc, "code", 500) or 500
    text = exc.description if isinstance(getattr(exc, "description", None), str) else ""
    if code in GERMAN and text == type(exc).description:
        text = GERMAN[code]
    if code == 413:
        text = (
            f"Die Dateien sind zusammen zu groß: höchstens {FILES_PER_UPLOAD} Dateien mit je "
            f"{MAX_UPLOAD_BYTES // 1_000_000} MB auf einmal."
        )
    return render_template("error.html", title=TITLES.get(code, "Fehler"), text=text), code

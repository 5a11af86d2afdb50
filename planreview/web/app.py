"""The Flask app: its settings, who may come in, CSRF on every form, security headers.

The pages themselves are in pages.py; what they ask of the pipeline goes through service.py.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask, abort, g, redirect, render_template, request, session, url_for

from ..problems import Said
from ..resources import default_templates
from .builds import Builds
from .files import MAX_UPLOAD_BYTES
from .protocol import problem_rows
from .security import Auth, host_name, is_loopback, new_token, same_token
from .words import install as install_words

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
        LANGUAGE="de",  # the pages' words (web/words.py); messages.toml has English beside
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
    install_words(app)
    app.context_processor(
        lambda: {
            "csrf_token": _token(),
            "user": g.get("user", ""),
            "local_mode": _auth().mode == "local",  # nobody logs in, nobody logs out
        }
    )
    for code in (400, 401, 403, 404, 405, 409, 413):
        app.register_error_handler(code, _error_page)
    return app


def _admit():
    """Local mode: loopback clients that name a loopback host (no DNS rebinding). Users
    mode: a logged-in session. Proxy mode: the trusted header names the user."""
    auth = _auth()
    if auth.mode == "local":
        if not is_loopback(request.remote_addr or "") or not is_loopback(host_name(request.host)):
            abort(403, Said("web_local_only"))
        g.user = Said("web_local_user")
        return None
    if auth.mode == "proxy":
        name = request.headers.get(auth.header, "").strip()
        if not name:
            abort(401, Said("web_proxy_user_missing", header=auth.header))
        g.user = name
        return None
    g.user = session.get("user", "")
    if not g.user and request.endpoint not in OPEN_ENDPOINTS:
        if request.method != "GET":
            abort(401, Said("web_log_in_first"))
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
        abort(403, Said("web_csrf"))


def _headers(response):
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'self'; form-action 'self'",
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


# The error pages' titles (Said(f"web_title_{code}")), and our texts where Werkzeug's own
# (English) would show because no page gave one.
TITLES = (400, 401, 403, 404, 405, 409, 413)
OWN_TEXTS = (404, 405)


def _error_page(exc):
    code = getattr(exc, "code", 500) or 500
    text = exc.description if isinstance(getattr(exc, "description", None), str) else ""
    if code in OWN_TEXTS and text == type(exc).description:
        text = Said(f"web_text_{code}")
    if code == 413:
        megabytes = MAX_UPLOAD_BYTES // 1_000_000
        text = Said("web_text_413", files=FILES_PER_UPLOAD, megabytes=megabytes)
    title = Said(f"web_title_{code}" if code in TITLES else "severity_error")
    return render_template("error.html", title=title, text=text), code

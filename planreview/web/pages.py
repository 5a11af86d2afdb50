"""The five pages: Übersicht, Hochladen, Prüfen, Bericht erstellen, Rückmeldungen (and the
login). Plain HTML forms; what they need from the pipeline comes from service.py."""

from __future__ import annotations

import datetime as dt
import io

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)

from ..problems import InputError, Said, YearHasErrors, said_in
from ..read.config import LANGUAGES, PDF_VARIANTS
from . import files, service, words
from .builds import Job
from .protocol import problem_rows, protocol_xlsx

pages = Blueprint("pages", __name__)


def _words(prefix: str, keys) -> dict[str, Said]:
    """{key: its words} for a choice on a page: Said("<prefix>_<key>"), "/" and "-" as "_"."""
    return {k: Said(f"{prefix}_{k.replace('/', '_').replace('-', '_')}") for k in keys}


def _inputs():
    return current_app.config["INPUTS"]


def _reports():
    return current_app.config["REPORTS"]


def _year_arg(name: str = "jahr") -> int | None:
    value = request.values.get(name, "")
    return int(value) if value.isdigit() and len(value) == 4 else None


@pages.get("/")
def overview():
    checked = service.check(_inputs())
    analysis = checked.analysis
    found = service.years_found(_inputs())
    measures_per_file: dict[str, int] = {}
    for data in analysis.years if analysis else ():
        for sheet in data.sheets:
            measures_per_file[sheet.file] = measures_per_file.get(sheet.file, 0) + sheet.measures
    discovery = analysis.discovery if analysis else None
    years = (
        [
            (y, [(f.name, measures_per_file.get(f.name)) for f in discovery.files_of(y)])
            for y in reversed(found)
        ]
        if discovery
        else []
    )
    responses = analysis.responses if analysis else None
    return render_template(
        "overview.html",
        checked=checked,
        years=years,
        responses=responses,
        last=_last_report(analysis.config.file_name if analysis else None),
    )


def _last_report(file_name: str | None) -> dict | None:
    """The newest PDF built from these inputs' name, with its xlsx/JSON beside it."""
    if not file_name or not _reports().is_dir():
        return None
    pdfs = sorted(_reports().glob(f"{file_name}-*.pdf"), key=lambda p: p.stat().st_mtime)
    if not pdfs:
        return None
    pdf = pdfs[-1]
    made = dt.datetime.fromtimestamp(pdf.stat().st_mtime)  # written as web_made_on says
    siblings = [p for p in (pdf, pdf.with_suffix(".xlsx"), pdf.with_suffix(".json")) if p.exists()]
    return {"made": made, "files": [p.name for p in siblings]}


@pages.get("/berichte/<name>")
def report_file(name: str):
    path = _reports() / files.safe_name(name)
    if path.name != name or path.suffix not in (".pdf", ".xlsx", ".json") or not path.is_file():
        abort(404)
    return send_file(path, as_attachment=True, download_name=name)


@pages.route("/hochladen", methods=["GET", "POST"])
def upload():
    found = service.years_found(_inputs())
    stored, refused, checked = [], [], None
    year = request.form.get("jahr", "") or (str(found[-1]) if found else "")
    if request.method == "POST":
        uploads = [f for f in request.files.getlist("dateien") if f.filename]
        if not uploads:
            refused.append(Said("web_no_file_chosen"))
        for upload in uploads[: current_app.config.get("FILES_PER_UPLOAD", 20)]:
            data = upload.read(files.MAX_UPLOAD_BYTES + 1)
            try:
                stored.append(
                    files.store(
                        _inputs(),
                        year,
                        upload.filename,
                        data,
                        bool(request.form.get("ersetzen")),
                        g.user,
                    )
                )
            except files.Refused as exc:
                refused.append(str(exc))
        if stored:  # checked at once: what the loader says about the year now
            checked = service.check(_inputs(), int(year))
    names = {s.name for s in stored}
    mine = [p for p in checked.problems if p.file in names] if checked else []
    status = 400 if refused and not stored else 200
    return render_template(
        "upload.html",
        years=list(reversed(found)),
        year=year,
        stored=stored,
        refused=refused,
        checked=checked,
        mine=mine,
        limit=files.MAX_UPLOAD_BYTES // 1_000_000,
    ), status


@pages.get("/pruefen")
def check():
    year = _year_arg()
    checked = service.check(_inputs(), year, allow_missing=False)
    rows = problem_rows(checked.problems, words.language())
    file_filter, kind_filter = request.args.get("datei", ""), request.args.get("art", "")
    shown = [
        r
        for r in rows
        if (not file_filter or r["file"] == file_filter)
        and (not kind_filter or r["kind"] == kind_filter)
    ]
    return render_template(
        "check.html",
        checked=checked,
        rows=shown,
        total=len(rows),
        file_names=sorted({r["file"] for r in rows}),
        kinds=_words("severity", ("error", "warning", "note")),
        file_filter=file_filter,
        kind_filter=kind_filter,
        years=list(reversed(service.years_found(_inputs()))),
        year=year,
    )


@pages.get("/pruefen/pruefprotokoll.xlsx")
def check_protocol():
    checked = service.check(_inputs(), _year_arg(), allow_missing=False)
    return send_file(
        io.BytesIO(protocol_xlsx(checked.problems)),
        as_attachment=True,
        download_name="pruefprotokoll.xlsx",
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@pages.route("/bericht", methods=["GET", "POST"])
def build():
    builds = current_app.extensions["builds"]
    busy = False
    if request.method == "POST":
        variant = request.form.get("variante", PDF_VARIANTS[0])
        language = request.form.get("sprache") or None
        if variant not in PDF_VARIANTS or (language and language not in LANGUAGES):
            abort(400, Said("web_unknown_variant"))
        job = Job(g.user, _year_arg(), _year_arg("vergleich"), language, variant)
        job.allow_missing = bool(request.form.get("ohne_status"))
        if builds.start(job, wait=current_app.config.get("BUILD_WAITS", False)):
            return redirect(url_for("pages.build"), 303)
        busy = True
    job = builds.job
    page = render_template(
        "build.html",
        job=job,
        busy=busy,
        steps=_steps(job),
        years=list(reversed(service.years_found(_inputs()))),
        variants=_words("web_variant", PDF_VARIANTS),
        languages=_words("web_language", ("de", "en")),
    )
    return page, 409 if busy else 200


def _steps(job: Job | None) -> list[tuple[str, str, str]]:
    """(step, its state in words, its CSS class) for the progress list."""
    steps = []
    for i, name in enumerate(service.BUILD_STEPS):
        if job is None or i > job.step:
            state = "todo"
        elif i < job.step or job.ok:
            state = "done"
        elif job.done:
            state = "stop"
        else:
            state = "now"
        steps.append((Said(f"web_step_{name}"), Said(f"web_state_{state}"), state))
    return steps


@pages.get("/bericht/stand")
def build_state():
    """The steps as JSON, for the page's script (it updates the list in place)."""
    job = current_app.extensions["builds"].job
    steps = _steps(job)
    said = [[said_in(s[1], words.language()), s[2]] for s in steps]
    return {"done": job is None or job.done, "steps": said}


@pages.get("/bericht/vorschau")
def preview():
    job = current_app.extensions["builds"].job
    if job is None or not job.ok:
        abort(404)
    response = Response(job.files["html"].read_bytes(), mimetype="text/html")
    # the report's own HTML, shown in a frame: no scripts, nothing fetched but its data: URIs
    response.headers["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"
    )
    return response


@pages.route("/rueckmeldungen", methods=["GET", "POST"])
def responses():
    found = service.years_found(_inputs())
    year = _year_arg() or (found[-1] + 1 if found else dt.date.today().year)
    out = _reports() / f"forms-{year}"
    problems, written, with_errors = (), None, None  # with_errors: the base year, if so
    if request.method == "POST":
        try:
            written = service.write_forms(_inputs(), year, out)
            files.audit(_inputs(), g.user, Said("audit_forms"), f"forms-{year}")
        except InputError as exc:
            problems, with_errors = _refused(exc)
    try:
        answers = service.responses_for(_inputs(), year)
    except InputError as exc:
        answers = None
        problems, with_errors = (problems, with_errors) if problems else _refused(exc)
    forms = sorted(p.name for p in out.glob("*.xlsx")) if out.is_dir() else []
    form_of = {a.lead: service.form_name(a.lead, year) for a in answers.actors} if answers else {}
    return render_template(
        "responses.html",
        year=year,
        years=([year] if year not in found else []) + [*reversed(found)],
        answers=answers,
        forms=forms,
        form_of=form_of,
        written=written,
        problems=problems,
        with_errors=with_errors,
    ), (400 if problems else 200)


def _refused(exc: InputError) -> tuple[tuple, int | None]:
    """Why the page cannot make forms: the problems, and the year whose files have errors (the
    page links to its check; None: another reason, e.g. no earlier year)."""
    return tuple(exc.problems), exc.year if isinstance(exc, YearHasErrors) else None


def _form_path(year: int, name: str):
    path = _reports() / f"forms-{year}" / files.safe_name(name)
    if path.name != name or path.suffix != ".xlsx" or not path.is_file():
        abort(404)
    return path


@pages.get("/rueckmeldungen/<int:year>/<name>")
def form_file(year: int, name: str):
    return send_file(_form_path(year, name), as_attachment=True, download_name=name)


@pages.get("/rueckmeldungen/<int:year>/formulare.zip")
def forms_zip(year: int):
    folder = _reports() / f"forms-{year}"
    paths = sorted(folder.glob("*.xlsx")) if folder.is_dir() else []
    if not paths:
        abort(404)
    return send_file(
        io.BytesIO(service.zip_of(paths)),
        as_attachment=True,
        download_name=f"formulare-{year}.zip",
        mimetype="application/zip",
    )


@pages.get("/rueckmeldungen/<int:year>/erinnerung/<name>.eml")
def reminder(year: int, name: str):
    form = _form_path(year, name)
    try:
        answers = service.responses_for(_inputs(), year)
    except InputError:
        abort(404)
    actor = next((a for a in answers.outstanding if service.form_name(a.lead, year) == name), None)
    if actor is None:
        abort(404, Said("web_nothing_missing"))
    data = service.reminder(_inputs(), current_app.config["TEMPLATES"], actor, year, form)
    return send_file(
        io.BytesIO(data),
        as_attachment=True,
        download_name=name.removesuffix(".xlsx") + ".eml",
        mimetype="message/rfc822",
    )


@pages.route("/anmelden", methods=["GET", "POST"])
def login():
    auth = current_app.config["AUTH"]
    if auth.mode != "users":
        return redirect(url_for("pages.overview"))
    failed = False
    target = request.values.get("weiter", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("pages.overview")  # never away from this server
    if request.method == "POST":
        name = request.form.get("name", "")
        if auth.check_password(name, request.form.get("passwort", "")):
            session.clear()
            session["user"] = name
            files.audit(_inputs(), name, Said("audit_logged_in"), "")
            return redirect(target, 303)
        failed = True
    return render_template("login.html", failed=failed, target=target), (401 if failed else 200)


@pages.post("/abmelden")
def logout():
    session.clear()
    return redirect(url_for("pages.login") if current_app.config["AUTH"].mode == "users" else "/")

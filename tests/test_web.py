"""The browser workbench (`planreview serve`) with Flask's test client: every page, every
refusal. Inputs are tiny workbooks built here in a temporary folder."""

from __future__ import annotations

import email
import email.policy
import io
import zipfile

import openpyxl
import pytest
from conftest import HEADER, write_xlsx

pytest.importorskip("flask")

from planreview.web import files  # noqa: E402
from planreview.web.app import create_app  # noqa: E402
from planreview.web.builds import Job  # noqa: E402
from planreview.web.security import Auth, hash_password  # noqa: E402


def _row(measure_id, status, lead):
    return [measure_id, "Sprache", f"Maßnahme {measure_id}", lead, 2030, status, ""]


def make_inputs(root):
    """2019: 1.1 VHS, 1.2 and 1.3 Jobcenter; 2020: VHS answered, Jobcenter only for 1.2."""
    inputs = root / "inputs"
    write_xlsx(
        inputs / "2019" / "alle.xlsx",
        [
            HEADER,
            _row("1.1", "in Umsetzung", "VHS"),
            _row("1.2", "geplant", "Jobcenter"),
            _row("1.3", "geplant", "Jobcenter"),
        ],
    )
    write_xlsx(inputs / "2020" / "vhs.xlsx", [HEADER, _row("1.1", "umgesetzt", "VHS")])
    write_xlsx(
        inputs / "2020" / "jobcenter.xlsx", [HEADER, _row("1.2", "in Umsetzung", "Jobcenter")]
    )
    return inputs


def broken_workbook(path):
    return write_xlsx(path, [HEADER, _row("1.9", "in umsetzng", "VHS")])


@pytest.fixture
def inputs(tmp_path):
    return make_inputs(tmp_path)


def _client(inputs, auth=None, remote="127.0.0.1"):
    app = create_app(inputs, inputs.parent / "reports", auth)
    app.config["BUILD_WAITS"] = True  # the build thread finishes before the POST answers
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = remote
    return client


@pytest.fixture
def client(inputs):
    return _client(inputs)


def _token(client, page="/hochladen") -> str:
    client.get(page)
    with client.session_transaction() as session:
        return session["csrf"]


def _xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, *named, year="2020", replace=False, token=None):
    data = {"csrf": _token(client) if token is None else token, "jahr": year}
    data["dateien"] = [(io.BytesIO(content), name) for name, content in named]
    if replace:
        data["ersetzen"] = "1"
    return client.post("/hochladen", data=data, content_type="multipart/form-data")


def _audit(inputs) -> list[list[str]]:
    log = inputs / ".planreview" / "aenderungen.log"
    return [line.split("\t")[1:] for line in log.read_text(encoding="utf-8").splitlines()]


# ------------------------------------------------------------------------------ pages


def test_overview_lists_years_files_counts_and_who_has_not_answered(client):
    page = client.get("/").get_data(as_text=True)
    assert "<h1>Übersicht</h1>" in page
    assert "<h3>2020</h3>" in page and "<h3>2019</h3>" in page
    assert '<span class="file">2019/alle.xlsx</span> – 3 Maßnahmen' in page
    assert '<span class="file">2020/vhs.xlsx</span> – 1 Maßnahme' in page
    assert (
        '<th scope="row">Jobcenter</th><td class="num">1</td><td class="num">2</td>'
        "<td>teilweise</td>"
    ) in page
    assert ">VHS<" not in page  # VHS answered everything
    assert "Noch kein Bericht erstellt." in page
    for url, word in (
        ("hochladen", "Hochladen"),
        ("pruefen", "Prüfen"),
        ("bericht", "Bericht erstellen"),
    ):
        assert f'<a class="button" href="/{url}">{word}</a>' in page


def test_every_page_has_one_h1_labels_and_the_navigation(client):
    for url, title in (
        ("/", "Übersicht"),
        ("/hochladen", "Hochladen"),
        ("/pruefen", "Prüfen"),
        ("/bericht", "Bericht erstellen"),
        ("/rueckmeldungen", "Rückmeldungen 2021"),
    ):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert page.count("<h1>") == 1 and f"<h1>{title}</h1>" in page, url
        assert '<html lang="de">' in page and 'href="#inhalt"' in page
        assert 'aria-current="page"' in page, url
        for control in ("<select id=", "<input id="):
            for part in page.split(control)[1:]:
                ident = part.split('"')[1]
                assert f'<label for="{ident}">' in page, (url, ident)


def test_the_pages_words_come_from_the_catalog_and_exist_in_english(inputs):
    """German by default (above); with LANGUAGE "en" the pages are English: their own words
    and the catalog texts handed to them (kinds, steps, error pages). A problem's message is
    said in English where its module says it from the catalog (read/validate does not yet)."""
    client = _client(inputs)
    client.application.config["LANGUAGE"] = "en"
    broken_workbook(inputs / "2020" / "kaputt.xlsx")
    pages = {url: client.get(url) for url in ("/", "/hochladen", "/pruefen", "/bericht")}
    assert all(r.status_code == 200 for r in pages.values())
    page = {url: r.get_data(as_text=True) for url, r in pages.items()}
    assert all('<html lang="en">' in p and "Skip to the content" in p for p in page.values())
    check = page["/pruefen"]
    assert "<h1>Check</h1>" in check and '<label for="jahr">Reporting year</label>' in check
    assert "Result: 1 error, 0 warnings – no report can be made like this." in check
    assert '<option value="">all files</option>' in check
    assert "<caption>1 of 1 messages</caption>" in check
    assert '<th scope="col">File</th><th scope="col">Sheet</th>' in check
    assert '<option value="error">Error</option><option value="warning">Warning</option>' in check
    assert '<span class="kind error">Error</span>' in check
    assert client.get("/bericht/stand").json["steps"][0] == ["to do", "todo"]
    missing = client.get("/gibtsnicht").get_data(as_text=True)
    assert "<h1>Not found</h1>" in missing and "This page or file does not exist." in missing
    assert "1 error and 0 warnings: no report can be made like this." in page["/"]
    assert "2020/vhs.xlsx</span> – 1 measure</li>" in page["/"]
    assert "Tables (several at once)" in page["/hochladen"]
    assert "<h2>Settings</h2>" in page["/bericht"]
    responses = client.get("/rueckmeldungen").get_data(as_text=True)
    assert "<h1>Responses 2021</h1>" in responses and "Make the forms 2021</button>" in responses


def test_overview_says_when_the_last_report_was_made(client, inputs):
    import datetime as dt
    import os

    reports = inputs.parent / "reports"
    reports.mkdir()
    pdf = reports / "bericht-2020.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    made = dt.datetime(2021, 3, 11, 9, 5).timestamp()
    os.utime(pdf, (made, made))
    page = client.get("/").get_data(as_text=True)
    assert "<p>Erstellt am 11.03.2021, 09:05 Uhr:</p>" in page
    assert 'download><span class="file">bericht-2020.pdf</span></a>' in page
    client.application.config["LANGUAGE"] = "en"
    assert "<p>Made on 2021-03-11 at 09:05:</p>" in client.get("/").get_data(as_text=True)


def test_check_page_table_names_file_row_and_column_and_filters(client, inputs):
    broken_workbook(inputs / "2020" / "kaputt.xlsx")
    extra_column = [[*HEADER, "Ansprechperson"], [*_row("1.8", "umgesetzt", "VHS"), "Frau A."]]
    write_xlsx(inputs / "2020" / "anmerkung.xlsx", extra_column)  # found first, only a note
    page = client.get("/pruefen").get_data(as_text=True)
    assert "Ergebnis: 1 Fehler" in page
    row = (
        '<tr class="error"><td data-label="Datei"><span class="file">2020/kaputt.xlsx</span></td>'
        '<td data-label="Blatt">Maßnahmen</td><td data-label="Zeile" class="num">2</td>'
        '<td data-label="Spalte">Status</td><td data-label="Meldung">„in umsetzng“ ist kein '
        "bekannter Status. Meinten Sie „in Umsetzung“?"
    )
    assert row in page
    note = "Nicht ausgewertete Spalten: „Ansprechperson“."
    assert page.index("in umsetzng") < page.index(note)  # errors first, then the rest
    only_notes = client.get("/pruefen?art=note").get_data(as_text=True)
    assert "kaputt.xlsx</td><td>Maßnahmen" not in only_notes
    other_file = client.get("/pruefen?datei=2020/vhs.xlsx").get_data(as_text=True)
    assert "in umsetzng" not in other_file
    assert "Keine Meldung passt zu dieser Auswahl" in other_file


def test_check_protocol_is_a_workbook_with_the_problems(client, inputs):
    broken_workbook(inputs / "2020" / "kaputt.xlsx")
    response = client.get("/pruefen/pruefprotokoll.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Datei", "Blatt", "Zeile", "Spalte", "Meldung", "Art", "Wert")
    errors = [r for r in rows if r[5] == "Fehler"]
    assert [r[:4] for r in errors] == [("2020/kaputt.xlsx", "Maßnahmen", 2, "Status")]
    assert errors[0][6] == "in umsetzng"


# ------------------------------------------------------------------------------ upload


def test_upload_several_files_then_checked_at_once_and_audited(client, inputs):
    good = _xlsx_bytes([HEADER, _row("1.3", "umgesetzt", "Jobcenter")])
    bad = _xlsx_bytes([HEADER, _row("1.4", "in umsetzng", "VHS")])
    response = _upload(client, ("neu.xlsx", good), ("falsch.xlsx", bad))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert (inputs / "2020" / "neu.xlsx").read_bytes() == good
    assert (inputs / "2020" / "falsch.xlsx").read_bytes() == bad
    assert '<td data-label="Datei"><span class="file">2020/falsch.xlsx</span></td>' in page
    assert "„in umsetzng“ ist kein bekannter Status. Meinten Sie „in Umsetzung“?" in page
    assert '<span class="kind error">Fehler</span>' in page
    assert [a[:3] for a in _audit(inputs)] == [
        ["lokal", "hochgeladen", "2020/neu.xlsx"],
        ["lokal", "hochgeladen", "2020/falsch.xlsx"],
    ]


def test_upload_never_overwrites_silently_and_backs_up_on_request(client, inputs):
    old = (inputs / "2020" / "vhs.xlsx").read_bytes()
    new = _xlsx_bytes([HEADER, _row("1.1", "verstetigt", "VHS")])
    refused = _upload(client, ("vhs.xlsx", new))
    assert refused.status_code == 400
    assert "„2020/vhs.xlsx“ gibt es schon" in refused.get_data(as_text=True)
    assert (inputs / "2020" / "vhs.xlsx").read_bytes() == old
    replaced = _upload(client, ("vhs.xlsx", new), replace=True)
    assert replaced.status_code == 200
    assert (inputs / "2020" / "vhs.xlsx").read_bytes() == new
    backups = list((inputs / ".planreview" / "sicherung" / "2020").iterdir())
    assert len(backups) == 1 and backups[0].name.endswith("_vhs.xlsx")
    assert backups[0].read_bytes() == old
    assert "die bisherige Datei ist gesichert" in replaced.get_data(as_text=True)
    action = _audit(inputs)[-1]
    assert action[:3] == ["lokal", "ersetzt", "2020/vhs.xlsx"]
    assert action[3].startswith(".planreview/sicherung/2020/")
    # the backup is not read as a second 2020 file
    assert "2020/vhs.xlsx</span> – 1 Maßnahme" in client.get("/").get_data(as_text=True)
    assert "sicherung" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("virus.exe", b"MZ\x90\x00", "ist keine Tabelle. Angenommen werden: .xlsx"),
        ("tarnung.xlsx", b"<html>", "heißt .xlsx, ist aber keine solche Datei"),
        ("alt.xls", b"PK\x03\x04zip", "heißt .xls, ist aber keine alte Excel-Datei"),
    ],
)
def test_upload_refuses_what_is_not_a_spreadsheet(client, inputs, name, content, says):
    response = _upload(client, (name, content))
    assert response.status_code == 400
    assert says in response.get_data(as_text=True)
    assert not (inputs / "2020" / name).exists()


def test_upload_refuses_a_file_over_the_size_limit(client, inputs, monkeypatch):
    monkeypatch.setattr(files, "MAX_UPLOAD_BYTES", 1000)
    big = _xlsx_bytes([HEADER, _row("1.9", "umgesetzt", "VHS")])
    assert len(big) > 1000
    response = _upload(client, ("gross.xlsx", big))
    assert response.status_code == 400
    assert "„gross.xlsx“ ist 0.0 MB groß; höchstens 0 MB je Datei." in response.get_data(
        as_text=True
    )
    assert not (inputs / "2020" / "gross.xlsx").exists()


def test_a_request_over_the_total_limit_gets_a_german_413(client, inputs):
    client.application.config["MAX_CONTENT_LENGTH"] = 5000
    response = _upload(client, ("viel.xlsx", b"PK\x03\x04" + b"0" * 6000))
    assert response.status_code == 413
    assert "Die Dateien sind zusammen zu groß" in response.get_data(as_text=True)
    assert not (inputs / "2020" / "viel.xlsx").exists()


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("../../boese.xlsx", "boese.xlsx"),
        ("..\\..\\boese.xlsx", "boese.xlsx"),
        ("/etc/cron.d/boese.xlsx", "boese.xlsx"),
        (".versteckt.xlsx", "versteckt.xlsx"),
        ("Rückmeldung <VHS>;|.xlsx", "Rückmeldung _VHS_.xlsx"),
    ],
)
def test_upload_names_are_sanitised_and_stay_inside_the_year_folder(client, inputs, name, stored):
    content = _xlsx_bytes([HEADER, _row("1.3", "umgesetzt", "Jobcenter")])
    response = _upload(client, (name, content))
    assert response.status_code == 200
    assert (inputs / "2020" / stored).read_bytes() == content
    assert not (inputs.parent / "boese.xlsx").exists()
    assert not (inputs / "boese.xlsx").exists()


@pytest.mark.parametrize("year", ["../2020", "20", "2020/../..", "2020x"])
def test_upload_refuses_a_year_that_is_not_a_year(client, inputs, year):
    content = _xlsx_bytes([HEADER, _row("1.3", "umgesetzt", "Jobcenter")])
    response = _upload(client, ("x.xlsx", content), year=year)
    assert response.status_code == 400
    assert "ist kein Jahr (vierstellig, z. B. 2021)" in response.get_data(as_text=True)
    assert sorted(p.name for p in inputs.parent.rglob("x.xlsx")) == []


# ------------------------------------------------------------------------------ CSRF, cookie


@pytest.mark.parametrize(
    "url", ["/hochladen", "/bericht", "/rueckmeldungen", "/abmelden", "/anmelden"]
)
@pytest.mark.parametrize("token", [None, "falsch"])
def test_every_form_is_refused_without_the_csrf_token(client, inputs, url, token):
    _token(client)
    data = {"jahr": "2020"} | ({"csrf": token} if token else {})
    response = client.post(url, data=data)
    assert response.status_code == 403
    assert "Sicherheitsmerkmal" in response.get_data(as_text=True)
    assert not (inputs.parent / "reports").exists()


def test_the_session_cookie_is_httponly_and_samesite(client):
    response = client.get("/")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]


# ------------------------------------------------------------------------------ build


def test_build_writes_pdf_xlsx_json_and_shows_downloads_and_preview(client, inputs):
    response = client.post("/bericht", data={"csrf": _token(client), "variante": "pdf/ua-1"})
    assert response.status_code == 303
    page = client.get("/bericht").get_data(as_text=True)
    reports = inputs.parent / "reports"
    assert sorted(p.name for p in reports.iterdir()) == [
        "bericht-2020.html",
        "bericht-2020.json",
        "bericht-2020.pdf",
        "bericht-2020.xlsx",
    ]
    assert page.count("– fertig</span>") == 5
    assert 'href="/berichte/bericht-2020.pdf"' in page
    pdf = client.get("/berichte/bericht-2020.pdf")
    assert pdf.data.startswith(b"%PDF-")
    assert 'iframe class="preview" src="/bericht/vorschau"' in page
    preview = client.get("/bericht/vorschau")
    assert preview.headers["Content-Security-Policy"].startswith("sandbox;")
    assert "Maßnahme 1.1" in preview.get_data(as_text=True)
    assert _audit(inputs)[-1][:3] == ["lokal", "Bericht erstellt", "bericht-2020.pdf"]
    overview = client.get("/").get_data(as_text=True)
    assert 'href="/berichte/bericht-2020.pdf" download' in overview


def test_build_with_errors_names_them_and_writes_nothing(client, inputs):
    broken_workbook(inputs / "2020" / "kaputt.xlsx")
    client.post("/bericht", data={"csrf": _token(client), "variante": "pdf/ua-1"})
    page = client.get("/bericht").get_data(as_text=True)
    assert "Nicht erstellt" in page and "– abgebrochen</span>" in page
    assert '<td data-label="Datei"><span class="file">2020/kaputt.xlsx</span></td>' in page
    assert not list((inputs.parent / "reports").glob("*.pdf"))


def test_a_second_build_while_one_runs_is_told_to_wait(client, inputs):
    builds = client.application.extensions["builds"]
    builds.job = Job("anna", None, None, None, "pdf/ua-1", step=3)  # running
    response = client.post("/bericht", data={"csrf": _token(client), "variante": "pdf/ua-1"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Es wird gerade ein Bericht erstellt (gestartet von anna)" in page
    assert 'HTML erstellen <span class="state">– läuft</span>' in page
    assert not (inputs.parent / "reports").exists()


def test_a_build_of_another_server_on_the_same_folder_blocks_this_one(client, inputs):
    with files.build_lock(inputs) as mine:
        assert mine
        client.post("/bericht", data={"csrf": _token(client), "variante": "pdf/ua-1"})
    page = client.get("/bericht").get_data(as_text=True)
    assert "wird gerade ein anderer Bericht erstellt" in page
    assert not (inputs.parent / "reports").exists()


def test_build_refuses_an_unknown_variant(client):
    response = client.post("/bericht", data={"csrf": _token(client), "variante": "pdf/x"})
    assert response.status_code == 400


def test_report_downloads_only_report_files(client, inputs):
    assert client.get("/berichte/..%2Finputs%2F2020%2Fvhs.xlsx").status_code == 404
    assert client.get("/berichte/bericht-2020.html").status_code == 404


# ------------------------------------------------------------------------------ responses


def test_forms_zip_and_reminder_drafts(client, inputs):
    page = client.get("/rueckmeldungen?jahr=2021").get_data(as_text=True)
    assert "Für 2021 sind noch keine Formulare erstellt." in page
    response = client.post("/rueckmeldungen", data={"csrf": _token(client), "jahr": "2021"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 Formulare für 2021 erstellt, vorausgefüllt aus 2020." in page  # from 1.1 and 1.2
    names = ["Rueckmeldung_2021_Jobcenter.xlsx", "Rueckmeldung_2021_VHS.xlsx"]
    archive = zipfile.ZipFile(io.BytesIO(client.get("/rueckmeldungen/2021/formulare.zip").data))
    assert sorted(archive.namelist()) == names
    single = client.get(f"/rueckmeldungen/2021/{names[1]}")
    assert single.data == archive.read(names[1])
    # nobody has answered for 2021 yet: a draft per actor
    link = f"/rueckmeldungen/2021/erinnerung/{names[0]}.eml"
    assert f'href="{link}"' in page
    draft = client.get(link)
    assert draft.headers["Content-Type"] == "message/rfc822"
    message = email.message_from_bytes(draft.data, policy=email.policy.default)
    assert message["Subject"] == "Erinnerung: Rückmeldung zum Umsetzungsstand 2021 (Jobcenter)"
    assert message["X-Unsent"] == "1"
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "(1 von 1 Maßnahmen ohne Status)" in body
    assert "\n  1.2 Maßnahme 1.2\n" in body
    assert "Bei Fragen" not in body  # no contact configured: the line is left out
    assert "senden Sie uns die Datei zurück.\n" in body  # and no deadline
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == names[0]
    assert attachment.get_content() == archive.read(names[0])
    assert _audit(inputs)[-1][:3] == ["lokal", "Formulare erstellt", "forms-2021"]


def test_who_answered_for_a_year_with_returns(client, inputs):
    client.post("/rueckmeldungen", data={"csrf": _token(client), "jahr": "2020"})
    page = client.get("/rueckmeldungen?jahr=2020").get_data(as_text=True)
    vhs = page.split('<th scope="row">VHS</th>')[1].split("</tr>")[0]
    jobcenter = page.split('<th scope="row">Jobcenter</th>')[1].split("</tr>")[0]
    assert "ja, vollständig" in vhs and "nicht nötig" in vhs
    assert "teilweise" in jobcenter and "1 von 2" in jobcenter and ".eml" in jobcenter
    answered = "/rueckmeldungen/2020/erinnerung/Rueckmeldung_2020_VHS.xlsx.eml"
    assert client.get(answered).status_code == 404


def test_forms_refused_when_the_base_year_has_errors(client, inputs):
    broken_workbook(inputs / "2020" / "kaputt.xlsx")
    response = client.post("/rueckmeldungen", data={"csrf": _token(client), "jahr": "2021"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "„in umsetzng“ ist kein bekannter Status." in page
    assert not list((inputs.parent / "reports").glob("forms-2021/*"))
    # what to do in the workbench, not on a command line
    assert "review.py" not in page and "check --year" not in page
    assert (
        '<p class="message error-box">Die Daten von 2020 haben Fehler (oben aufgeführt), und aus '
        "ihnen werden die Formulare gefüllt. Bitte die Tabellen korrigieren und auf der Seite "
        "„Hochladen“ ersetzen. "
        '<a href="/pruefen?jahr=2020">Alle Meldungen zu 2020 auf der Seite „Prüfen“</a></p>'
    ) in page
    # the section on who has answered says why it is empty
    answered = page.split("<h2>Wer hat geantwortet?</h2>")[1].split("</main>")[0].split()
    assert " ".join(answered) == (
        "<p>Das zeigt diese Seite, sobald die Daten von 2020 keine Fehler mehr haben.</p>"
    )


def test_the_responses_page_with_errors_in_english(client, inputs):
    broken_workbook(inputs / "2020" / "kaputt.xlsx")
    client.application.config["LANGUAGE"] = "en"
    response = client.get("/rueckmeldungen")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "review.py" not in page
    assert (
        "The data of 2020 have errors (listed above), and the forms are filled from them. Please "
        "correct the spreadsheets and replace them on the page “Upload”. "
        '<a href="/pruefen?jahr=2020">All messages for 2020 on the page “Check”</a></p>'
    ) in page
    answered = page.split("<h2>Who has answered?</h2>")[1].split("</main>")[0].split()
    assert " ".join(answered) == "<p>This page shows it once the data of 2020 have no errors.</p>"
    # the link leads to a check page that lists the error
    check = client.get("/pruefen?jahr=2020").get_data(as_text=True)
    assert "2020/kaputt.xlsx" in check and '<span class="kind error">Error</span>' in check


def test_the_responses_page_without_an_earlier_year_says_why_nobody_is_listed(tmp_path):
    inputs = tmp_path / "inputs"
    write_xlsx(inputs / "2020" / "vhs.xlsx", [HEADER, _row("1.1", "umgesetzt", "VHS")])
    page = _client(inputs).get("/rueckmeldungen?jahr=2020").get_data(as_text=True)
    assert "Für die Formulare 2020 braucht es Daten eines Jahres davor" in page
    assert "Alle Meldungen zu" not in page
    answered = page.split("<h2>Wer hat geantwortet?</h2>")[1].split("</main>")[0].split()
    assert " ".join(answered) == "<p>Das lässt sich noch nicht zeigen: siehe die Meldung oben.</p>"


# ------------------------------------------------------------------------------ who may come in


def test_local_mode_refuses_other_clients_and_other_host_names(inputs):
    assert _client(inputs, remote="10.1.2.3").get("/").status_code == 403
    client = _client(inputs)
    rebinding = client.get("/", headers={"Host": "boese.example:8000"})
    assert rebinding.status_code == 403
    assert "nur Anfragen von diesem Rechner" in rebinding.get_data(as_text=True)
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200


def test_users_mode_asks_for_login_and_checks_the_argon2_hash(inputs):
    auth = Auth("users", {"anna": hash_password("richtig-langes-passwort")})
    client = _client(inputs, auth, remote="10.1.2.3")
    first = client.get("/pruefen")
    assert first.status_code == 302 and "/anmelden?weiter=/pruefen" in first.headers["Location"]
    assert client.post("/hochladen", data={}).status_code == 401
    token = _token(client, "/anmelden")
    wrong = client.post("/anmelden", data={"csrf": token, "name": "anna", "passwort": "falsch"})
    assert wrong.status_code == 401
    assert "Name oder Passwort stimmen nicht." in wrong.get_data(as_text=True)
    assert client.get("/").status_code == 302
    right = client.post(
        "/anmelden",
        data={
            "csrf": token,
            "name": "anna",
            "passwort": "richtig-langes-passwort",
            "weiter": "/pruefen",
        },
    )
    assert right.status_code == 303 and right.headers["Location"] == "/pruefen"
    page = client.get("/").get_data(as_text=True)
    assert "Angemeldet: anna" in page
    _upload(client, ("neu.xlsx", _xlsx_bytes([HEADER, _row("1.3", "umgesetzt", "Jobcenter")])))
    assert _audit(inputs)[-1][:3] == ["anna", "hochgeladen", "2020/neu.xlsx"]


def test_login_never_redirects_away(inputs):
    auth = Auth("users", {"anna": hash_password("richtig-langes-passwort")})
    client = _client(inputs, auth)
    token = _token(client, "/anmelden")
    data = {"csrf": token, "name": "anna", "passwort": "richtig-langes-passwort"}
    response = client.post("/anmelden", data=data | {"weiter": "//boese.example/"})
    assert response.headers["Location"] == "/"


def test_proxy_mode_takes_the_user_from_the_trusted_header_only(inputs):
    client = _client(inputs, Auth("proxy", header="X-Remote-User"), remote="10.1.2.3")
    refused = client.get("/")
    assert refused.status_code == 401
    assert "Die Anmeldung der Stadt (X-Remote-User) fehlt" in refused.get_data(as_text=True)
    client.environ_base["HTTP_X_REMOTE_USER"] = "b.schmidt"
    assert "Angemeldet: b.schmidt" in client.get("/").get_data(as_text=True)
    _upload(client, ("neu.xlsx", _xlsx_bytes([HEADER, _row("1.3", "umgesetzt", "Jobcenter")])))
    assert _audit(inputs)[-1][:3] == ["b.schmidt", "hochgeladen", "2020/neu.xlsx"]


def test_reminder_text_takes_the_subject_line_and_the_configured_deadline(tmp_path):
    from planreview.collect.reminders import one_line, reminder_text, template_text
    from planreview.resources import default_templates

    template = template_text(tmp_path)  # no erinnerung.txt there: the shipped one
    assert template == (default_templates() / "erinnerung.txt").read_text(encoding="utf-8")
    values = {
        "lead": "VHS",
        "year": "2021",
        "deadline_text": " bis zum 15.01.2022",
        "contact": "Integrationsbüro, Tel. 05331 86-0",
    }
    subject, body = reminder_text(template, values)
    assert subject == "Erinnerung: Rückmeldung zum Umsetzungsstand 2021 (VHS)"
    assert "senden Sie uns die Datei bis zum 15.01.2022 zurück." in body
    assert "Bei Fragen: Integrationsbüro, Tel. 05331 86-0\n" in body
    own = "Betreff: Bitte antworten, $lead\nHallo $lead!\n"
    assert reminder_text(own, {"lead": one_line("A\r\nBcc: x@example.org")})[0] == (
        "Bitte antworten, A Bcc: x@example.org"
    )


def test_serve_refuses_another_host_without_authentication(inputs, tmp_path):
    from conftest import run_cli

    code, out, err = run_cli("serve", "--inputs", str(inputs), "--host", "0.0.0.0")
    assert code == 2
    assert "Auf 0.0.0.0 ist der Server aus dem Netz erreichbar; ohne Anmeldung" in err
    users = tmp_path / "benutzer.txt"
    users.write_text("anna:geheim\n", encoding="utf-8")
    code, out, err = run_cli(
        "serve", "--inputs", str(inputs), "--host", "0.0.0.0", "--users", str(users)
    )
    assert code == 2
    assert "benutzer.txt, Zeile 1: erwartet wird „Name:$argon2id$…“" in err


def test_serve_starts_on_localhost_and_with_a_users_file_elsewhere(inputs, tmp_path):
    import argparse

    from planreview.web import serve
    from planreview.web.security import add_user, read_users

    users = tmp_path / "benutzer.txt"
    add_user(users, "anna", "richtig-langes-passwort")
    add_user(users, "bert", "noch-ein-langes-passwort")
    add_user(users, "anna", "das-neue-passwort-anna")
    assert sorted(read_users(users)) == ["anna", "bert"]
    assert Auth("users", read_users(users)).check_password("anna", "das-neue-passwort-anna")
    assert not Auth("users", read_users(users)).check_password("anna", "richtig-langes-passwort")
    started = []
    for host, file in (("127.0.0.1", None), ("0.0.0.0", users)):
        args = argparse.Namespace(
            inputs=inputs,
            reports=tmp_path / "r",
            host=host,
            port=8123,
            templates=None,
            users=file,
            add_user=None,
            trust_user_header=None,
            lang="de",
        )
        out, err = io.StringIO(), io.StringIO()
        code = serve.run(args, out, err, lambda app, **where: started.append((app, where)))
        assert code == 0, err.getvalue()
        assert out.getvalue() == f"Die Werkbank läuft: http://{host}:8123/ (beenden mit Strg+C)\n"
    assert [w for _, w in started] == [
        {"host": "127.0.0.1", "port": 8123, "threads": 4},
        {"host": "0.0.0.0", "port": 8123, "threads": 4},
    ]
    assert started[1][0].config["AUTH"].mode == "users"


def test_serve_lang_en_gives_english_pages(inputs, tmp_path):
    from planreview.cli import parser
    from planreview.web import serve

    args = parser().parse_args(["serve", "--inputs", str(inputs), "--lang", "en"])
    started = []
    code = serve.run(args, io.StringIO(), io.StringIO(), lambda app, **w: started.append(app))
    assert code == 0
    [app] = started
    assert app.config["LANGUAGE"] == "en"
    page = app.test_client().get("/pruefen").get_data(as_text=True)
    assert '<html lang="en">' in page
    default = parser().parse_args(["serve", "--inputs", str(inputs)])
    assert default.lang == "de"


def test_build_with_missing_statuses_only_when_asked(client, inputs):
    write_xlsx(inputs / "2020" / "jobcenter.xlsx", [HEADER, _row("1.2", "", "Jobcenter")])
    token = _token(client)
    client.post("/bericht", data={"csrf": token, "variante": "pdf/ua-1"})
    page = client.get("/bericht").get_data(as_text=True)
    assert "Maßnahme 1.2 hat keinen Status (keine Rückmeldung)." in page
    assert not (inputs.parent / "reports").exists()
    client.post("/bericht", data={"csrf": token, "variante": "pdf/ua-1", "ohne_status": "1"})
    assert (inputs.parent / "reports" / "bericht-2020.pdf").read_bytes().startswith(b"%PDF-")


def test_build_state_as_json_for_the_progress_script(client):
    builds = client.application.extensions["builds"]
    assert client.get("/bericht/stand").get_json()["done"] is True
    builds.job = Job("lokal", None, None, None, "pdf/ua-1", step=1)
    state = client.get("/bericht/stand").get_json()
    assert state == {
        "done": False,
        "steps": [
            ["fertig", "done"],
            ["läuft", "now"],
            ["offen", "todo"],
            ["offen", "todo"],
            ["offen", "todo"],
        ],
    }
    page = client.get("/bericht").get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page


def test_the_city_edits_the_reminder_text_in_its_templates_copy(inputs, tmp_path):
    templates = tmp_path / "vorlagen"
    templates.mkdir()
    (templates / "erinnerung.txt").write_text(
        "Betreff: Bitte melden: $lead\nLiebe Kolleginnen und Kollegen,\n$measure_list\n",
        encoding="utf-8",
    )
    app = create_app(inputs, inputs.parent / "reports", templates=templates)
    client = app.test_client()
    client.post("/rueckmeldungen", data={"csrf": _token(client), "jahr": "2021"})
    draft = client.get("/rueckmeldungen/2021/erinnerung/Rueckmeldung_2021_Jobcenter.xlsx.eml")
    message = email.message_from_bytes(draft.data, policy=email.policy.default)
    assert message["Subject"] == "Bitte melden: Jobcenter"
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body == "Liebe Kolleginnen und Kollegen,\n  1.2 Maßnahme 1.2\n"

"""End to end in a real browser: Playwright (PyPI) drives Debian's chromium against
`planreview serve` (waitress on a loopback port) over a copy of the demo inputs.

Upload a broken workbook -> "Prüfen" shows file and cell -> upload the fixed one (the old one
kept as backup) -> "Bericht erstellen" -> the PDF downloads and holds every measure ID;
the forms' zip downloads; a reminder .eml parses and carries its form.
"""

from __future__ import annotations

import email
import email.policy
import io
import json
import re
import shutil
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest

pytest.importorskip("flask")
sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is missing (scripts/install-browser.sh installs it)",
        allow_module_level=True,
    )

from planreview.web.app import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VHS = "Rueckmeldung_VHS.xlsx"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def serve(app):
    """waitress on a free loopback port -> (base URL, stop)."""
    from waitress import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.effective_port}", server.close


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def workbench(tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", inputs, ignore=shutil.ignore_patterns(".planreview"))
    original = inputs / "2020" / VHS
    fixed = tmp_path / "korrigiert" / VHS
    fixed.parent.mkdir()
    shutil.move(original, fixed)  # the VHS return arrives through the browser
    broken = tmp_path / "kaputt" / VHS
    broken.parent.mkdir()
    workbook = openpyxl.load_workbook(fixed)
    sheet = workbook["Rückmeldung"]
    status = [c.value for c in sheet[2]].index("Status") + 1
    assert sheet.cell(3, 1).value == "1.2"
    sheet.cell(3, status).value = "in umsetzng"
    workbook.save(broken)
    url, stop = serve(create_app(inputs, tmp_path / "reports"))
    yield url, inputs, broken, fixed
    stop()


def test_upload_check_replace_build_forms_and_reminder(browser, workbench, tmp_path):
    url, inputs, broken, fixed = workbench
    page = browser.new_page(accept_downloads=True)
    page.goto(url + "/")
    page.get_by_role("link", name="Hochladen").first.click()
    page.get_by_label("Jahr der Rückmeldungen").fill("2020")
    page.get_by_label("Tabellen (mehrere möglich)").set_input_files(str(broken))
    page.get_by_role("button", name="Hochladen").click()
    assert "Übernommen:" in page.content()

    page.get_by_role("link", name="Prüfen: alle Meldungen für 2020").click()
    row = page.locator("tr", has_text="in umsetzng")
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    assert cells[:4] == ["2020/Rueckmeldung_VHS.xlsx", "Rückmeldung", "3", "Status"]
    assert cells[5] == "Fehler"

    # the responses page says what to do in the workbench and links the check of 2020
    page.get_by_role("link", name="Rückmeldungen").first.click()
    assert "review.py" not in page.content()
    assert page.get_by_text("Das zeigt diese Seite, sobald die Daten von 2020").is_visible()
    page.get_by_role("link", name="Alle Meldungen zu 2020 auf der Seite „Prüfen“").click()
    page.wait_for_url(url + "/pruefen?jahr=2020")
    assert page.locator("tr", has_text="in umsetzng").count() == 1

    page.get_by_role("link", name="Hochladen").first.click()
    page.get_by_label("Tabellen (mehrere möglich)").set_input_files(str(fixed))
    page.get_by_role("button", name="Hochladen").click()
    assert "gibt es schon" in page.content()  # not overwritten without asking
    page.get_by_label("Tabellen (mehrere möglich)").set_input_files(str(fixed))
    page.get_by_label("Vorhandene Dateien ersetzen (die alte wird gesichert)").check()
    page.get_by_role("button", name="Hochladen").click()
    assert "die bisherige Datei ist gesichert" in page.content()
    assert (inputs / "2020" / VHS).read_bytes() == fixed.read_bytes()
    (backup,) = (inputs / ".planreview" / "sicherung" / "2020").iterdir()
    assert backup.read_bytes() == broken.read_bytes()

    page.get_by_role("link", name="Bericht erstellen").first.click()
    page.get_by_role("button", name="Bericht erstellen").click()
    page.get_by_role("heading", name="Fertig").wait_for(timeout=180_000)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("PDF herunterladen")).click()
    pdf = tmp_path / "bericht.pdf"
    download.value.save_as(pdf)
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    golden = json.loads((ROOT / "tests" / "golden" / "demo-2020.json").read_text("utf-8"))
    ids = [m["id"] for m in golden["measures"]]
    assert len(ids) == 49
    missing = [i for i in ids if not re.search(rf"(?<![\d.]){re.escape(i)}(?![\d])", text)]
    assert missing == []

    page.get_by_role("link", name="Rückmeldungen").first.click()
    page.get_by_role("button", name="Formulare 2021 erstellen").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Alle Formulare als ZIP").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    names = archive.namelist()
    assert len(names) == 14 and all(n.startswith("Rueckmeldung_2021_") for n in names)
    assert "Rueckmeldung_2021_VHS_Wolfenbuettel.xlsx" in names
    row = page.locator("tr", has_text="VHS Wolfenbüttel")
    with page.expect_download() as download:
        row.get_by_role("link", name="E-Mail-Entwurf (.eml)").click()
    assert download.value.suggested_filename == "Rueckmeldung_2021_VHS_Wolfenbuettel.eml"
    message = email.message_from_bytes(
        Path(download.value.path()).read_bytes(), policy=email.policy.default
    )
    assert message["Subject"] == (
        "Erinnerung: Rückmeldung zum Umsetzungsstand 2021 (VHS Wolfenbüttel)"
    )
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "Rueckmeldung_2021_VHS_Wolfenbuettel.xlsx"
    assert attachment.get_content() == archive.read("Rueckmeldung_2021_VHS_Wolfenbuettel.xlsx")
    log = (inputs / ".planreview" / "aenderungen.log").read_text("utf-8").splitlines()
    assert [line.split("\t")[2:4] for line in log] == [
        ["hochgeladen", "2020/Rueckmeldung_VHS.xlsx"],
        ["ersetzt", "2020/Rueckmeldung_VHS.xlsx"],
        ["Bericht erstellt", "integrationsbericht-2020.pdf"],
        ["Formulare erstellt", "forms-2021"],
    ]


def test_keyboard_reaches_the_content_and_every_page_by_its_link(browser, workbench):
    url = workbench[0]
    page = browser.new_page()
    page.goto(url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"
    page.goto(url + "/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # planreview
    seen = []
    for _ in range(5):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.textContent"))
    assert seen == ["Übersicht", "Hochladen", "Prüfen", "Bericht erstellen", "Rückmeldungen"]
    page.keyboard.press("Enter")
    page.wait_for_url(url + "/rueckmeldungen")
    assert page.get_by_role("heading", level=1).inner_text() == "Rückmeldungen 2021"


def test_files_dropped_on_the_upload_field_go_into_the_picker(browser, workbench):
    url, inputs, broken, fixed = workbench
    page = browser.new_page()
    page.goto(url + "/hochladen")
    assert page.get_by_text("Dateien können auch hierher gezogen werden.").is_visible()
    dropped = page.evaluate_handle(
        """() => { const data = new DataTransfer();
                   data.items.add(new File(["a"], "eins.xlsx"));
                   data.items.add(new File(["b"], "zwei.ods"));
                   return data; }"""
    )
    page.dispatch_event("#drop", "drop", {"dataTransfer": dropped})
    names = page.evaluate("[...document.getElementById('dateien').files].map(f => f.name)")
    assert names == ["eins.xlsx", "zwei.ods"]
    page.get_by_role("button", name="Hochladen").click()
    text = page.content()
    assert "„eins.xlsx“ heißt .xlsx, ist aber keine solche Datei" in text
    assert "„zwei.ods“ heißt .ods, ist aber keine solche Datei" in text
    assert not (inputs / "2020" / "eins.xlsx").exists()

"""Screenshots of every page of the web workbench at 1280x800 and 400 px wide, in Debian's
chromium, over a copy of inputs/ in a temporary folder (the repository's inputs/ is never
written). Usage: .venv/bin/python scripts/web_screenshots.py OUT_DIR
"""

import shutil
import sys
import tempfile
import threading
from pathlib import Path

import openpyxl
from playwright.sync_api import sync_playwright
from waitress import create_server

from planreview.web.app import create_app
from planreview.web.security import Auth, hash_password

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_web_browser import ARGS, CHROMIUM  # noqa: E402

tmp = Path(tempfile.mkdtemp())
inputs = tmp / "inputs"
shutil.copytree("inputs", inputs, ignore=shutil.ignore_patterns(".planreview"))
wb = openpyxl.load_workbook(inputs / "2020" / "Rueckmeldung_VHS.xlsx")
ws = wb["Rückmeldung"]
col = [c.value for c in ws[2]].index("Status") + 1
broken = tmp / "Rueckmeldung_VHS.xlsx"
ws.cell(3, col).value = "in umsetzng"
wb.save(broken)
app = create_app(inputs, tmp / "reports")
server = create_server(app, host="127.0.0.1", port=0, threads=4)
threading.Thread(target=server.run, daemon=True).start()
url = f"http://127.0.0.1:{server.effective_port}"
out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots")
with sync_playwright() as p:
    b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
    for width, height in ((1280, 800), (400, 800)):
        page = b.new_page(viewport={"width": width, "height": height}, locale="de-DE")

        def shot(name, page=page, width=width):
            page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)

        page.goto(url + "/")
        shot("1-uebersicht")
        page.goto(url + "/hochladen")
        shot("2-hochladen")
        if width == 1280:
            page.get_by_label("Tabellen (mehrere möglich)").set_input_files(str(broken))
            page.get_by_label("Vorhandene Dateien ersetzen (die alte wird gesichert)").check()
            page.get_by_role("button", name="Hochladen").click()
        else:
            page.goto(url + "/hochladen")
            page.get_by_label("Tabellen (mehrere möglich)").set_input_files(str(broken))
            page.get_by_role("button", name="Hochladen").click()
        shot("2b-hochladen-ergebnis")
        page.goto(url + "/pruefen")
        shot("3-pruefen")
        page.goto(url + "/bericht")
        shot("4-bericht")
        if width == 1280:
            page.get_by_role("button", name="Bericht erstellen").click()
            page.get_by_role("heading", name="Nicht erstellt").wait_for(timeout=60000)
            shot("4b-bericht-fehler")
            shutil.copy(
                "inputs/2020/Rueckmeldung_VHS.xlsx", inputs / "2020" / "Rueckmeldung_VHS.xlsx"
            )
            page.goto(url + "/bericht")
            page.get_by_role("button", name="Bericht erstellen").click()
            page.wait_for_timeout(1500)
            shot("4c-bericht-laeuft")
            page.get_by_role("heading", name="Fertig").wait_for(timeout=180000)
        page.goto(url + "/bericht")
        shot("4d-bericht-fertig")
        page.goto(url + "/rueckmeldungen")
        if width == 1280:
            page.get_by_role("button", name="Formulare 2021 erstellen").click()
        shot("5-rueckmeldungen")
        page.goto(url + "/gibtsnicht")
        shot("6-fehlerseite")
        page.goto(url + "/")
        shot("1b-uebersicht-danach")
    b.close()
server.close()
print("ok", out)
app2 = create_app(inputs, tmp / "reports", Auth("users", {"anna": hash_password("x" * 12)}))
server = create_server(app2, host="127.0.0.1", port=0, threads=2)
threading.Thread(target=server.run, daemon=True).start()
url = f"http://127.0.0.1:{server.effective_port}"
with sync_playwright() as p:
    b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
    for width in (1280, 400):
        page = b.new_page(viewport={"width": width, "height": 800}, locale="de-DE")
        page.goto(url + "/pruefen")
        page.screenshot(path=str(out / f"7-anmelden-{width}.png"), full_page=True)
        page.get_by_label("Name").fill("anna")
        page.get_by_label("Passwort").fill("falsch")
        page.get_by_role("button", name="Anmelden").click()
        page.screenshot(path=str(out / f"7b-anmelden-falsch-{width}.png"), full_page=True)
        page.get_by_label("Name").fill("anna")
        page.get_by_label("Passwort").fill("x" * 12)
        page.get_by_role("button", name="Anmelden").click()
        page.screenshot(path=str(out / f"7c-angemeldet-{width}.png"), full_page=True)
    b.close()
server.close()
print("login ok")

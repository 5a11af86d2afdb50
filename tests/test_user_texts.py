"""One home for every user-facing text per language: the message catalog (messages.toml) and,
for the report's words, labels.toml. A German text written into the code again fails here,
as does an error said with a literal instead of a catalog message (Said)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "planreview"

# German letters, or a German word no English text has.
GERMAN = re.compile(
    r"[äöüÄÖÜß]|\b(der|die|das|und|nicht|ist|sind|bitte|Bitte|Datei|Dateien|Zeile|Spalte|Blatt"
    r"|kein|keine|wurde|werden|oder|mit|für|ein|eine|Fehler|Ordner|Jahr|kann|wird|Seite"
    r"|Bericht|gibt|es|zu|im|bis|auf)\b"
)

# Data, not messages: the words read from the clerks' spreadsheets (column names, status words,
# the Ampel's words, Excel's German error names) and markers written into files.
# (module, constant): every string in that constant's value.
DATA = {
    ("read/columns.py", "COLUMNS"),  # header names accepted in the measure tables
    ("read/indicator_rows.py", "COLUMNS"),  # header names accepted in the indicator tables
    ("read/vocabulary.py", "DEFAULT_STATUSES"),  # status words and their aliases
    ("analyse/rating.py", "OWN_WORDS"),  # the actors' own Ampel words (grün, planmäßig, …)
    ("read/sheets.py", "EXCEL_ERRORS"),  # Excel's German names of its error values
    ("read/sheets.py", "FORM_KEYWORD"),  # a marker in the forms' document properties
    ("report/verify_tags.py", "GERMAN_LETTERS"),  # a pattern, not a text
    ("read/discover.py", "YEAR_SPAN"),  # "2019 bis 2023" in a file name: a pattern
    ("collect/forms.py", "TRANSLITERATION"),  # ä -> ae in the forms' file names
    ("collect/reminders.py", "SUBJECT"),  # the marker of erinnerung.txt's subject line
    ("collect/formsheet.py", "MEANINGS"),  # the default status words -> their explanation
}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _data_strings(tree: ast.Module, module: str) -> set[int]:
    found = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        names = {t.id for t in targets if isinstance(t, ast.Name)}
        if any((module, name) in DATA for name in names) and node.value is not None:
            found |= {id(n) for n in ast.walk(node.value) if isinstance(n, ast.Constant)}
    return found


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        yield module, ast.parse(path.read_text(encoding="utf-8"))


def test_no_german_user_text_in_the_code():
    found = []
    for module, tree in _modules():
        skip = _docstrings(tree) | _data_strings(tree, module)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
                and GERMAN.search(node.value)
            ):
                found.append(f"{module}:{node.lineno}: {node.value[:60]!r}")
    assert found == [], "German texts belong in messages.toml or labels.toml:\n" + "\n".join(found)


def test_errors_are_said_from_the_catalog():
    """error("…") / error(f"…"): an error must be a catalog message, as warnings are."""
    found = []
    for module, tree in _modules():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "error"
                and node.args
                and isinstance(node.args[0], (ast.Constant, ast.JoinedStr, ast.BinOp))
            ):
                found.append(f"{module}:{node.lineno}")
    assert found == []


def test_the_scan_finds_what_it_is_for():
    """The checks above must be able to fail: a German literal and a literal error are seen."""
    tree = ast.parse('def f():\n    """Docstring: für."""\n    return error(f"Zeile {n} fehlt")\n')
    texts = [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and id(n) not in _docstrings(tree)
    ]
    assert [t for t in texts if GERMAN.search(t)] == ["Zeile "]
    assert not GERMAN.search("The file has no header row.")
    data = ast.parse('COLUMNS = {"title": ("Maßnahme", ("Titel",))}\nX = "Maßnahme"\n')
    kept = _data_strings(data, "read/columns.py")
    german = [n for n in ast.walk(data) if isinstance(n, ast.Constant) and n.value == "Maßnahme"]
    assert sorted((n.lineno, id(n) in kept) for n in german) == [(1, True), (2, False)]


# The workbench's templates: Jinja's tags and comments; inside a tag, its string literals.
JINJA_TAG = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.DOTALL)
JINJA_STRING = re.compile(r"'[^']*'|\"[^\"]*\"")


def german_in_template(source: str) -> list[str]:
    """German words a template writes itself: in its HTML (outside {{ }}, {% %}) or as a
    string literal inside a tag ({{ 'Prüfen' }}); its words are to be said from the catalog."""
    found = [m.group() for part in JINJA_TAG.split(source) for m in GERMAN.finditer(part)]
    for tag in JINJA_TAG.findall(source):
        if not tag.startswith("{#"):
            found += [s for s in JINJA_STRING.findall(tag) if GERMAN.search(s)]
    return found


def test_no_german_words_in_the_workbench_templates():
    templates = sorted((PACKAGE / "web" / "templates").glob("*.html"))
    assert len(templates) >= 9  # base, build, check, error, login, macros, overview, …
    found = {
        path.name: words
        for path in templates
        if (words := german_in_template(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "the pages' words belong in messages.toml (web_*), said with say()"


def test_the_template_scan_finds_what_it_is_for():
    """It can fail: German in the HTML and in a tag's literal is seen; keys and comments not."""
    assert german_in_template("<h1>Prüfen</h1>\n<p>{{ say('web_no_messages') }}</p>") == ["ü"]
    assert german_in_template("<p>Keine Meldung passt zu dieser Auswahl.</p>") == ["zu"]
    assert german_in_template("<td>{{ 'nichts zurückgemeldet' if a else 'partly' }}</td>") == [
        "'nichts zurückgemeldet'"
    ]
    assert german_in_template("{# für die Übersicht #}<p>{{ count(n, 'warnings') }}</p>") == []


# What a page shows a reader: text between tags and these attributes.
READ_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "data-label")
# The words a template may write itself: the tool's name and the reminders' file name.
OWN_WORDS = {"planreview", "erinnerung", "txt"}


def words_in_template(source: str) -> list[str]:
    """Every word a reader would see that the template writes itself, in any language
    (GERMAN misses words such as "Berichtsjahr" that have no umlaut and are not listed)."""
    from html.parser import HTMLParser

    seen: list[str] = []

    class Reader(HTMLParser):
        def handle_data(self, data):
            seen.append(data)

        def handle_starttag(self, tag, attrs):
            seen.extend(value or "" for name, value in attrs if name in READ_ATTRIBUTES)

    Reader().feed(JINJA_TAG.sub(" ", source))
    words = re.findall(r"[^\W\d_]{2,}", " ".join(seen))
    return [w for w in words if w not in OWN_WORDS]


def test_the_workbench_templates_write_no_words_of_their_own():
    found = {
        path.name: words
        for path in sorted((PACKAGE / "web" / "templates").glob("*.html"))
        if (words := words_in_template(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "the pages' words belong in messages.toml (web_*), said with say()"


def test_the_word_scan_finds_what_it_is_for():
    page = (
        '<label for="jahr">Berichtsjahr</label><td data-label="Art">{{ r.kind }}</td>'
        '<a href="{{ url_for(\'pages.check\') }}" class="button">{{ say("web_page_check") }}</a>'
        '<span class="file">erinnerung.txt</span> –'
    )
    assert words_in_template(page) == ["Berichtsjahr", "Art"]


def test_every_key_the_templates_say_is_in_the_catalog_in_both_languages():
    """say('web_…') and count(n, 'noun') in the workbench's templates: the keys exist, with
    German and English (a misspelt key would only fail on the page that says it)."""
    from planreview.problems import catalog

    keys, nouns = set(), set()
    for path in sorted((PACKAGE / "web" / "templates").glob("*.html")):
        source = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"'((?:web|check_result|problems)_[a-z0-9_]+)'", source))
        nouns |= set(re.findall(r"count\([^,()]+(?:\([^()]*\))?[^,()]*,\s*'([a-z_]+)'\)", source))
    keys |= {f"protocol_{c}" for c in ("file", "sheet", "row", "column", "message", "kind")}
    keys |= {f"{noun}_{n}" for noun in nouns for n in ("one", "many")}
    assert {"web_page_check", "web_forms_one", "warnings_many", "measures_one"} <= keys
    assert nouns == {"warnings", "errors", "measures", "leads", "web_forms"}
    missing = sorted(k for k in keys if set(catalog().get(k, {})) != {"de", "en"})
    assert missing == []


def test_an_error_reads_as_before_in_german_and_can_be_said_in_english():
    from planreview.problems import Said, error

    problem = error(Said("config_unknown_key_close", name="report.colur", close="colour"),
                    file="review.toml", accepted="city, colour")  # fmt: skip
    assert problem.text() == (
        "review.toml: „report.colur“ ist keine bekannte Einstellung. Meinten Sie „colour“? "
        "Erlaubt: city, colour."
    )
    assert problem.text(language="en") == (
        "review.toml: “report.colur” is not a known setting. Did you mean “colour”? "
        "Accepted: city, colour."
    )


def test_numbers_lists_and_counts_in_the_language():
    from planreview.problems import Joined, Said, counted

    too_long = Said("indicator_sheet_too_long", rows=100_000)
    assert too_long == "Das Blatt hat mehr als 100.000 Zeilen und wurde nicht gelesen."
    assert too_long.in_language("en") == "The sheet has more than 100,000 rows and was not read."
    names = Joined(("Indikator", "Wert"), Said("and"), quoted=True)
    missing = Said("indicator_columns_missing", names=names)
    assert missing == "Indikatorentabelle: Pflichtspalten „Indikator“ und „Wert“ fehlen."
    assert missing.in_language("en") == (
        "Indicator table: the required columns “Indikator” and “Wert” are missing."
    )
    assert (counted(1, "measures"), counted(2, "measures")) == ("1 Maßnahme", "2 Maßnahmen")
    assert counted(2, "measures").in_language("en") == "2 measures"


def test_every_key_the_code_names_is_in_the_catalog():
    """Said("key") with a literal key, anywhere in the package: the catalog has it (a
    misspelt key would only fail when that message is said)."""
    from planreview.problems import catalog

    keys = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Said"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                keys.add(node.args[0].value)
    assert keys and sorted(keys - set(catalog())) == []


def test_the_report_words_the_exports_take_are_in_every_language_of_the_labels():
    """The workbook and the JSON say what they share with the report in its words."""
    import tomllib

    from planreview.export import workbook
    from planreview.resources import default_templates

    tables = tomllib.loads((default_templates() / "labels.toml").read_text(encoding="utf-8"))
    taken = {*workbook.REPORT_COLUMNS.values(), "all_measures", "status_in", "measures_in"}
    taken |= {"field", "no_lead"}
    for language in ("de", "en"):
        assert sorted(taken - set(tables[language])) == [], language


def test_every_key_the_code_puts_together_is_in_the_catalog():
    """The keys made from a name (Said(f"severity_{…}")): each family complete in the catalog."""
    from planreview import build
    from planreview.collect import formsheet
    from planreview.export import files, workbook
    from planreview.problems import catalog
    from planreview.read.config import LANGUAGES, PDF_VARIANTS
    from planreview.read.vocabulary import KINDS
    from planreview.web import app, protocol, service

    def slug(name: str) -> str:
        return name.replace("/", "_").replace("-", "_")

    columns = ("end",)  # the measure sheet's own column; the rest are the report's words
    made = (
        [f"severity_{s}" for s in ("error", "warning", "note")]
        + [f"xlsx_kind_{s}" for s in ("sheet", "skipped", "error", "warning", "note")]
        + [f"progress_{step}" for step in build.STEPS]
        + [f"web_step_{step}" for step in service.BUILD_STEPS]
        + [f"web_state_{state}" for state in ("todo", "done", "stop", "now")]
        + [f"web_title_{code}" for code in app.TITLES]
        + [f"web_text_{code}" for code in (*app.OWN_TEXTS, 413)]
        + [f"web_variant_{slug(v)}" for v in PDF_VARIANTS]
        + [f"web_language_{language}" for language in LANGUAGES]
        + [f"protocol_{column}" for column in protocol.HEADERS]
        + [f"output_{kind}" for kind in files.KINDS]
        + [
            f"{what}{named}"
            for what in ("output_is_input", "output_is_config")
            for named in ("", "_named")
        ]  # fmt: skip
        + [f"accepted_{k}" for k in ("from_1", "1_100", "true_false")]
        + [f"xlsx_{column}" for column in columns]
        + [f"protocol_{column}" for column in workbook.PROTOCOL_COLUMNS]
        + [
            f"{noun}_{n}"
            for noun in ("measures", "leads", "rows", "values", "warnings", "errors")
            for n in ("one", "many")
        ]  # fmt: skip
        + list(workbook.SHEET_NAMES.values())
        + list(formsheet.SHEET_NAMES.values())
        + [f"form_means_{key}" for key in (*formsheet.MEANINGS.values(), *KINDS)]
        + [  # the findings verify_tags.py collects by key
            n.value
            for n in ast.walk(ast.parse((PACKAGE / "report/verify_tags.py").read_text("utf-8")))
            if isinstance(n, ast.Constant) and str(n.value).startswith("verify_")
        ]
    )
    assert sorted(set(made) - set(catalog())) == []


def test_no_file_of_the_package_is_read_at_import_time():
    """Importing every module opens none of the package's data files (messages.toml,
    labels.toml, templates, fonts): each is read when a command needs it, from --templates if
    given (a module-level Said would read messages.toml). Every open is seen through the
    interpreter's audit hook; code files are what imports read."""
    import subprocess
    import sys

    script = (
        "import importlib, pkgutil, sys, planreview\n"
        "opened = []\n"
        "sys.addaudithook(lambda e, a: opened.append(str(a[0])) if e == 'open' else None)\n"
        "for m in pkgutil.walk_packages(planreview.__path__, 'planreview.'):\n"
        "    importlib.import_module(m.name)\n"
        "home = planreview.__path__[0]\n"
        "code = ('.py', '.pyc', '.so')\n"
        "print([p for p in opened if p.startswith(home) and not p.endswith(code)])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_check_speaks_english_with_lang_en(tmp_path):
    """The console is German by default; `check --lang en` says the same in English."""
    from conftest import measure_rows, run_cli, write_xlsx

    write_xlsx(tmp_path / "stand_2019.xlsx", measure_rows({"1.1": "geplant"}))
    write_xlsx(tmp_path / "stand_2020.xlsx", measure_rows({"1.1": "fertsch"}))
    code, out, _ = run_cli("check", "--inputs", str(tmp_path), "--lang", "en")
    assert code == 1
    lines = [line.strip() for line in out.splitlines()]
    assert "Years found: 2019, 2020" in lines
    assert "Result: 1 error, 0 warnings – no report can be made like this." in lines
    code, out, _ = run_cli("check", "--inputs", str(tmp_path))
    lines = [line.strip() for line in out.splitlines()]
    assert "Gefundene Jahre: 2019, 2020" in lines
    assert "Ergebnis: 1 Fehler, 0 Warnungen – so kann kein Bericht erstellt werden." in lines

"""Synthetic inputs of any size for the benchmarks, in the format of real inputs.

    python benchmarks/generate.py county --out benchmarks/data/county

Presets (measures in the reporting year x years read):

- ``city``        50 x 3     (about the size of the demo data)
- ``county``   1,000 x 10
- ``state``   20,000 x 10    (analysis only: `check`, `build --no-pdf --json`)
- ``state-half`` 10,000 x 10 (the state's half, to see that time grows linearly with rows)

What is written, like the demo data in ``inputs/`` (see docs/input-format.md): one workbook
per year before the reporting year (title rows, Handlungsfeld written once per group, a
"Hinweise" sheet with a pick list, header names varying from year to year), the reporting
year as one return file per lead actor in a folder ``<year>/`` (Handlungsfeld as
"code name", an extra "Ansprechperson" column), ``indikatoren.xlsx`` (long format, German
number notation, gaps) and ``review.toml``. Status words are mostly canonical, some aliases.
A few measures are dropped without a Begründung or have no Federführung, so warnings and
hints appear as in real data.

Deterministic: the same preset gives byte-identical files (seeded random numbers, fixed
workbook properties and zip time stamps).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

# The same bytes with or without lxml installed (openpyxl reads this when imported).
os.environ["OPENPYXL_LXML"] = "False"

from openpyxl import Workbook  # noqa: E402
from openpyxl.writer.excel import ExcelWriter  # noqa: E402

# The demo generator's way to make a workbook's zip container reproducible.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from make_demo_inputs import normalized_zip  # noqa: E402

REPORT_YEAR = 2020
GENERATOR_VERSION = "2"  # bump when the output changes (run.py regenerates cached inputs)


@dataclass(frozen=True)
class Preset:
    measures: int  # measures reported in the reporting year
    years: int  # years read, the reporting year included
    actors: int  # lead actors (one return file each in the reporting year)
    indicators: int


PRESETS = {
    "city": Preset(50, 3, 8, 10),
    "county": Preset(1_000, 10, 40, 60),
    "state-half": Preset(10_000, 10, 50, 150),
    "state": Preset(20_000, 10, 100, 300),
}

FIELDS = (
    ("1", "Sprache und Bildung"),
    ("2", "Arbeit, Ausbildung und Wirtschaft"),
    ("3", "Wohnen und Nachbarschaft"),
    ("4", "Gesundheit und Pflege"),
    ("5", "Kultur, Sport und Freizeit"),
    ("6", "Bürgerschaftliches Engagement"),
    ("7", "Interkulturelle Öffnung der Verwaltung"),
    ("8", "Beratung, Information und Willkommenskultur"),
)

NB, IV, IU, UG, VS, ZG, EF = (
    "nicht begonnen",
    "in Vorbereitung",
    "in Umsetzung",
    "umgesetzt",
    "verstetigt",
    "zurückgestellt",
    "entfallen",
)
PHASE = (NB, IV, IU, UG, VS)
# How a status may be written (canonical first: written most often).
WRITTEN = {
    NB: (NB, NB, NB, "geplant"),
    IV: (IV, IV, IV, "in Planung"),
    IU: (IU, IU, IU, "laufend", "in Bearbeitung"),
    UG: (UG, UG, UG, "abgeschlossen"),
    VS: (VS, VS, VS, "Daueraufgabe"),
    ZG: (ZG, ZG, "pausiert"),
    EF: (EF, EF, "gestrichen"),
}

# Header names of the yearly workbooks, one set per year in turn (all accepted names).
HEADER_SETS = (
    {
        "id": "Nr.",
        "field": "Handlungsfeld",
        "title": "Maßnahme",
        "lead": "Federführung",
        "partners": "Beteiligte",
        "target": "Zielgruppe",
        "begin": "Beginn",
        "end": "Umsetzung bis",
        "status": "Status",
        "note": "Sachstand",
        "reason": "Begründung",
    },
    {
        "id": "Maßnahmen-Nr.",
        "field": "Handlungsfeld",
        "title": "Titel",
        "lead": "Zuständigkeit",
        "partners": "Kooperationspartner",
        "target": "Zielgruppe",
        "begin": "Beginn",
        "end": "Ende",
        "status": "Stand der\nUmsetzung",
        "note": "Sachstand/Bemerkung",
        "reason": "Begründung",
    },
    {
        "id": "Lfd. Nr.",
        "field": "Themenfeld",
        "title": "Bezeichnung",
        "lead": "Verantwortlich",
        "partners": "Partner",
        "target": "Zielgruppe",
        "begin": "Start",
        "end": "Frist",
        "status": "Umsetzungsstand",
        "note": "Bemerkungen",
        "reason": "Begründung",
    },
)
RETURN_HEADERS = {
    "id": "Nr",
    "field": "Handlungsfeld",
    "title": "Maßnahme",
    "lead": "Federführung",
    "partners": "Beteiligte",
    "target": "Zielgruppe",
    "begin": "Beginn",
    "end": "Ende",
    "status": "Status",
    "note": "Sachstand",
    "reason": "Begründung",
    "contact": "Ansprechperson",
}

OFFERS = (
    "Sprachcafé",
    "Beratungsangebot",
    "Patenschaftsprogramm",
    "Qualifizierung",
    "Informationsreihe",
    "Lotsenprojekt",
    "Elternkurs",
    "Sportangebot",
    "Netzwerktreffen",
    "Fortbildung",
    "Begegnungsfest",
    "Sprechstunde",
    "Mentoringprogramm",
    "Ferienprogramm",
    "Leitfaden",
)
FOR_WHOM = (
    "für zugewanderte Familien",
    "für Geflüchtete",
    "für Jugendliche mit Migrationsgeschichte",
    "für Seniorinnen und Senioren",
    "für Frauen mit Fluchterfahrung",
    "für Fachkräfte der Verwaltung",
    "für Ehrenamtliche",
    "für Schülerinnen und Schüler",
    "für Neuzugewanderte",
    "für Vereine",
)
PLACES = (
    "in der Innenstadt",
    "im Stadtteil Nord",
    "in den Ortsteilen",
    "an Grundschulen",
    "in Kindertagesstätten",
    "im Familienzentrum",
    "in der Stadtbücherei",
    "im Rathaus",
    "",
    "",
)
ACTOR_KINDS = (
    "Fachbereich Jugend und Soziales",
    "Volkshochschule",
    "Jobcenter",
    "Migrationsberatung",
    "Freiwilligenagentur",
    "Gesundheitsamt",
    "Wohnungsbaugesellschaft",
    "Integrationsbüro",
    "Stadtbücherei",
    "Kreissportbund",
    "Familienzentrum",
    "Gemeinde",
)
PARTNERS = (
    "Integrationsbüro",
    "Kita-Träger",
    "Agentur für Arbeit",
    "Kirchengemeinden",
    "Migrantenorganisationen",
    "Schulen",
    "Sportvereine",
    "Seniorenbüro",
    "Quartiersmanagement",
)
NOTES = (
    "Das Angebot wird gut angenommen; die Gruppen sind voll.",
    "Die Finanzierung ist bis zum Jahresende gesichert, ein Folgeantrag ist gestellt.",
    "Wegen Personalwechsels ruhte die Arbeit einige Monate.",
    "Ein zweiter Standort ist in Planung.",
    "Die Zusammenarbeit mit den Partnern wurde in einer Vereinbarung festgehalten.",
    "Die Teilnehmendenzahlen sind gegenüber dem Vorjahr gestiegen.",
    "Die Räume stehen erst ab dem Frühjahr zur Verfügung.",
    "Eine Evaluation ist beauftragt; erste Ergebnisse liegen vor.",
    "Das Konzept wurde im Fachausschuss vorgestellt und beschlossen.",
    "Es fehlen Ehrenamtliche; eine Werbekampagne läuft.",
)
REASONS = (
    "Die Förderung ist ausgelaufen; das Angebot geht in Maßnahme {other} auf.",
    "Kein Bedarf mehr; die Zielgruppe wird über bestehende Angebote erreicht.",
    "Der Träger hat das Angebot eingestellt.",
)


@dataclass
class Measure:
    id: str
    field: int  # index into FIELDS
    title: str
    lead: str
    partners: str
    target: str
    begin: int
    end: object  # as written: int, "31.12.2021", a datetime or "fortlaufend"
    first: int  # first year reported
    last: int  # last year reported
    statuses: dict[int, str] = field(default_factory=dict)
    reason: str = ""  # written when dropped ("" for a few: warning + hint)


def id_key(measure_id: str) -> tuple[int, int]:
    a, b = measure_id.split(".")
    return int(a), int(b)


def actor_names(rng: random.Random, count: int) -> list[str]:
    names = []
    for n in range(count):
        kind = ACTOR_KINDS[n % len(ACTOR_KINDS)]
        names.append(kind if n < len(ACTOR_KINDS) else f"{kind} {n // len(ACTOR_KINDS) + 1}")
    rng.shuffle(names)
    return names


def next_status(rng: random.Random, status: str) -> str:
    """One year on: mostly the same or a step up; now and then back, postponed or dropped."""
    if status == EF:
        return EF
    if status == ZG:
        return rng.choices((ZG, IV, IU, EF), (60, 15, 15, 10))[0]
    if status == VS:
        return rng.choices((VS, EF), (98, 2))[0]
    rank = PHASE.index(status)
    roll = rng.random()
    if roll < 0.55:
        return status
    if roll < 0.87:
        return PHASE[min(rank + 1, len(PHASE) - 1)]
    if roll < 0.91 and rank > 0:
        return PHASE[rank - 1]
    if roll < 0.96:
        return ZG
    return EF if roll < 0.98 else status


def make_measures(preset: Preset, rng: random.Random, actors: list[str]) -> list[Measure]:
    first_year = REPORT_YEAR - preset.years + 1
    removed = max(1, preset.measures // 50)  # reported earlier, not in the reporting year
    counters = [0] * len(FIELDS)
    measures, titles = [], {}  # title -> how often drawn
    for n in range(preset.measures + removed):
        f = rng.choices(range(len(FIELDS)), (16, 14, 12, 10, 12, 10, 10, 16))[0]
        counters[f] += 1
        kept = n < preset.measures
        newest = REPORT_YEAR if kept else REPORT_YEAR - 1
        first = first_year if rng.random() < 0.85 else rng.randint(first_year, newest)
        last = REPORT_YEAR if kept else rng.randint(first, newest)
        begin = first - rng.randint(0, 2)
        end_year = begin + rng.randint(1, 6)
        end = rng.choices(
            (end_year, f"31.12.{end_year}", dt.datetime(end_year, 12, 31), "fortlaufend"),
            (40, 25, 15, 20),
        )[0]
        lead = "" if rng.random() < 0.01 else rng.choice(actors)
        partners = ", ".join(rng.sample(PARTNERS, rng.randint(1, 3)))
        title = f"{rng.choice(OFFERS)} {rng.choice(FOR_WHOM)} {rng.choice(PLACES)}".strip()
        titles[title] = titles.get(title, 0) + 1
        if titles[title] > 1:  # unique, as in a real plan (a new Nr. with an old title: a typo)
            title = f"{title} ({titles[title]})"
        m = Measure(
            id=f"{FIELDS[f][0]}.{counters[f]}",
            field=f,
            title=title,
            lead=lead,
            partners=partners,
            target=rng.choice(FOR_WHOM).removeprefix("für "),
            begin=begin,
            end=end,
            first=first,
            last=last,
        )
        status = rng.choices(PHASE[:3], (50, 30, 20))[0]
        for year in range(first, last + 1):
            m.statuses[year] = status
            status = next_status(rng, status)
        if EF in m.statuses.values() and rng.random() < 0.97:
            m.reason = rng.choice(REASONS).format(other=f"{FIELDS[f][0]}.{rng.randint(1, 9)}")
        measures.append(m)
    measures.sort(key=lambda m: id_key(m.id))
    return measures


def note_of(rng: random.Random, m: Measure, year: int) -> str:
    return f"Stand {year}: " + " ".join(rng.sample(NOTES, rng.randint(1, 2)))


def values_of(rng: random.Random, m: Measure, year: int, field_text: str) -> dict[str, object]:
    status = m.statuses[year]
    return {
        "id": m.id,
        "field": field_text,
        "title": m.title,
        "lead": m.lead or None,
        "partners": m.partners,
        "target": m.target,
        "begin": m.begin,
        "end": m.end,
        "status": rng.choice(WRITTEN[status]),
        "note": note_of(rng, m, year),
        "reason": m.reason if status == EF and m.reason else None,
    }


# ------------------------------------------------------------------------------ writers


def save(wb: Workbook, path: Path, year: int) -> None:
    stamp = dt.datetime(year + 1, 1, 15, 9, 0)
    wb.properties.creator = "Benchmark (synthetisch)"
    wb.properties.lastModifiedBy = "Benchmark (synthetisch)"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(normalized_zip(buffer.getvalue()))


def write_year_book(path: Path, year: int, measures: list[Measure], rng: random.Random) -> None:
    """A yearly overview: title rows, header, Handlungsfeld once per group, blank spacer rows."""
    headers = HEADER_SETS[year % len(HEADER_SETS)]
    keys = list(headers)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Maßnahmen")
    ws.append([f"Maßnahmenplan – Umsetzungsstand {year} (synthetische Benchmarkdaten)"])
    ws.append([f"Stand: 31.12.{year}"])
    ws.append([headers[k] for k in keys])
    previous_field = None
    for m in measures:
        if year not in m.statuses:
            continue
        if previous_field is not None and m.field != previous_field:
            ws.append([])  # spacer row between Handlungsfelder
        text = FIELDS[m.field][1] if m.field != previous_field else None
        previous_field = m.field
        values = values_of(rng, m, year, text)
        ws.append([values[k] for k in keys])
    notes = wb.create_sheet("Hinweise")
    notes.append(["Hinweise zum Ausfüllen"])
    notes.append([])
    notes.append([f"Bitte den Stand zum 31.12.{year} eintragen."])
    notes.append([])
    notes.append(["Auswahlliste"])
    for status in (NB, IV, IU, UG, VS, ZG, EF):
        notes.append([status])
    save(wb, path, year)


def file_stem(name: str) -> str:
    replaced = name.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return re.sub(r"[^A-Za-z0-9]+", "_", replaced).strip("_")


def write_returns(folder: Path, measures: list[Measure], rng: random.Random) -> int:
    """The reporting year: one return file per lead actor (without lead: the office's file)."""
    by_lead: dict[str, list[Measure]] = {}
    for m in measures:
        if REPORT_YEAR in m.statuses:
            by_lead.setdefault(m.lead or "Integrationsbüro", []).append(m)
    keys = list(RETURN_HEADERS)
    for lead, group in sorted(by_lead.items()):
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Rückmeldung")
        ws.append([f"Rückmeldung {lead} – Umsetzungsstand zum 31.12.{REPORT_YEAR}"])
        ws.append([RETURN_HEADERS[k] for k in keys])
        for m in group:
            code, name = FIELDS[m.field]
            values = values_of(rng, m, REPORT_YEAR, f"{code} {name}")
            values["contact"] = "Frau Beispiel"
            ws.append([values[k] for k in keys])
        save(wb, folder / f"Rueckmeldung_{file_stem(lead)}.xlsx", REPORT_YEAR)
    return len(by_lead)


def write_indicators(path: Path, preset: Preset, rng: random.Random) -> None:
    """Long format: one row per indicator and year; German notation, gaps, targets."""
    first_year = REPORT_YEAR - preset.years + 1
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Indikatoren")
    ws.append(["Indikatoren (synthetische Benchmarkdaten)"])
    ws.append([])
    ws.append(
        ["Indikator", "Handlungsfeld", "Jahr", "Wert", "Einheit", "Zielwert", "Zieljahr"]
        + ["Quelle", "Gebiet", "Definition"]
    )
    for n in range(1, preset.indicators + 1):
        f = (n - 1) % len(FIELDS)
        percent = n % 3 == 0
        value = rng.uniform(5, 60) if percent else float(rng.randint(100, 5000))
        target = round(value * rng.uniform(0.8, 1.4), 1 if percent else 0)
        name = f"Indikator {n}: {rng.choice(OFFERS)} {rng.choice(FOR_WHOM)}"
        for year in range(first_year, REPORT_YEAR + 1):
            value *= rng.uniform(0.9, 1.12)
            if rng.random() < 0.05:
                written: object = "k. A."
            elif percent:
                written = f"{value:.1f}".replace(".", ",") + " %"
            elif rng.random() < 0.3:
                written = f"{int(value):,}".replace(",", ".")
            else:
                written = int(value)
            first = year == first_year
            ws.append(
                [
                    name,
                    FIELDS[f][1] if first else None,
                    year,
                    written,
                    "%" if percent else "Personen",
                    target,
                    REPORT_YEAR + 5,
                    "Statistik (synthetisch)",
                    "Stadt",
                    "Synthetischer Wert für die Benchmarks." if first else None,
                ]
            )
    save(wb, path, REPORT_YEAR)


REVIEW_TOML = """\
# Synthetic benchmark inputs (benchmarks/generate.py, preset {preset}).
[report]
city = "Benchmarkstadt"
office = "Integrationsbüro"
concept = "Integrationskonzept (synthetische Benchmarkdaten)"
subtitle = "Synthetische Daten für die Leistungsmessung"
file_name = "benchmark"
date = "2021-01-15"
"""


def generate(preset_name: str, out: Path) -> dict[str, int]:
    """Write the preset's inputs into `out` (which must be empty or missing)."""
    preset = PRESETS[preset_name]
    rng = random.Random(f"planreview-benchmark-{preset_name}")
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise SystemExit(f"{out} ist nicht leer.")
    actors = actor_names(rng, preset.actors)
    measures = make_measures(preset, rng, actors)
    first_year = REPORT_YEAR - preset.years + 1
    rows = 0
    for year in range(first_year, REPORT_YEAR):
        write_year_book(out / f"Umsetzungsstand_{year}.xlsx", year, measures, rng)
        rows += sum(year in m.statuses for m in measures)
    files = write_returns(out / str(REPORT_YEAR), measures, rng)
    rows += sum(REPORT_YEAR in m.statuses for m in measures)
    write_indicators(out / "indikatoren.xlsx", preset, rng)
    toml = REVIEW_TOML.format(preset=preset_name)
    toml += "".join(f'\n[[fields]]\ncode = "{c}"\nname = "{n}"\n' for c, n in FIELDS)
    (out / "review.toml").write_text(toml, encoding="utf-8")
    return {"rows": rows, "return_files": files, "years": preset.years}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("preset", choices=PRESETS)
    parser.add_argument("--out", type=Path, required=True, help="empty or new folder")
    args = parser.parse_args(argv)
    made = generate(args.preset, args.out)
    print(
        f"{args.preset}: {made['rows']} measure rows over {made['years']} years, "
        f"{made['return_files']} return files -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

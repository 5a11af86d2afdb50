"""Generate the demo input data ("Beispieldaten") for the yearly integration-concept review.

The demo data is a realistic but clearly fictional sample modelled on Stadt Wolfenbüttel:
eight Handlungsfelder, 50 measures and the status returns for the years 2018, 2019 and 2020.
All names, figures and statements are invented.

Files written (relative to the output directory, by default ``inputs/`` of the repository):

- ``Umsetzungsstand_Integrationskonzept_2018.xlsx`` and ``..._2019.xlsx``: one workbook per year
  as the integration office keeps it (title rows, merged Handlungsfeld cells, spacer rows,
  a "Hinweise" sheet with a pick list; different header names in each year).
- ``2020/``: the 2020 returns as per-actor files (xlsx, one LibreOffice ``.ods`` and one ``.csv``
  exported by Excel on Windows: ``;`` separated, cp1252). Measure 2.5 is a shared measure and is
  returned identically by two actors.
- ``indikatoren.xlsx``: eleven fictional indicators for 2016-2020 in long format (one row per
  indicator and year), some values as text in German notation ("1.684", "24,1", "16,8 %"),
  one gap year written as "k. A." and one indicator surveyed only every other year.
- ``review.toml``: the report configuration for the demo.

The status history is designed so that the comparison 2020 vs 2019 shows every kind of change;
``EXPECTED_2020_VS_2019`` lists the measure IDs per class and the script checks the design
against it before writing anything.

``inputs/`` is the committed output of this script. To regenerate it run::

    .venv/bin/python scripts/make_demo_inputs.py

The output is deterministic: no current dates are written, workbook properties and the time
stamps inside the zip containers are fixed, and openpyxl is kept from switching to lxml (which
writes the XML slightly differently), so repeated runs give byte-identical files.
"""

# German typography (en dash, „quotes“) is intended in the visible texts.
# ruff: noqa: RUF001

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import sys
import tomllib
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# The same bytes with or without lxml installed: openpyxl reads this when it is imported.
os.environ["OPENPYXL_LXML"] = "False"

import pandas as pd  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402
from openpyxl.worksheet.datavalidation import DataValidation  # noqa: E402
from openpyxl.worksheet.worksheet import Worksheet  # noqa: E402
from openpyxl.writer.excel import ExcelWriter  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "inputs"

YEARS = (2018, 2019, 2020)
REPORT_YEAR = 2020  # the year of the per-actor returns, compared with PREVIOUS_YEAR
PREVIOUS_YEAR = 2019

# Fixed time stamp for all entries of the zip containers (xlsx, ods).
ZIP_TIME = (2021, 1, 15, 9, 0, 0)

# Canonical status words (the tool's default vocabulary).
NB = "nicht begonnen"
IV = "in Vorbereitung"
IU = "in Umsetzung"
UG = "umgesetzt"
VS = "verstetigt"
ZG = "zurückgestellt"
EF = "entfallen"
CANONICAL = (NB, IV, IU, UG, VS, ZG, EF)
PHASES = (NB, IV, IU, UG, VS)
OPEN = (NB, IV, IU, ZG)

# Aliases the tool accepts (matching ignores case and surrounding spaces).
ACCEPTED_ALIASES = {
    "geplant": NB,
    "noch nicht begonnen": NB,
    "offen": NB,
    "in planung": IV,
    "vorbereitet": IV,
    "begonnen": IU,
    "laufend": IU,
    "in bearbeitung": IU,
    "in arbeit": IU,
    "abgeschlossen": UG,
    "erledigt": UG,
    "daueraufgabe": VS,
    "fortlaufend": VS,
    "pausiert": ZG,
    "ruhend": ZG,
    "gestrichen": EF,
    "nicht weiter verfolgt": EF,
}

# Cells where an office wrote an alias (or a sloppy spelling) instead of the canonical word.
STATUS_SPELLING = {
    (2018, "1.6"): "laufend",
    (2018, "1.7"): "geplant",
    (2018, "2.5"): "noch nicht begonnen",
    (2018, "3.3"): "in Planung",
    (2018, "5.3"): "abgeschlossen",
    (2018, "8.2"): "Daueraufgabe",
    (2019, "1.6"): "in Bearbeitung",
    (2019, "2.3"): "vorbereitet",
    (2019, "3.4"): "offen",
    (2019, "4.4"): "Nicht begonnen ",
    (2019, "6.4"): "pausiert",
    (2019, "7.4"): "erledigt",
    (2019, "8.4"): "fortlaufend",
    (2020, "1.2"): "abgeschlossen",
    (2020, "1.4"): "begonnen",
    (2020, "1.6"): "in Arbeit",
    (2020, "2.3"): "gestrichen",
    (2020, "3.4"): "geplant",
    (2020, "4.4"): "nicht weiter verfolgt",
    (2020, "5.2"): "ruhend",
    (2020, "6.2"): "Daueraufgabe",
    (2020, "7.1"): " In Vorbereitung",
}

ONGOING = "fortlaufend"

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
FIELD_NAMES = dict(FIELDS)

# Designed classes of the comparison 2020 vs 2019 (checked by ``check_design``).
# fmt: off
EXPECTED_2020_VS_2019 = {
    "progressed": ["1.2", "1.7", "1.10", "2.2", "3.5", "4.5", "6.2", "7.2"],
    "regressed": ["3.3", "7.4"],
    "unchanged": [
        "1.1", "1.3", "1.4", "1.5", "1.6", "1.8", "1.9", "2.1", "2.5", "2.6", "2.7",
        "3.1", "3.2", "3.4", "4.1", "4.2", "4.3", "5.1", "5.3", "5.4", "5.5", "6.1",
        "6.3", "7.1", "7.3", "7.5", "8.1", "8.2", "8.3", "8.4", "8.5", "8.6",
    ],
    "new": ["2.8", "8.7"],
    "removed": ["5.6"],
    "dropped": ["2.3", "4.4"],
    "postponed": ["2.4", "5.2"],
    "resumed": ["6.4"],
    "stalled": ["1.6", "3.4", "7.1"],
    "overdue": ["1.6", "2.7", "3.3", "5.2"],
}
# fmt: on
EXPECTED_COUNTS = {2018: 45, 2019: 48, 2020: 49}


@dataclass(frozen=True)
class Measure:
    """One measure of the concept with its status history (None = not reported that year)."""

    id: str
    title: str
    lead: str
    partners: str | None
    target: str
    begin: int
    end: datetime | str | int
    status: tuple[str | None, str | None, str | None]
    notes: tuple[str | None, str | None, str | None]
    reason: str | None = None  # Begründung, only for measures that are entfallen in 2020

    @property
    def field(self) -> str:
        return self.id.split(".")[0]

    def status_in(self, year: int) -> str | None:
        return self.status[YEARS.index(year)]

    def note_in(self, year: int) -> str | None:
        return self.notes[YEARS.index(year)]

    def end_year(self) -> int | None:
        if isinstance(self.end, datetime):
            return self.end.year
        if isinstance(self.end, int):
            return self.end
        if self.end == ONGOING:
            return None
        return int(self.end[-4:])


def d(day: int, month: int, year: int) -> datetime:
    """A real date cell value."""
    return datetime(year, month, day)


# Leads (Federführung) as written in the files.
VHS = "VHS Wolfenbüttel"
JC = "Jobcenter"
FBJS = "Fachbereich Jugend und Soziales"
IB = "Integrationsbüro"
BUE = "Stadtbücherei"
KSB = "Kreissportbund"
FWA = "Freiwilligenagentur"
GA = "Gesundheitsamt (Landkreis)"
WBG = "Wohnungsbaugesellschaft"
MBE = "Migrationsberatung (Caritas)"
WIFO = "Wirtschaftsförderung (Stadt)"
KULT = "Kulturbüro (Stadt)"
PERS = "Fachbereich Zentrale Dienste (Personal)"
BB = "Bürgerbüro"

# fmt: off
MEASURES: tuple[Measure, ...] = (
    # 1 Sprache und Bildung
    Measure(
        "1.1", "Sprachcafé in der Stadtbücherei", BUE,
        "Freiwilligenagentur, Integrationsbüro", "Erwachsene mit geringen Deutschkenntnissen",
        2017, ONGOING, (IU, VS, VS),
        (
            "Das Sprachcafé findet seit Januar 2018 jeden Dienstagnachmittag statt. "
            "Im Durchschnitt nehmen 15 Personen teil, betreut von vier Ehrenamtlichen.",
            "Das Sprachcafé ist fester Bestandteil des Programms der Stadtbücherei. "
            "Ein zweiter Termin am Samstagvormittag wurde eingeführt.",
            "Von März bis Juni 2020 fand das Sprachcafé online statt. "
            "Seit Juli wieder vor Ort mit begrenzter Teilnehmerzahl.",
        ),
    ),
    Measure(
        "1.2", "Integrationskurse mit Kinderbetreuung", VHS,
        "Fachbereich Jugend und Soziales, Kita-Träger", "Eltern mit Kindern unter drei Jahren",
        2018, "31.12.2020", (IV, IU, UG),
        (
            "Räume für die Kinderbetreuung im VHS-Gebäude werden hergerichtet. "
            "Gespräche mit dem BAMF zur Förderung laufen.",
            "Seit Februar 2019 laufen zwei Kurse mit paralleler Kinderbetreuung. "
            "Die Nachfrage übersteigt das Angebot.",
            "Beide Kurse sind abgeschlossen; 24 von 28 Teilnehmenden haben die Prüfung "
            "abgelegt. Ein Folgeangebot ist in der Kursplanung 2021 vorgesehen.",
        ),
    ),
    Measure(
        "1.3", "Sprachförderung in Kindertagesstätten", FBJS,
        "Kita-Träger, Fachberatung Kita", "Kinder von 3 bis 6 Jahren",
        2017, ONGOING, (IU, VS, VS),
        (
            "Alle städtischen Kitas nehmen am Bundesprogramm „Sprach-Kitas“ teil. "
            "Zwei zusätzliche Fachkräfte für sprachliche Bildung wurden eingestellt.",
            "Die alltagsintegrierte Sprachbildung ist in den Konzeptionen aller "
            "städtischen Kitas verankert.",
            "Die Sprachförderung wurde auch in der Notbetreuung fortgeführt. Für Familien "
            "wurden Vorlesevideos in fünf Sprachen bereitgestellt.",
        ),
    ),
    Measure(
        "1.4", "Hausaufgabenhilfe für Schulkinder aus zugewanderten Familien", FWA,
        "Grundschulen, Integrationsbüro", "Schülerinnen und Schüler der Klassen 1 bis 6",
        2018, ONGOING, (IV, IU, IU),
        (
            "Ehrenamtliche werden gesucht; mit zwei Grundschulen sind Räume abgesprochen.",
            "Die Hausaufgabenhilfe läuft an zwei Grundschulen mit zwölf Ehrenamtlichen. "
            "Eine dritte Schule hat Interesse gemeldet.",
            "Während der Schulschließungen wurde die Hilfe per Telefon und Video angeboten. "
            "Die Ausweitung auf eine dritte Schule ist für 2021 geplant.",
        ),
    ),
    Measure(
        "1.5", "Berufsbezogene Deutschkurse", VHS,
        "Jobcenter, Agentur für Arbeit", "Erwachsene ab Sprachniveau B1",
        2018, 2021, (IV, IU, IU),
        (
            "Die VHS hat die Zulassung als Träger für Berufssprachkurse beantragt.",
            "Die ersten beiden Kurse (Niveau B2) sind gestartet. Die Teilnehmenden werden "
            "überwiegend vom Jobcenter zugewiesen.",
            "Die Kurse wurden ab April als virtuelles Klassenzimmer fortgesetzt. "
            "Ein Kurs mit Schwerpunkt Pflege ist hinzugekommen.",
        ),
    ),
    Measure(
        "1.6", "Alphabetisierungskurs für Erwachsene", VHS,
        "Migrationsberatung (Caritas)", "Erwachsene ohne ausreichende Lese- und Schreibkenntnisse",
        2018, d(31, 12, 2019), (IU, IU, IU),
        (
            "Ein Kurs ist im Herbst 2018 mit acht Teilnehmenden gestartet.",
            "Der Kurs läuft weiter; wegen hoher Fluktuation hat noch keine Gruppe das "
            "Kursziel erreicht. Es fehlt eine zweite Lehrkraft mit Zusatzqualifikation.",
            "Der Kurs wurde nach der Unterbrechung im Frühjahr mit kleiner Gruppe fortgesetzt. "
            "Die Stelle für eine zweite Lehrkraft ist weiterhin unbesetzt.",
        ),
    ),
    Measure(
        "1.7", "Elternbegleiterinnen und Elternbegleiter an Grundschulen", FBJS,
        "Grundschulen, Integrationsbüro", "Eltern mit Migrationsgeschichte",
        2019, d(31, 7, 2021), (NB, IV, IU),
        (
            "Die Maßnahme soll nach der Förderzusage beginnen.",
            "Das Förderprogramm ist bewilligt. Sechs Elternbegleiterinnen werden geschult.",
            "Fünf Elternbegleiterinnen sind an vier Grundschulen tätig. Sie unterstützen "
            "Eltern vor allem bei der Verständigung mit der Schule.",
        ),
    ),
    Measure(
        "1.8", "Lesepatenschaften in mehreren Sprachen", BUE,
        "Freiwilligenagentur", "Kinder von 4 bis 10 Jahren",
        2018, ONGOING, (IU, VS, VS),
        (
            "Zehn Lesepatinnen und Lesepaten lesen in sechs Sprachen vor; die Termine "
            "finden monatlich statt.",
            "Die mehrsprachigen Vorlesestunden gehören zum festen Veranstaltungsprogramm "
            "der Stadtbücherei.",
            "Ab Herbst wurden die Vorlesestunden in kleinen Gruppen mit Anmeldung angeboten.",
        ),
    ),
    Measure(
        "1.9", "Mehrsprachiger Medienbestand in der Stadtbücherei", BUE,
        "Integrationsbüro", "Kinder, Jugendliche und Erwachsene",
        2018, d(31, 12, 2019), (IU, UG, UG),
        (
            "Rund 400 Medien in Arabisch, Farsi, Tigrinya und Türkisch wurden beschafft.",
            "Der Aufbau des Bestands ist abgeschlossen (rund 900 Medien). "
            "Die Medien werden regelmäßig ausgeliehen.",
            "Die Maßnahme ist abgeschlossen. Aktualisierungen erfolgen aus dem regulären "
            "Erwerbungsetat.",
        ),
    ),
    Measure(
        "1.10", "Deutsch für den Alltag – Kurs für Seniorinnen und Senioren", VHS,
        "Seniorenbüro, Kirchengemeinden", "Zugewanderte ab 60 Jahren",
        2019, 2021, (NB, IV, IU),
        (
            "Der Bedarf wird über die Migrationsberatung und die Kirchengemeinden erhoben.",
            "Ein Kurskonzept mit langsamerer Progression liegt vor. Geeignete Räume in der "
            "Innenstadt werden gesucht.",
            "Der erste Kurs ist im September 2020 mit zehn Teilnehmenden in einem "
            "Gemeindehaus in der Innenstadt gestartet.",
        ),
    ),
    # 2 Arbeit, Ausbildung und Wirtschaft
    Measure(
        "2.1", "Integrationsfachkräfte im Jobcenter", JC,
        "Agentur für Arbeit", "Arbeitsuchende Geflüchtete",
        2017, ONGOING, (IU, VS, VS),
        (
            "Zwei Integrationsfachkräfte betreuen Geflüchtete mit einem Schlüssel von 1:80.",
            "Das spezialisierte Fallmanagement wurde in die Regelorganisation des "
            "Jobcenters übernommen.",
            "Beratungen fanden zeitweise telefonisch statt. Die Übergänge in Beschäftigung "
            "sind pandemiebedingt zurückgegangen.",
        ),
    ),
    Measure(
        "2.2", "Anerkennungsberatung für ausländische Berufsabschlüsse", MBE,
        "IQ Netzwerk Niedersachsen, Jobcenter",
        "Zugewanderte mit ausländischem Berufs- oder Studienabschluss",
        2018, "31.12.2020", (IV, IU, UG),
        (
            "Eine Beraterin wird durch das IQ Netzwerk geschult. Der Start der Sprechstunde "
            "ist für Januar 2019 geplant.",
            "Die Sprechstunde findet zweimal im Monat statt. Bisher wurden 46 Personen "
            "beraten und 19 Anerkennungsverfahren eingeleitet.",
            "Das Projekt ist planmäßig beendet; insgesamt wurden 112 Personen beraten. "
            "Weitere Anfragen werden an die Beratungsstellen des IQ Netzwerks vermittelt.",
        ),
    ),
    Measure(
        "2.3", "Ausbildungspatenschaften mit Handwerksbetrieben", JC,
        "Kreishandwerkerschaft, Freiwilligenagentur",
        "Jugendliche und junge Erwachsene bis 25 Jahre",
        2018, 2020, (IV, IV, EF),
        (
            "Gespräche mit der Kreishandwerkerschaft über ein gemeinsames Patenmodell laufen.",
            "Bisher haben sich nur drei Betriebe gemeldet. Die Kreishandwerkerschaft prüft "
            "ihre Beteiligung.",
            "Die Maßnahme wird nicht weiterverfolgt.",
        ),
        reason=(
            "Die Kreishandwerkerschaft hat ihre Beteiligung beendet. Die Zielgruppe wird seit "
            "2020 über die Maßnahme 2.8 „Ausbildungsbrücke“ erreicht."
        ),
    ),
    Measure(
        "2.4", "Jobmesse „Arbeit hat viele Sprachen“", JC,
        "Agentur für Arbeit, Wirtschaftsförderung",
        "Arbeitsuchende mit Migrationsgeschichte, Betriebe",
        2019, "31.12.2021", (NB, IU, ZG),
        (
            "Die Messe ist für 2019 geplant; der Termin wird mit der Agentur für Arbeit "
            "abgestimmt.",
            "Die erste Jobmesse fand im Oktober 2019 mit 32 Betrieben und rund 400 "
            "Besucherinnen und Besuchern statt. Sie soll jährlich stattfinden.",
            "Die Messe 2020 wurde wegen der Corona-Pandemie abgesagt. Eine Neuauflage wird "
            "geplant, sobald Großveranstaltungen wieder möglich sind.",
        ),
    ),
    Measure(
        "2.5", "Qualifizierung „Kinderbetreuung als Beruf“ für zugewanderte Frauen", VHS,
        "Jobcenter, Fachbereich Jugend und Soziales", "Frauen mit Migrationsgeschichte",
        2020, 2021, (NB, IV, IV),
        (
            "Die Maßnahme ist für 2020 vorgesehen.",
            "Das Kurskonzept wird mit dem Jobcenter und den Kita-Trägern abgestimmt. "
            "Ein Förderantrag ist gestellt.",
            "Der Förderantrag wurde im Herbst 2020 bewilligt. Der Kursstart ist für März "
            "2021 geplant; acht Interessentinnen sind vorgemerkt.",
        ),
    ),
    Measure(
        "2.6", "Sprechstunde für Existenzgründungen", WIFO,
        "IHK, Jobcenter", "Gründungsinteressierte mit Migrationsgeschichte",
        2019, d(31, 12, 2021), (NB, IU, IU),
        (
            "Ein Konzept für eine Sprechstunde gemeinsam mit der IHK wird erarbeitet.",
            "Die Sprechstunde findet seit Mai 2019 monatlich statt; bisher 14 Beratungen.",
            "Die Sprechstunde wurde auf telefonische Terminvergabe umgestellt. 2020 gab es "
            "21 Beratungen, drei Gründungen wurden begleitet.",
        ),
    ),
    Measure(
        "2.7", "Praktikumsbörse für Geflüchtete", JC,
        "Freiwilligenagentur, Kreishandwerkerschaft", "Geflüchtete im Leistungsbezug",
        2018, d(31, 12, 2019), (IV, IU, IU),
        (
            "Eine Online-Plattform für Praktikumsplätze wird vorbereitet.",
            "Die Börse ist online; 18 Betriebe bieten Praktikumsplätze an. Die Vermittlung "
            "verläuft langsamer als geplant.",
            "Viele Betriebe haben Praktika 2020 ausgesetzt. Die Börse wird weiter betrieben, "
            "ein neuer Zeitplan ist noch nicht abgestimmt.",
        ),
    ),
    Measure(
        "2.8", "Ausbildungsbrücke – Begleitung in die duale Ausbildung", JC,
        "Berufsbildende Schulen, Kreishandwerkerschaft",
        "Jugendliche und junge Erwachsene bis 25 Jahre",
        2020, 2022, (None, None, IV),
        (
            None,
            None,
            "Die Maßnahme wurde 2020 neu aufgenommen und ersetzt die Ausbildungspatenschaften "
            "(2.3). Die Stelle für einen Ausbildungscoach ist ausgeschrieben.",
        ),
    ),
    # 3 Wohnen und Nachbarschaft
    Measure(
        "3.1", "Wohnungslotsen für Geflüchtete", FBJS,
        "Wohnungsbaugesellschaft, Migrationsberatung (Caritas)",
        "Geflüchtete in Gemeinschaftsunterkünften",
        2017, ONGOING, (IU, VS, VS),
        (
            "Zwei Wohnungslotsen vermitteln zwischen Vermietern und Wohnungssuchenden. "
            "2018 wurden 37 Haushalte in eigene Wohnungen vermittelt.",
            "Die Wohnungslotsen sind dauerhaft im Fachbereich angesiedelt. 2019 wurden "
            "41 Haushalte vermittelt.",
            "2020 wurden 29 Haushalte vermittelt. Besichtigungen waren zeitweise nur "
            "eingeschränkt möglich.",
        ),
    ),
    Measure(
        "3.2", "Nachbarschaftstreff im Quartier Auguststadt", WBG,
        "Integrationsbüro, Freiwilligenagentur", "Bewohnerinnen und Bewohner des Quartiers",
        2018, d(30, 9, 2019), (IV, UG, UG),
        (
            "Eine Erdgeschosswohnung wird zum Treffpunkt umgebaut.",
            "Der Nachbarschaftstreff wurde im Juni 2019 eröffnet. Ein Verein aus dem "
            "Quartier übernimmt die Öffnungszeiten.",
            "Der Treff wird vom Quartiersverein selbstständig betrieben. Die "
            "Wohnungsbaugesellschaft trägt weiterhin die Mietkosten.",
        ),
    ),
    Measure(
        "3.3", "Mehrsprachige Hausordnungen und Mieterinformationen", WBG,
        "Integrationsbüro", "Mieterinnen und Mieter",
        2018, d(30, 6, 2019), (IV, IU, IV),
        (
            "Die Texte werden in einfache Sprache überarbeitet und anschließend übersetzt.",
            "Übersetzungen in Arabisch und Englisch liegen vor, weitere Sprachen sind "
            "beauftragt.",
            "Nach einer Änderung der Hausordnung müssen alle Texte neu erstellt werden. "
            "Die Übersetzungen werden neu vergeben.",
        ),
    ),
    Measure(
        "3.4", "Konfliktmoderation in Nachbarschaften", IB,
        "Präventionsrat, Schiedsamt", "Nachbarschaften in Mehrfamilienhäusern",
        2019, 2021, (NB, NB, NB),
        (
            "Die Maßnahme soll 2019 beginnen; Ansprechpersonen beim Präventionsrat sind "
            "benannt.",
            "Der Start ist verschoben, da noch keine ausgebildeten Konfliktmoderatorinnen "
            "und -moderatoren zur Verfügung stehen.",
            "Die geplante Ausbildung der Moderatorinnen und Moderatoren konnte 2020 nicht "
            "stattfinden.",
        ),
    ),
    Measure(
        "3.5", "Auszugsmanagement aus Gemeinschaftsunterkünften", FBJS,
        "Wohnungsbaugesellschaft, Migrationsberatung (Caritas)",
        "Bewohnerinnen und Bewohner von Gemeinschaftsunterkünften",
        2019, d(31, 12, 2021), (None, IV, IU),
        (
            None,
            "Die Maßnahme wurde 2019 in das Konzept aufgenommen. Ein Verfahren zur Erfassung "
            "der Auszugsberechtigten wird abgestimmt.",
            "Seit Februar 2020 werden alle Auszugsberechtigten persönlich beraten. Die "
            "Belegung der Gemeinschaftsunterkünfte ist um ein Viertel gesunken.",
        ),
    ),
    # 4 Gesundheit und Pflege
    Measure(
        "4.1", "Gesundheitslotsinnen und Gesundheitslotsen", GA,
        "Ethno-Medizinisches Zentrum, Migrationsberatung (Caritas)",
        "Zugewanderte aller Altersgruppen",
        2017, ONGOING, (IU, VS, VS),
        (
            "16 Gesundheitslotsinnen und -lotsen wurden ausgebildet und informieren in "
            "ihren Sprachen über das Gesundheitssystem.",
            "Das Projekt wird vom Landkreis dauerhaft finanziert. 2019 fanden "
            "38 Veranstaltungen statt.",
            "Die Lotsinnen und Lotsen informierten 2020 vor allem zu Corona-Schutzmaßnahmen, "
            "teilweise über Messenger-Gruppen.",
        ),
    ),
    Measure(
        "4.2", "Psychosoziale Beratung für Geflüchtete", GA,
        "Migrationsberatung (Caritas), Netzwerk für traumatisierte Flüchtlinge",
        "Geflüchtete mit psychischen Belastungen",
        2018, ONGOING, (IV, IU, IU),
        (
            "Eine Kooperationsvereinbarung mit dem Netzwerk für traumatisierte Flüchtlinge "
            "wird vorbereitet.",
            "Eine Sprechstunde mit Sprachmittlung findet wöchentlich im Gesundheitsamt statt. "
            "Die Wartezeit beträgt rund sechs Wochen.",
            "Die Sprechstunde wurde fortgeführt, zeitweise telefonisch. Die Wartezeit ist "
            "auf rund zehn Wochen gestiegen.",
        ),
    ),
    Measure(
        "4.3", "Sprachmittlerpool für Arztbesuche", IB,
        "Gesundheitsamt (Landkreis), Freiwilligenagentur",
        "Zugewanderte mit geringen Deutschkenntnissen",
        2018, d(31, 12, 2019), (IU, UG, UG),
        (
            "22 ehrenamtliche Sprachmittlerinnen und Sprachmittler sind geschult; die "
            "Vermittlung erfolgt über das Integrationsbüro.",
            "Der Pool ist aufgebaut und wird von Arztpraxen gut angenommen. Die Maßnahme "
            "ist abgeschlossen.",
            "Der Pool wird ohne weiteren Entwicklungsbedarf weitergeführt; 2020 gab es "
            "152 Einsätze.",
        ),
    ),
    Measure(
        "4.4", "Kultursensible Pflege – Fortbildung für Pflegedienste", GA,
        "Pflegestützpunkt, ambulante Pflegedienste", "Pflegekräfte",
        2019, 2020, (NB, NB, EF),
        (
            "Der Bedarf wird mit dem Pflegestützpunkt abgestimmt.",
            "Die Fortbildungsreihe hat noch nicht begonnen; eine Referentin wird gesucht.",
            "Eine eigene Fortbildungsreihe wird nicht mehr angeboten.",
        ),
        reason=(
            "Der Pflegestützpunkt bietet seit 2020 eine landesweit geförderte Fortbildung "
            "zur kultursensiblen Pflege an; ein eigenes Angebot ist nicht mehr erforderlich."
        ),
    ),
    Measure(
        "4.5", "Gesundheitsinformationen in einfacher Sprache und mehreren Sprachen", GA,
        "Integrationsbüro", "Zugewanderte, Menschen mit geringen Lesekenntnissen",
        2020, "31.12.2021", (None, NB, IU),
        (
            None,
            "Die Maßnahme wurde 2019 neu aufgenommen. Der Beginn ist für 2020 vorgesehen.",
            "Informationsblätter zu Impfungen, Vorsorge und Corona-Regeln liegen in acht "
            "Sprachen vor. Weitere Themen folgen 2021.",
        ),
    ),
    # 5 Kultur, Sport und Freizeit
    Measure(
        "5.1", "„Sport für alle“ – Vereinsangebote für Geflüchtete", KSB,
        "Sportvereine, Integrationsbüro", "Kinder, Jugendliche und Erwachsene",
        2017, ONGOING, (IU, VS, VS),
        (
            "14 Vereine bieten kostenfreie Schnupperangebote an. Übungsleitende wurden zum "
            "Thema Vielfalt geschult.",
            "Das Programm ist fester Bestandteil der Arbeit des Kreissportbundes. Über "
            "120 Geflüchtete sind Vereinsmitglied geworden.",
            "Der Trainingsbetrieb ruhte von März bis Mai und ab November; die Vereine "
            "hielten den Kontakt über Online-Angebote.",
        ),
    ),
    Measure(
        "5.2", "Schwimmkurse für Frauen und Mädchen", KSB,
        "Stadtbad, DLRG-Ortsgruppe", "Frauen und Mädchen",
        2019, 2019, (NB, IV, ZG),
        (
            "Das Angebot ist für 2019 geplant; feste Wasserzeiten im Stadtbad sind angefragt.",
            "Eine Schwimmlehrerin ist gefunden. Die Kurse konnten 2019 noch nicht starten, "
            "da keine Wasserzeiten frei waren.",
            "Das Stadtbad war 2020 überwiegend geschlossen. Die Kurse ruhen, bis der "
            "Badebetrieb wieder regulär möglich ist.",
        ),
    ),
    Measure(
        "5.3", "Interkulturelle Woche", IB,
        "Runder Tisch Integration, Kirchengemeinden, Vereine",
        "Alle Einwohnerinnen und Einwohner",
        2017, ONGOING, (UG, VS, VS),
        (
            "Die Interkulturelle Woche fand im September 2018 mit 25 Veranstaltungen statt.",
            "Die Woche findet jährlich statt und ist im Haushalt des Integrationsbüros "
            "verankert. 2019 gab es 31 Veranstaltungen.",
            "2020 fand die Woche mit 12 Veranstaltungen überwiegend im Freien und online statt.",
        ),
    ),
    Measure(
        "5.4", "Kulturpass für Menschen mit geringem Einkommen", KULT,
        "Theater, Museen, Stadtbücherei", "Menschen mit geringem Einkommen",
        2018, 2020, (IV, IU, IU),
        (
            "Die beteiligten Einrichtungen stimmen die Ermäßigungen ab.",
            "Der Kulturpass wird seit April 2019 ausgegeben; bisher 210 Pässe.",
            "Wegen der Schließung der Kultureinrichtungen wurde der Kulturpass kaum genutzt. "
            "Die ausgegebenen Pässe bleiben bis Ende 2021 gültig.",
        ),
    ),
    Measure(
        "5.5", "Interkulturelle Ferienfreizeiten", FBJS,
        "Jugendverbände, Kreissportbund", "Kinder und Jugendliche von 8 bis 14 Jahren",
        2017, ONGOING, (UG, VS, VS),
        (
            "Zwei Ferienfreizeiten mit 48 Kindern fanden statt, davon die Hälfte mit "
            "Migrationsgeschichte.",
            "Die Ferienfreizeiten sind fester Bestandteil des städtischen Ferienprogramms.",
            "Statt Fahrten mit Übernachtung gab es 2020 Tagesangebote in der Stadt mit "
            "insgesamt 60 Kindern.",
        ),
    ),
    Measure(
        "5.6", "Fußballturnier „Wolfenbüttel kickt bunt“", KSB,
        "Sportvereine, Integrationsbüro", "Jugendliche und junge Erwachsene",
        2018, d(30, 6, 2019), (IV, UG, None),
        (
            "Das Turnier wird für Juni 2019 vorbereitet; Vereine und Schulen sind angefragt.",
            "Das Turnier fand im Juni 2019 mit 16 Mannschaften statt. Die Maßnahme ist "
            "abgeschlossen.",
            None,
        ),
    ),
    # 6 Bürgerschaftliches Engagement
    Measure(
        "6.1", "Qualifizierung ehrenamtlicher Integrationslotsinnen und -lotsen", FWA,
        "Integrationsbüro, VHS Wolfenbüttel", "Ehrenamtliche",
        2017, ONGOING, (IU, VS, VS),
        (
            "Zwei Schulungsreihen mit insgesamt 28 Teilnehmenden wurden durchgeführt.",
            "Die Schulungsreihe wird zweimal jährlich angeboten und von der "
            "Freiwilligenagentur finanziert.",
            "Die Frühjahrsreihe fiel aus; die Herbstreihe fand online mit 14 Teilnehmenden "
            "statt.",
        ),
    ),
    Measure(
        "6.2", "Patenschaftsprogramm „Neu in Wolfenbüttel“", FWA,
        "Kirchengemeinden, Integrationsbüro", "Neu zugewanderte Familien",
        2018, ONGOING, (IU, UG, VS),
        (
            "45 Patenschaften wurden vermittelt.",
            "Die Projektphase ist abgeschlossen; insgesamt wurden 92 Patenschaften "
            "vermittelt. Über die Fortführung wird 2020 entschieden.",
            "Das Programm wird seit 2020 dauerhaft von der Freiwilligenagentur weitergeführt "
            "und von der Stadt gefördert.",
        ),
    ),
    Measure(
        "6.3", "Jährlicher Empfang für Ehrenamtliche in der Integrationsarbeit", IB,
        "Freiwilligenagentur, Büro des Bürgermeisters", "Ehrenamtliche in der Integrationsarbeit",
        2017, ONGOING, (UG, VS, VS),
        (
            "Der erste Empfang fand im Dezember 2018 im Rathaus mit 120 Gästen statt.",
            "Der Empfang ist als jährliche Veranstaltung im Haushalt verankert.",
            "Statt des Empfangs erhielten die Ehrenamtlichen 2020 ein Dankschreiben des "
            "Bürgermeisters.",
        ),
    ),
    Measure(
        "6.4", "Migrantenorganisationen stärken", IB,
        "Freiwilligenagentur", "Migrantenorganisationen und Vereine",
        2018, d(31, 12, 2021), (IV, ZG, IU),
        (
            "Eine Bestandsaufnahme der Vereine läuft; sieben Organisationen sind bekannt.",
            "Die Maßnahme ruht, da die zuständige Stelle im Integrationsbüro seit Mai 2019 "
            "unbesetzt ist.",
            "Die Stelle ist seit Februar 2020 wieder besetzt. Vier Vereine werden bei "
            "Satzungsfragen und Förderanträgen beraten.",
        ),
    ),
    # 7 Interkulturelle Öffnung der Verwaltung
    Measure(
        "7.1", "Fortbildung interkulturelle Kompetenz für Beschäftigte", PERS,
        "Integrationsbüro, Studieninstitut", "Beschäftigte der Stadtverwaltung",
        2018, "31.12.2020", (IV, IV, IV),
        (
            "Ein Fortbildungskonzept wird mit dem Studieninstitut abgestimmt.",
            "Das Konzept liegt im Entwurf vor; die Finanzierung ist noch offen.",
            "Fortbildungen vor Ort waren 2020 nicht möglich. Ein Online-Format wird geprüft.",
        ),
    ),
    Measure(
        "7.2", "Mehrsprachige Formulare mit Ausfüllhilfen", IB,
        "Bürgerbüro, Fachbereich Jugend und Soziales",
        "Zugewanderte mit geringen Deutschkenntnissen",
        2018, 2020, (IV, IU, UG),
        (
            "Die 20 am häufigsten genutzten Formulare wurden ausgewählt.",
            "Zwölf Formulare liegen mit Ausfüllhilfen in fünf Sprachen vor.",
            "Alle 20 Formulare sind übersetzt und auf der Internetseite der Stadt abrufbar.",
        ),
    ),
    Measure(
        "7.3", "Auszubildende mit Migrationsgeschichte gewinnen", PERS,
        "Jobcenter, Berufsbildende Schulen", "Jugendliche mit Migrationsgeschichte",
        2017, ONGOING, (IU, VS, VS),
        (
            "Stellenanzeigen ermutigen ausdrücklich zur Bewerbung. Die Stadt war auf zwei "
            "Ausbildungsmessen vertreten.",
            "Das Vorgehen ist Standard im Auswahlverfahren. 2019 haben vier Auszubildende "
            "mit Migrationsgeschichte begonnen.",
            "2020 begannen fünf Auszubildende mit Migrationsgeschichte ihre Ausbildung bei "
            "der Stadt.",
        ),
    ),
    Measure(
        "7.4", "Videodolmetschen im Bürgerbüro", BB,
        "Integrationsbüro", "Kundinnen und Kunden mit geringen Deutschkenntnissen",
        2018, d(31, 12, 2021), (IV, UG, IU),
        (
            "Die technische Ausstattung ist bestellt; ein Dienstleister wurde ausgewählt.",
            "Videodolmetschen ist an zwei Arbeitsplätzen im Bürgerbüro eingeführt.",
            "Der Vertrag mit dem Dienstleister ist ausgelaufen. Ein neues System wird "
            "eingeführt und an allen Arbeitsplätzen neu eingerichtet.",
        ),
    ),
    Measure(
        "7.5", "Leitbild „Vielfalt in der Stadtverwaltung“", IB,
        "Personalrat, Gleichstellungsbeauftragte", "Beschäftigte der Stadtverwaltung",
        2019, 2021, (None, IV, IV),
        (
            None,
            "Eine Arbeitsgruppe mit Personalrat und Gleichstellungsbeauftragter wurde "
            "gebildet.",
            "Ein erster Entwurf des Leitbilds liegt vor. Die Beteiligung der Beschäftigten "
            "ist für 2021 geplant.",
        ),
    ),
    # 8 Beratung, Information und Willkommenskultur
    Measure(
        "8.1", "Willkommensmappe für Neuzugewanderte", IB,
        "Bürgerbüro, Migrationsberatung (Caritas)", "Neuzugewanderte",
        2017, d(31, 12, 2019), (IU, UG, UG),
        (
            "Die Texte der Mappe sind erstellt und werden übersetzt.",
            "Die Willkommensmappe liegt in sieben Sprachen vor und wird bei der Anmeldung "
            "im Bürgerbüro ausgegeben.",
            "Die Mappe wurde um Hinweise zur Corona-Pandemie ergänzt.",
        ),
    ),
    Measure(
        "8.2", "Migrationsberatung für Erwachsene", MBE,
        "Jobcenter, Integrationsbüro", "Zugewanderte über 27 Jahre",
        2017, ONGOING, (VS, VS, VS),
        (
            "Die Migrationsberatung hat 2018 rund 380 Personen beraten.",
            "Rund 410 Personen wurden beraten. Eine Außensprechstunde findet im "
            "Nachbarschaftstreff Auguststadt statt.",
            "Die Beratung fand 2020 überwiegend telefonisch und per Video statt (siehe "
            "Maßnahme 8.7). Rund 450 Personen wurden beraten.",
        ),
    ),
    Measure(
        "8.3", "Mehrsprachige Internetseite „Ankommen in Wolfenbüttel“", IB,
        "Pressestelle, Migrationsberatung (Caritas)", "Neuzugewanderte, Ehrenamtliche",
        2018, 2021, (IV, IU, IU),
        (
            "Inhalte und Struktur der Seite werden erarbeitet.",
            "Die Seite ist auf Deutsch und Englisch online. Die Übersetzung in Arabisch und "
            "Farsi ist beauftragt.",
            "Die arabische Fassung ist online. Die Übersetzung in Farsi verzögert sich.",
        ),
    ),
    Measure(
        "8.4", "Runder Tisch Integration", IB,
        "Akteure der Integrationsarbeit", "Fachöffentlichkeit",
        2017, ONGOING, (VS, VS, VS),
        (
            "Der Runde Tisch tagte 2018 dreimal und begleitet die Umsetzung des Konzepts.",
            "Der Runde Tisch tagte dreimal; Schwerpunkt war die Fortschreibung des Konzepts.",
            "Der Runde Tisch tagte 2020 zweimal als Videokonferenz.",
        ),
    ),
    Measure(
        "8.5", "Offene Sprechstunde im Integrationsbüro", IB,
        None, "Zugewanderte, Ehrenamtliche",
        2017, ONGOING, (IU, VS, VS),
        (
            "Die Sprechstunde findet dienstags und donnerstags statt.",
            "Die Sprechstunde ist fester Bestandteil des Angebots des Integrationsbüros.",
            "Seit März 2020 nur nach telefonischer Terminvereinbarung.",
        ),
    ),
    Measure(
        "8.6", "Erstanlaufstelle bei Diskriminierung", IB,
        "Migrationsberatung (Caritas), Landesnetzwerk Antidiskriminierung",
        "Menschen mit Diskriminierungserfahrung",
        2019, 2021, (NB, IV, IV),
        (
            "Die Maßnahme soll nach Klärung der Trägerschaft beginnen.",
            "Die Trägerschaft ist geklärt. Zwei Beschäftigte werden für die Erstberatung "
            "qualifiziert.",
            "Die Qualifizierung wurde auf 2021 verschoben. Anfragen werden bis dahin an die "
            "Landesberatungsstelle weitergeleitet.",
        ),
    ),
    Measure(
        "8.7", "Telefon- und Videoberatung für Zugewanderte", MBE,
        "Integrationsbüro", "Ratsuchende Zugewanderte",
        2020, ONGOING, (None, None, IU),
        (
            None,
            None,
            "Die Maßnahme wurde im April 2020 neu aufgenommen. Eine Beratungshotline in fünf "
            "Sprachen ist montags bis freitags erreichbar.",
        ),
    ),
)
# fmt: on


# --------------------------------------------------------------------------------------------
# Design check
# --------------------------------------------------------------------------------------------


def id_key(measure_id: str) -> tuple[int, ...]:
    """Natural sort key for IDs like "1.10"."""
    return tuple(int(part) for part in measure_id.split("."))


def classify(measures: Iterable[Measure]) -> dict[str, list[str]]:
    """Classes of the comparison 2020 vs 2019, as the design intends them."""
    classes: dict[str, list[str]] = {name: [] for name in EXPECTED_2020_VS_2019}
    for m in sorted(measures, key=lambda m: id_key(m.id)):
        before, now = m.status_in(PREVIOUS_YEAR), m.status_in(REPORT_YEAR)
        if before is None and now is None:
            pass
        elif before is None:
            classes["new"].append(m.id)
        elif now is None:
            classes["removed"].append(m.id)
        elif now == before:
            classes["unchanged"].append(m.id)
        elif now == EF:
            classes["dropped"].append(m.id)
        elif now == ZG:
            classes["postponed"].append(m.id)
        elif before == ZG:
            classes["resumed"].append(m.id)
        elif PHASES.index(now) > PHASES.index(before):
            classes["progressed"].append(m.id)
        else:
            classes["regressed"].append(m.id)
        if m.status[0] == m.status[1] == m.status[2] and m.status[2] in (NB, IV, IU):
            classes["stalled"].append(m.id)
        end_year = m.end_year()
        if now in OPEN and end_year is not None and end_year < REPORT_YEAR:
            classes["overdue"].append(m.id)
    return classes


def require(condition: object, detail: object = "") -> None:
    """Stop with a message when the demo data no longer matches its design."""
    if not condition:
        raise SystemExit(f"demo data design violated: {detail}")


def check_design() -> None:
    """Fail loudly if the data no longer matches the documented design."""
    ids = [m.id for m in MEASURES]
    require(len(ids) == len(set(ids)), "duplicate measure IDs")
    require(any(i.endswith(".10") for i in ids), "need an ID like x.10")
    for m in MEASURES:
        require(m.field in FIELD_NAMES, m.id)
        require(all(s is None or s in CANONICAL for s in m.status), m.id)
        for year in YEARS:
            require((m.status_in(year) is None) == (m.note_in(year) is None), (m.id, year))
        require((m.reason is not None) == (m.status_in(REPORT_YEAR) == EF), m.id)
        require(EF not in m.status[:2], m.id)
    for (year, measure_id), text in STATUS_SPELLING.items():
        measure = next(m for m in MEASURES if m.id == measure_id)
        key = text.strip().lower()
        canonical = ACCEPTED_ALIASES.get(key) or next(c for c in CANONICAL if c.lower() == key)
        require(canonical == measure.status_in(year), (year, measure_id, text))
    for year, count in EXPECTED_COUNTS.items():
        actual = sum(m.status_in(year) is not None for m in MEASURES)
        require(actual == count, (year, actual))
    classes = classify(MEASURES)
    require(classes == EXPECTED_2020_VS_2019, classes)


# --------------------------------------------------------------------------------------------
# Cell values
# --------------------------------------------------------------------------------------------


def status_text(m: Measure, year: int) -> str:
    canonical = m.status_in(year)
    if canonical is None:
        raise ValueError(f"measure {m.id} is not reported in {year}")
    return STATUS_SPELLING.get((year, m.id), canonical)


def field_label(code: str, numbered: bool) -> str:
    return f"{code} {FIELD_NAMES[code]}" if numbered else FIELD_NAMES[code]


def row_values(m: Measure, year: int, numbered_fields: bool, contact: str = "") -> dict:
    """The values of one measure in one year, keyed by column key."""
    return {
        "id": m.id,
        "field": field_label(m.field, numbered_fields),
        "title": m.title,
        "lead": m.lead,
        "partners": m.partners,
        "target": m.target,
        "begin": m.begin,
        "end": m.end,
        "status": status_text(m, year),
        "note": m.note_in(year),
        "reason": m.reason if year == REPORT_YEAR else None,
        "contact": contact or None,
    }


# Column keys with their default width (characters) in the xlsx files.
WIDTHS = {
    "id": 9,
    "field": 24,
    "title": 40,
    "lead": 24,
    "partners": 30,
    "target": 28,
    "begin": 9,
    "end": 13,
    "status": 16,
    "note": 60,
    "reason": 40,
    "contact": 18,
}

STATUS_HELP = (
    (NB, "Die Umsetzung hat noch nicht begonnen."),
    (IV, "Planung, Abstimmung oder Finanzierung laufen."),
    (IU, "Die Maßnahme wird durchgeführt."),
    (UG, "Die Maßnahme ist abgeschlossen."),
    (VS, "Die Maßnahme ist dauerhaft im Regelangebot verankert."),
    (ZG, "Die Umsetzung ruht vorübergehend (bitte im Sachstand erläutern)."),
    (EF, "Die Maßnahme wird nicht weiterverfolgt (Begründung erforderlich)."),
)

BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------


def normalized_zip(raw: bytes) -> bytes:
    """Rewrite a zip container with fixed entry time stamps (keeps order and compression)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = info.compress_type
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def save_workbook(wb: Workbook, path: Path, created: datetime) -> None:
    """Save without openpyxl's "modified = now" and with fixed zip time stamps."""
    wb.properties.creator = "Integrationsbüro (Beispieldaten)"
    wb.properties.lastModifiedBy = "Integrationsbüro (Beispieldaten)"
    wb.properties.created = created
    wb.properties.modified = created
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(normalized_zip(buffer.getvalue()))


def write_cell(ws: Worksheet, row: int, col: int, key: str, value: object) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.alignment = WRAP_TOP
    cell.border = BORDER
    if key == "id":
        cell.number_format = "@"  # keep "1.10" as text
    elif isinstance(value, datetime):
        cell.number_format = "DD.MM.YYYY"
    elif isinstance(value, int):
        cell.number_format = "0"


def write_header(ws: Worksheet, row: int, keys: Sequence[str], headers: Sequence[str]) -> None:
    for col, (key, header) in enumerate(zip(keys, headers, strict=True), start=1):
        cell = ws.cell(row=row, column=col, value=header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGN
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS[key]
    ws.row_dimensions[row].height = 32


def add_status_validation(ws: Worksheet, formula: str, col: int, first: int, last: int) -> None:
    """Drop-down list; only informs on other words, as offices type aliases anyway."""
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="information",
        errorTitle="Umsetzungsstand",
        error="Bitte möglichst einen Begriff aus der Auswahlliste verwenden.",
    )
    letter = get_column_letter(col)
    validation.add(f"{letter}{first}:{letter}{last}")
    ws.add_data_validation(validation)


def write_notes_sheet(wb: Workbook, year: int, status_header: str) -> str:
    """The "Hinweise" sheet with instructions and the pick list; returns the list range."""
    ws = wb.create_sheet("Hinweise")
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 70
    ws["A1"] = "Hinweise zum Ausfüllen"
    ws["A1"].font = TITLE_FONT
    lines = (
        f"1. Bitte tragen Sie den Stand der Umsetzung zum Stichtag 31.12.{year} ein.",
        f"2. Verwenden Sie in der Spalte „{status_header}“ möglichst einen Begriff aus der "
        "Auswahlliste unten.",
        "3. Bei entfallenen Maßnahmen ist eine Begründung erforderlich.",
        "4. Die Nummern der Maßnahmen bitte nicht verändern.",
        "Rückfragen: Integrationsbüro, Telefon 05331 00000 (Beispieldaten)",
    )
    for offset, line in enumerate(lines):
        ws.cell(row=3 + offset, column=1, value=line)
    first = 10
    ws.cell(row=first - 1, column=1, value="Auswahlliste für den Umsetzungsstand:").font = BOLD
    for offset, (word, meaning) in enumerate(STATUS_HELP):
        ws.cell(row=first + offset, column=1, value=word)
        ws.cell(row=first + offset, column=2, value=meaning)
    last = first + len(STATUS_HELP) - 1
    return f"Hinweise!$A${first}:$A${last}"


@dataclass(frozen=True)
class YearBook:
    """Layout of one yearly overview workbook."""

    year: int
    columns: tuple[tuple[str, str], ...]  # (column key, header text)
    numbered_fields: bool
    subtitle: str | None


YEAR_BOOKS = (
    YearBook(
        2018,
        (
            ("id", "Nr."),
            ("field", "Handlungsfeld"),
            ("title", "Maßnahme"),
            ("lead", "Federführung"),
            ("partners", "Beteiligte"),
            ("target", "Zielgruppe"),
            ("begin", "Beginn"),
            ("end", "Umsetzung bis"),
            ("status", "Status"),
            ("note", "Sachstand"),
        ),
        numbered_fields=True,
        subtitle=None,
    ),
    YearBook(
        2019,
        (
            ("id", "Maßnahmen-Nr."),
            ("field", "Handlungsfeld"),
            ("title", "Titel"),
            ("lead", "Zuständigkeit"),
            ("partners", "Kooperationspartner"),
            ("target", "Zielgruppe"),
            ("begin", "Beginn"),
            ("end", "Ende"),
            ("status", "Stand der\nUmsetzung"),
            ("note", "Sachstand/Bemerkung"),
            ("reason", "Begründung"),
        ),
        numbered_fields=False,
        subtitle="Stand: 31.12.2019",
    ),
)


def write_year_workbook(book: YearBook, path: Path) -> None:
    """One workbook per year: title rows, merged Handlungsfeld groups, spacer rows."""
    keys = [key for key, _ in book.columns]
    headers = [header for _, header in book.columns]
    wb = Workbook()
    ws = wb.active
    ws.title = "Maßnahmen"
    ws["A1"] = (
        "Integrationskonzept der Stadt Wolfenbüttel – Umsetzungsstand "
        f"{book.year} (Beispieldaten, fiktiv)"
    )
    ws["A1"].font = TITLE_FONT
    if book.subtitle:
        ws["A2"] = book.subtitle
        ws["A2"].font = Font(italic=True)
    header_row = 3
    write_header(ws, header_row, keys, headers)
    field_col = keys.index("field") + 1
    row = header_row + 1
    codes = [code for code, _ in FIELDS]
    for index, code in enumerate(codes):
        group = sorted(
            (m for m in MEASURES if m.field == code and m.status_in(book.year) is not None),
            key=lambda m: id_key(m.id),
        )
        first = row
        for position, m in enumerate(group):
            values = row_values(m, book.year, book.numbered_fields)
            for col, key in enumerate(keys, start=1):
                value = values[key]
                if key == "field" and position > 0:
                    value = None  # written once per group, merged below
                write_cell(ws, row, col, key, value)
            row += 1
        if len(group) > 1:
            ws.merge_cells(
                start_row=first, start_column=field_col, end_row=row - 1, end_column=field_col
            )
        if index < len(codes) - 1:
            row += 1  # blank spacer row between groups
    last_row = row - 1
    status_col = keys.index("status") + 1
    pick_list = write_notes_sheet(wb, book.year, headers[status_col - 1].replace("\n", " "))
    add_status_validation(ws, f"={pick_list}", status_col, header_row + 1, last_row)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=field_col + 1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(keys))}{last_row}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    save_workbook(wb, path, created=datetime(book.year + 1, 1, 15, 9, 0))


# 2020 returns: one file per actor (or group of actors).
RETURN_KEYS = (
    "id", "field", "title", "lead", "partners", "target", "begin", "end",
    "status", "note", "reason", "contact",
)  # fmt: skip
RETURN_HEADERS = (
    "Nr", "Handlungsfeld", "Maßnahme", "Federführung", "Beteiligte", "Zielgruppe", "Beginn",
    "Ende", "Status", "Sachstand", "Begründung", "Ansprechperson",
)  # fmt: skip
INLINE_STATUS_LIST = '"' + ",".join(CANONICAL) + '"'


@dataclass(frozen=True)
class ReturnFile:
    """One actor's 2020 return."""

    name: str
    leads: tuple[str, ...]
    contacts: dict[str, str]  # lead -> Ansprechperson
    title: str | None = None  # title row above the header
    numbered_fields: bool = False
    sheet: str = "Rückmeldung"
    extra_ids: tuple[str, ...] = ()  # measures of other leads reported here as well


RETURN_FILES = (
    ReturnFile(
        "Rueckmeldung_VHS.xlsx",
        (VHS,),
        {VHS: "Frau Beispiel"},
        title="Rückmeldung VHS Wolfenbüttel – Umsetzungsstand zum 31.12.2020",
        numbered_fields=True,
    ),
    ReturnFile(
        "Rueckmeldung_Jobcenter.xlsx",
        (JC,),
        {JC: "Herr Muster", VHS: "Frau Beispiel"},
        numbered_fields=True,
        sheet="Tabelle1",
        extra_ids=("2.5",),  # shared measure, also returned by the VHS
    ),
    ReturnFile(
        "Rueckmeldung_Stadt_Fachbereich_Jugend_Soziales.xlsx",
        (FBJS,),
        {FBJS: "Frau Musterfrau"},
        title="Stadt Wolfenbüttel, Fachbereich Jugend und Soziales – Rückmeldung Sachstand",
    ),
    ReturnFile(
        "Rueckmeldung_Stadtverwaltung_Integrationsbuero.xlsx",
        (IB, BUE, WIFO, KULT, PERS, BB),
        {
            IB: "Herr Mustermann",
            BUE: "Frau Exempel",
            WIFO: "Herr Probe",
            KULT: "Frau Vorlage",
            PERS: "Herr Beispielmann",
            BB: "Frau Muster",
        },
        numbered_fields=True,
    ),
    ReturnFile(
        "Rueckmeldung_Caritas_Migrationsberatung.xlsx",
        (MBE,),
        {MBE: "Frau Probe"},
        title="Caritas – Migrationsberatung: Rückmeldung zum Integrationskonzept",
        sheet="Tabelle1",
    ),
    ReturnFile(
        "Rueckmeldung_Wohnungsbaugesellschaft.xlsx",
        (WBG,),
        {WBG: "Herr Musterhaus"},
    ),
    ReturnFile(
        "Rueckmeldung_Freiwilligenagentur_Kreissportbund.ods",
        (FWA, KSB),
        {FWA: "Frau Mustermann", KSB: "Herr Exempel"},
        sheet="Tabelle1",
    ),
    ReturnFile(
        "Rueckmeldung_Gesundheitsamt_Landkreis.csv",
        (GA,),
        {GA: "Dr. Beispiel"},
        title="Landkreis Wolfenbüttel – Gesundheitsamt – Rückmeldung Integrationskonzept",
        numbered_fields=True,
    ),
)


def return_rows(spec: ReturnFile) -> list[dict]:
    ids = set(spec.extra_ids)
    chosen = [
        m
        for m in MEASURES
        if m.status_in(REPORT_YEAR) is not None and (m.lead in spec.leads or m.id in ids)
    ]
    chosen.sort(key=lambda m: id_key(m.id))
    return [row_values(m, REPORT_YEAR, spec.numbered_fields, spec.contacts[m.lead]) for m in chosen]


def write_return_xlsx(spec: ReturnFile, rows: list[dict], path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = spec.sheet
    header_row = 1
    if spec.title:
        ws["A1"] = spec.title
        ws["A1"].font = Font(bold=True, size=12)
        header_row = 2
    write_header(ws, header_row, RETURN_KEYS, RETURN_HEADERS)
    for offset, values in enumerate(rows, start=1):
        for col, key in enumerate(RETURN_KEYS, start=1):
            write_cell(ws, header_row + offset, col, key, values[key])
    last_row = header_row + len(rows)
    status_col = RETURN_KEYS.index("status") + 1
    add_status_validation(ws, INLINE_STATUS_LIST, status_col, header_row + 1, last_row)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
    ws.page_setup.orientation = "landscape"
    save_workbook(wb, path, created=datetime(2021, 1, 15, 9, 0))


def write_return_ods(spec: ReturnFile, rows: list[dict], path: Path) -> None:
    frame = pd.DataFrame(
        [[values[key] for key in RETURN_KEYS] for values in rows],
        columns=list(RETURN_HEADERS),
        dtype=object,
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="odf") as writer:
        frame.to_excel(writer, sheet_name=spec.sheet, index=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(normalized_zip(buffer.getvalue()))


def csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    return str(value)


def write_return_csv(spec: ReturnFile, rows: list[dict], path: Path) -> None:
    """As Excel on Windows exports "CSV (Trennzeichen-getrennt)": ';', cp1252, CRLF."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    width = len(RETURN_HEADERS)
    if spec.title:
        writer.writerow([spec.title] + [""] * (width - 1))
    writer.writerow(RETURN_HEADERS)
    for values in rows:
        writer.writerow([csv_text(values[key]) for key in RETURN_KEYS])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.getvalue().encode("cp1252"))


def check_returns(all_rows: dict[str, list[dict]]) -> None:
    """Every 2020 measure is returned once, except the shared one (returned twice, identical)."""
    seen: dict[str, list[dict]] = {}
    for rows in all_rows.values():
        for values in rows:
            seen.setdefault(values["id"], []).append(values)
    expected = {m.id for m in MEASURES if m.status_in(REPORT_YEAR) is not None}
    require(set(seen) == expected, sorted(set(seen) ^ expected))
    twice = {key: found for key, found in seen.items() if len(found) > 1}
    require(list(twice) == ["2.5"], twice)
    require(twice["2.5"][0] == twice["2.5"][1])
    for name in all_rows:
        # the tool takes the year from the folder; a year in the name would be ambiguous
        require(not re.search(r"(?<!\d)\d{4}(?!\d)", name), name)


# --------------------------------------------------------------------------------------------
# Indicators (indikatoren.xlsx)
# --------------------------------------------------------------------------------------------

INDICATOR_YEARS = (2016, 2017, 2018, 2019, 2020)
GAP = "k. A."  # written for a year without a value


@dataclass(frozen=True)
class IndicatorSpec:
    """One fictional indicator; values per year as written in the cell (None: no row)."""

    name: str
    field: str  # code of the Handlungsfeld
    unit: str
    source: str
    area: str
    definition: str
    values: tuple[object, ...]  # one per INDICATOR_YEARS
    target: object = None
    target_year: int | None = None


# Direction 2019 -> 2020 relative to the target is part of the design: "away" for the
# integration courses (pandemic) and the unemployment rate; "towards" for the others.
# fmt: off
INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        "Teilnehmende an Integrationskursen", "1", "Personen",
        "BAMF, Integrationskursgeschäftsstatistik (fiktiv)", "Stadt",
        "Neu begonnene Teilnahmen an Integrationskursen im Kalenderjahr.",
        (412, 538, 497, 463, 318), 500, 2022,
    ),
    IndicatorSpec(
        "Anteil der Kita-Kinder mit Migrationsgeschichte", "1", "%",
        "Landesamt für Statistik Niedersachsen (fiktiv)", "Stadt",
        "Kinder in Kindertagesstätten mit mindestens einem im Ausland geborenen Elternteil, "
        "Stichtag 1. März.",
        ("24,1", "25,3", GAP, "27,9", "28,4"),
    ),
    IndicatorSpec(
        "Bestandene Prüfungen im Deutsch-Test für Zuwanderer (B1)", "1", "%",
        "BAMF (fiktiv)", "Stadt",
        "Anteil der Prüfungen auf Niveau B1 an allen abgelegten Prüfungen.",
        (58.2, 59.6, 61.0, 62.4, 63.1), 65, 2022,
    ),
    IndicatorSpec(
        "Sozialversicherungspflichtig Beschäftigte mit ausländischer Staatsangehörigkeit", "2",
        "Personen", "Bundesagentur für Arbeit (fiktiv)", "Stadt",
        "Beschäftigte am Arbeitsort, Stichtag 30. Juni.",
        ("1.684", "1.812", "1.957", "2.103", "2.141"), "2.300", 2022,
    ),
    IndicatorSpec(
        "Arbeitslosenquote der Ausländerinnen und Ausländer", "2", "%",
        "Bundesagentur für Arbeit (fiktiv)", "Landkreis",
        "Arbeitslose mit ausländischer Staatsangehörigkeit in Prozent der ausländischen "
        "zivilen Erwerbspersonen, Jahresdurchschnitt.",
        ("16,8 %", "15,9 %", "14,7 %", "13,9 %", "15,2 %"), "12,0", 2022,
    ),
    IndicatorSpec(
        "Geflüchtete in Gemeinschaftsunterkünften", "3", "Personen",
        "Fachbereich Jugend und Soziales (fiktiv)", "Stadt",
        "Bewohnerinnen und Bewohner der städtischen Gemeinschaftsunterkünfte am 31. Dezember.",
        (612, 455, 331, 254, 198), 100, 2022,
    ),
    IndicatorSpec(
        "Einsätze des Sprachmittlerpools", "4", "Einsätze",
        "Integrationsbüro (fiktiv)", "Stadt",
        "Vermittelte Einsätze von Sprachmittlerinnen und Sprachmittlern bei Arztbesuchen.",
        (None, 86, 143, 171, 152),
    ),
    IndicatorSpec(
        "Mitglieder mit Migrationsgeschichte in Sportvereinen", "5", "Personen",
        "Kreissportbund (fiktiv)", "Landkreis",
        "Nach Angaben der Vereine in der jährlichen Bestandserhebung.",
        (1130, 1205, 1262, 1318, 1341), 1500, 2023,
    ),
    IndicatorSpec(
        "Aktive Integrationslotsinnen und -lotsen", "6", "Personen",
        "Freiwilligenagentur (fiktiv)", "Stadt",
        "Ehrenamtliche mit mindestens einem Einsatz im Jahr.",
        (38, 45, 52, 49, 53), 60, 2022,
    ),
    IndicatorSpec(
        "Beschäftigte der Stadtverwaltung mit Migrationsgeschichte", "7", "%",
        "Personalbefragung der Stadtverwaltung (fiktiv, alle zwei Jahre)", "Stadt",
        "Anteil der Beschäftigten, die in der freiwilligen Befragung eine Migrationsgeschichte "
        "angeben.",
        ("6,2", None, "7,1", None, "8,4"), 10, 2025,
    ),
    IndicatorSpec(
        "Beratungsfälle der Migrationsberatung", "8", "Fälle",
        "Migrationsberatung (Caritas) (fiktiv)", "Stadt",
        "Abgeschlossene und laufende Beratungsfälle im Kalenderjahr.",
        (734, 802, 788, 815, 903),
    ),
)
# fmt: on
INDICATOR_KEYS = (
    "name",
    "field",
    "year",
    "value",
    "unit",
    "target",
    "target_year",
    "source",
    "area",
    "definition",
)  # fmt: skip
INDICATOR_HEADERS = (
    "Indikator", "Handlungsfeld", "Jahr", "Wert", "Einheit", "Zielwert", "Zieljahr", "Quelle",
    "Gebiet", "Definition",
)  # fmt: skip
INDICATOR_WIDTHS = (44, 30, 8, 12, 10, 10, 10, 36, 12, 60)


def check_indicators() -> None:
    require(8 <= len(INDICATORS) <= 12, len(INDICATORS))
    require(len({i.name for i in INDICATORS}) == len(INDICATORS), "duplicate indicator names")
    for spec in INDICATORS:
        require(spec.field in FIELD_NAMES, spec.name)
        require(len(spec.values) == len(INDICATOR_YEARS), spec.name)
    require(any(GAP in spec.values for spec in INDICATORS), "need a gap year")
    require(any(isinstance(v, str) and "," in v for s in INDICATORS for v in s.values))


def write_indicators(path: Path) -> None:
    """Long format: one row per indicator and year; the definition only in its first row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Indikatoren"
    ws["A1"] = "Indikatoren zum Integrationskonzept der Stadt Wolfenbüttel (Beispieldaten, fiktiv)"
    ws["A1"].font = TITLE_FONT
    header_row = 3
    for col, (header, width) in enumerate(zip(INDICATOR_HEADERS, INDICATOR_WIDTHS, strict=True)):
        cell = ws.cell(row=header_row, column=col + 1, value=header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGN
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(col + 1)].width = width
    row = header_row + 1
    for spec in INDICATORS:
        first = True
        for year, value in zip(INDICATOR_YEARS, spec.values, strict=True):
            if value is None:
                continue
            values = {
                "name": spec.name,
                "field": FIELD_NAMES[spec.field],
                "year": year,
                "value": value,
                "unit": spec.unit,
                "target": spec.target,
                "target_year": spec.target_year,
                "source": spec.source,
                "area": spec.area,
                "definition": spec.definition if first else None,
            }
            for col, key in enumerate(INDICATOR_KEYS, start=1):
                cell = ws.cell(row=row, column=col, value=values[key])
                cell.alignment = WRAP_TOP
                cell.border = BORDER
                if isinstance(values[key], str) and key in ("value", "target"):
                    cell.number_format = "@"  # typed as text, as offices often do
            first = False
            row += 1
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(INDICATOR_KEYS))}{row - 1}"
    save_workbook(wb, path, created=datetime(2021, 1, 20, 9, 0))


# --------------------------------------------------------------------------------------------
# review.toml
# --------------------------------------------------------------------------------------------


def review_toml() -> str:
    lines = [
        "# Configuration of the yearly review. All keys are optional.",
        "[report]",
        'city = "Stadt Wolfenbüttel"',
        'office = "Integrationsbüro"',
        'concept = "Integrationskonzept der Stadt Wolfenbüttel"',
        'subtitle = "Beispieldaten – alle Angaben sind fiktiv"',
        'language = "de"',
        'file_name = "integrationsbericht"',
        "",
        "[report.vorlage]",
        'number = "2021/093"',
        'committee = "Ausschuss für Jugend und Soziales"',
        'meeting_date = "2021-03-11"',
    ]
    for code, name in FIELDS:
        lines += ["", "[[fields]]", f'code = "{code}"', f'name = "{name}"']
    text = "\n".join(lines) + "\n"
    parsed = tomllib.loads(text)
    require([f["code"] for f in parsed["fields"]] == [code for code, _ in FIELDS])
    return text


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def build(out_dir: Path) -> list[Path]:
    """Write all demo inputs below ``out_dir``; returns the written paths."""
    check_design()
    written: list[Path] = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for book in YEAR_BOOKS:
        path = out_dir / f"Umsetzungsstand_Integrationskonzept_{book.year}.xlsx"
        write_year_workbook(book, path)
        written.append(path)

    returns_dir = out_dir / str(REPORT_YEAR)
    returns_dir.mkdir(parents=True, exist_ok=True)
    for stale in sorted(returns_dir.glob("Rueckmeldung_*")):
        stale.unlink()
    all_rows = {spec.name: return_rows(spec) for spec in RETURN_FILES}
    check_returns(all_rows)
    writers: dict[str, Callable[[ReturnFile, list[dict], Path], None]] = {
        ".xlsx": write_return_xlsx,
        ".ods": write_return_ods,
        ".csv": write_return_csv,
    }
    for spec in RETURN_FILES:
        path = returns_dir / spec.name
        writers[path.suffix](spec, all_rows[spec.name], path)
        written.append(path)

    check_indicators()
    indicators = out_dir / "indikatoren.xlsx"
    write_indicators(indicators)
    written.append(indicators)

    config = out_dir / "review.toml"
    config.write_text(review_toml(), encoding="utf-8", newline="\n")
    written.append(config)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output directory (default: inputs/)"
    )
    args = parser.parse_args(argv)
    for path in build(args.out):
        print(path.relative_to(args.out).as_posix())
    return 0


if __name__ == "__main__":
    sys.exit(main())

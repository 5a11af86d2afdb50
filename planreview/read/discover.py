"""Find each year's files under the inputs folder and the year each belongs to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..problems import Joined, Problem, Said, error, note
from .columns import normalise_header

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
YEAR_IN_NAME = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
YEAR_FOLDER = re.compile(r"^(19\d\d|20\d\d)(?:[\s_.\-–][^\d]*)?$")
YEAR_SPAN = re.compile(r"(?<!\d)(19\d\d|20\d\d)\s*(?:-|–|bis)\s*(19\d\d|20\d\d)(?!\d)")
# A sheet of this name (in any workbook) and a file of this stem (at the top of the inputs
# folder) hold indicators, read by indicators.py; compared with normalise_header.
INDICATORS = "indikatoren"


@dataclass(frozen=True)
class InputFile:
    path: Path
    name: str  # path relative to the inputs folder, as shown to the user
    year: int


@dataclass(frozen=True)
class Discovery:
    """The files found under the inputs folder, with the year each belongs to."""

    files: tuple[InputFile, ...]
    problems: tuple[Problem, ...]
    indicator_files: tuple[Path, ...] = ()  # indikatoren.* at the top of the inputs folder

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({f.year for f in self.files}))

    def files_of(self, year: int) -> tuple[InputFile, ...]:
        return tuple(f for f in self.files if f.year == year)


def discover(inputs: Path) -> Discovery:
    """Every spreadsheet under `inputs` with its year; lock, hidden and other files noted."""
    files, problems, indicator_files = [], [], []
    root = inputs.resolve()
    for path in sorted(p for p in inputs.rglob("*") if p.is_file() or p.is_symlink()):
        name = path.relative_to(inputs).as_posix()
        parts = path.relative_to(inputs).parts
        if any(part.startswith(".") for part in parts[:-1]):
            continue  # inside a hidden folder (.git, .~ backups): not the clerk's files
        if path.is_symlink() and not _linked_inside(path, name, root, problems):
            continue
        base = path.name
        if base.startswith("~$") or base.startswith(".~lock"):
            problems.append(note(Said("lock_file"), file=name))
            continue
        if base.startswith("."):
            problems.append(note(Said("hidden_file"), file=name))
            continue
        if base == "review.toml":
            continue
        if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
            problems.append(
                note(
                    Said("not_a_spreadsheet"),
                    file=name,
                    accepted=", ".join(SPREADSHEET_SUFFIXES),
                )
            )
            continue
        if len(parts) == 1 and normalise_header(path.stem) == INDICATORS:
            indicator_files.append(path)  # no year: one table for all years
            continue
        year, problem = year_of(path, name, parts[:-1])
        if problem:
            problems.append(problem)
        else:
            files.append(InputFile(path, name, year))
    return Discovery(tuple(files), tuple(problems), tuple(indicator_files))


def _linked_inside(path: Path, name: str, root: Path, problems: list[Problem]) -> bool:
    """A link to a file inside the inputs folder is read (with a note); one leading out of it,
    to a folder, or to nothing is not: what is read must be what the folder holds."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling link or a loop
        problems.append(note(Said("dangling_link"), file=name))
        return False
    if not target.is_relative_to(root):
        problems.append(
            error(
                Said("link_outside_inputs", target=str(target)),
                file=name,
            )
        )
        return False
    if not target.is_file():
        problems.append(note(Said("linked_folder"), file=name))
        return False
    problems.append(
        note(Said("linked_file", target=target.relative_to(root).as_posix()), file=name)
    )
    return True


def _folder_year(folder: str) -> int | None:
    """2020/, "2020 Rückmeldungen/", "2020_Stand/": a folder whose name starts with a year
    (and names no other)."""
    found = YEAR_FOLDER.match(folder)
    if not found or len(set(YEAR_IN_NAME.findall(folder))) != 1:
        return None
    return int(found.group(1))


def year_of(path: Path, name: str, folders=()) -> tuple[int | None, Problem | None]:
    """The year from the nearest folder named YYYY (or "YYYY Rückmeldungen") inside the
    inputs folder, else the one year in the file name. A span in the name ("Maßnahmenplan
    2019-2023") is the plan's period, not a year."""
    stem = path.stem
    spans = [(int(a), int(b)) for a, b in YEAR_SPAN.findall(stem)]
    in_name = sorted(set(YEAR_IN_NAME.findall(YEAR_SPAN.sub(" ", stem))))
    folder = next((y for f in reversed(folders) if (y := _folder_year(f))), None)
    if folder:
        if in_name and str(folder) not in in_name:
            return None, error(
                Said(
                    "year_folder_and_name_differ",
                    folder=folder,
                    years=Joined(tuple(in_name), Said("and")),
                ),
                file=name,
            )
        return folder, None
    if len(in_name) == 1:
        return int(in_name[0]), None
    if spans and not in_name:
        first, last = spans[0]
        return None, error(
            Said("year_span_in_name", first=first, last=last),
            file=name,
        )
    accepted = Said("accepted_year_of_file")
    if not in_name:
        return None, error(Said("year_of_file_unknown"), file=name, accepted=accepted)
    return None, error(
        Said("years_in_name", years=", ".join(in_name)),
        file=name,
        accepted=accepted,
    )

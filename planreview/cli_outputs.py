"""The outputs named on the command line (build --out, --json, --html, --xlsx): a file, or a
folder that gets the default file name. A name ending in "/" means a folder, and so does a
folder that exists; a folder that does not exist is refused, naming it (never written as a
file of that name)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .export.files import OutputConflict, output_conflicts
from .problems import InputError, Problem, Said, error
from .read.config import find_config

SEPARATORS = tuple({"/", os.sep})


@dataclass(frozen=True)
class Output:
    """One output as typed (argparse's type); "" for the default (--xlsx without a name)."""

    given: str

    @property
    def means_folder(self) -> bool:
        return self.given.endswith(SEPARATORS) or Path(self.given).is_dir()

    def named_file(self) -> Path | None:
        """The file, if one is named (a folder's file is named once the year is known)."""
        return None if not self.given or self.means_folder else Path(self.given)

    def path(self, default: Path) -> Path:
        """The file to write: the one named, or default's name in the folder named."""
        if not self.given:
            return default
        return Path(self.given) / default.name if self.means_folder else Path(self.given)

    def folder_problem(self) -> Problem | None:
        """A folder asked for ("…/") that does not exist or is a file."""
        folder = Path(self.given)
        if not self.given.endswith(SEPARATORS) or folder.is_dir():
            return None
        if folder.exists():
            return error(Said("output_folder_is_a_file", folder=self.given), file=self.given)
        return error(Said("output_folder_missing", folder=self.given), file=self.given)


def folder_problems(outputs: dict[str, Output | None]) -> list[Problem]:
    """Before any work: the folders asked for that are not there."""
    found = (o.folder_problem() for o in outputs.values() if o is not None)
    return [p for p in found if p is not None]


SUFFIXES = {"pdf": ".pdf", "json": ".json", "xlsx": ".xlsx", "html": ".html"}


def files_to_write(
    outputs: dict[str, Output | None], default: Callable[[str], Path]
) -> dict[str, Path | None]:
    """kind -> the file to write (None: not asked for); default(suffix): the default file."""
    return {
        kind: None if o is None else o.path(default(SUFFIXES[kind])) for kind, o in outputs.items()
    }


def outputs_asked(args) -> dict[str, Output | None]:
    """kind -> the output the command line names (the PDF unless --no-pdf)."""
    pdf = None if args.no_pdf else args.out or Output("")
    return {"pdf": pdf, "json": args.json, "xlsx": args.xlsx, "html": args.html}


def check_outputs(args) -> None:
    """Before any work: the folders asked for must be there (InputError), and no output named
    on the command line may replace a file of the inputs folder, the configuration or another
    output (OutputConflict; build() checks the defaults again)."""
    asked = outputs_asked(args)
    missing = folder_problems(asked)
    if missing:
        raise InputError(missing)
    # a folder's file is named after reading (build())
    outputs = {kind: None if o is None else o.named_file() for kind, o in asked.items()}
    inputs = [p for p in args.inputs.rglob("*") if p.is_file()] if args.inputs.is_dir() else []
    conflicts = output_conflicts(outputs, inputs, find_config(args.inputs, args.config))
    if conflicts:
        raise OutputConflict(conflicts)

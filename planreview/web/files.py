"""What the browser changes in the inputs folder: uploads (checked, named safely, never
overwriting silently), backups of replaced files, the audit log, the build lock.

The workbench's own files live in <inputs>/.planreview/, a hidden folder the loader skips:
aenderungen.log (one line per change), sicherung/ (replaced files), bau.lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..problems import Said
from ..read.discover import SPREADSHEET_SUFFIXES, YEAR_FOLDER
from ..read.sheets import OLE_MAGIC, ZIP_MAGIC

STATE = ".planreview"
AUDIT_LOG = "aenderungen.log"
BACKUPS = "sicherung"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # per file; a plan's return file is a few hundred kB
_UNSAFE = re.compile(r"[^\w.\- ]+")


@dataclass(frozen=True)
class Stored:
    name: str  # relative to the inputs folder, e.g. "2021/Rueckmeldung_VHS.xlsx"
    replaced: str = ""  # the backup of the file it replaced, relative to the inputs folder


class Refused(Exception):
    """An upload not taken (German message, naming the file)."""


def safe_name(name: str) -> str:
    """A file name from the browser made harmless: no folders, no leading dots, letters
    (umlauts too), digits, space, _ . - only. "" when nothing is left."""
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", base).strip(" .")
    base = re.sub(r"\s+", " ", base)
    return base[:120]


def kind_problem(name: str, head: bytes) -> str:
    """Why these bytes are not a spreadsheet of the type the name says ("" if they are)."""
    suffix = Path(name).suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES:
        return Said("upload_not_a_table", name=name, accepted=", ".join(SPREADSHEET_SUFFIXES))
    if suffix in (".xlsx", ".xlsm", ".ods") and not head.startswith(ZIP_MAGIC):
        return Said("upload_not_that_kind", name=name, suffix=suffix)
    if suffix == ".xls" and not head.startswith(OLE_MAGIC):
        return Said("upload_not_xls", name=name)
    if suffix == ".csv" and b"\x00" in head:
        return Said("upload_not_csv", name=name)
    return ""


def year_folder(inputs: Path, year: str) -> Path:
    if not YEAR_FOLDER.match(year or ""):
        raise Refused(Said("upload_not_a_year", year=year))
    return inputs / year


def store(
    inputs: Path, year: str, name: str, data: bytes, replace: bool, user: str, now=None
) -> Stored:
    """Write one uploaded file into <inputs>/<year>/; an existing file only with `replace`,
    and then the old one goes to the backups first. Refused: see Refused."""
    clean = safe_name(name)
    if not clean:
        raise Refused(Said("upload_name_unusable", name=name))
    problem = kind_problem(clean, data[:8])
    if problem:
        raise Refused(problem)
    if len(data) > MAX_UPLOAD_BYTES:
        size = f"{len(data) / 1e6:.1f}"
        said = Said("upload_too_big", name=clean, size=size, most=MAX_UPLOAD_BYTES // 1_000_000)
        raise Refused(said)
    folder = year_folder(inputs, year)
    target = (folder / clean).resolve()
    if target.parent != folder.resolve() or not target.is_relative_to(inputs.resolve()):
        raise Refused(Said("upload_outside", name=name))
    now = now or dt.datetime.now()
    backup = ""
    if target.exists():
        if not replace:
            raise Refused(Said("upload_exists", name=f"{year}/{clean}"))
        backup = _back_up(inputs, target, now)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{clean}.upload"
    temporary.write_bytes(data)
    os.replace(temporary, target)
    stored = Stored(f"{year}/{clean}", backup)
    action = Said("audit_replaced" if backup else "audit_uploaded")
    audit(inputs, user, action, stored.name, backup, now)
    return stored


def _back_up(inputs: Path, target: Path, now: dt.datetime) -> str:
    relative = target.relative_to(inputs.resolve())
    stamp = now.strftime("%Y-%m-%d_%H%M%S")
    backup = inputs / STATE / BACKUPS / relative.parent / f"{stamp}_{relative.name}"
    backup.parent.mkdir(parents=True, exist_ok=True)
    os.replace(target, backup)
    return backup.relative_to(inputs).as_posix()


def audit(inputs: Path, user: str, action: str, name: str, detail: str = "", now=None) -> None:
    """One line per change: time, who, what, which file (tab-separated, appended)."""
    now = (now or dt.datetime.now()).isoformat(timespec="seconds")
    fields = [now, _flat(user or Said("web_local_user")), action, _flat(name)] + (
        [_flat(detail)] if detail else []
    )
    log = inputs / STATE / AUDIT_LOG
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as out:
        out.write("\t".join(fields) + "\n")


def _flat(text: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text)


@contextlib.contextmanager
def build_lock(inputs: Path):
    """Held while a report is built from this inputs folder; yields False when another build
    (of this server or another one on the same folder) holds it."""
    path = inputs / STATE / "bau.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

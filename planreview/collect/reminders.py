"""Reminder e-mail drafts (.eml): one per actor without an answer, its form attached.

Staff open a draft in Outlook or Thunderbird, add the address and send it: no mail server.
The text comes from erinnerung.txt in the templates folder (a city's copy may change it):
its first line "Betreff: …" is the subject, $names are filled in (string.Template, so the
text cannot run code).
"""

from __future__ import annotations

import datetime as dt
import re
import string
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path

from ..problems import Said
from ..read.config import Config

TEMPLATE = "erinnerung.txt"
SUBJECT = "Betreff:"  # how erinnerung.txt's first line starts: it gives the subject
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_NAME = re.compile(r"\$\{?(\w+)")


def one_line(text: str) -> str:
    """Spreadsheet text for a header: no line breaks or control characters."""
    return _CONTROL.sub(" ", text).strip()


def reminder_text(template: str, values: dict[str, str]) -> tuple[str, str]:
    """(subject, body) from the template's text. A line whose $name is empty and that then
    comes out blank or ending in ":" ("Bei Fragen:" without a contact) is left out."""
    lines = []
    for line in template.splitlines():
        filled = string.Template(line).safe_substitute(values)
        empty = any(not values.get(n, "-") for n in _NAME.findall(line))
        if empty and (not filled.strip() or filled.rstrip().endswith(":")):
            continue
        lines.append(filled)
    filled = "\n".join(lines) + "\n"
    first, _, rest = filled.partition("\n")
    if first.startswith(SUBJECT):
        return one_line(first[len(SUBJECT) :]), rest.lstrip("\n")
    return one_line(Said("reminder_subject", year=values.get("year", ""))), filled


def reminder(
    actor, year: int, form: Path, config: Config, template: str, now: dt.datetime | None = None
) -> bytes:
    """The .eml draft for one analyse.responses.ActorResponse, with `form` attached."""
    outstanding = (*actor.unanswered, *actor.missing)
    deadline = config.collection.deadline
    values = {
        "lead": one_line(actor.lead or Said("no_lead")),  # "": the measures without a lead
        "year": str(year),
        "concept": config.concept or Said("reminder_concept"),
        "outstanding": str(actor.outstanding),
        "measures": str(actor.measures),
        "measure_list": "\n".join(f"  {one_line(m.id)} {one_line(m.title)}" for m in outstanding),
        "form": form.name,
        "deadline": deadline,
        "deadline_text": Said("reminder_deadline", deadline=deadline) if deadline else "",
        "contact": config.collection.contact or config.office or "",
        "office": config.office or config.city or "",
    }
    subject, body = reminder_text(template, values)
    message = EmailMessage()
    message["Subject"] = subject
    message["To"] = ""  # the actor's address is not in the spreadsheets: staff add it
    message["Date"] = format_datetime(now or dt.datetime.now(dt.UTC))
    message["X-Unsent"] = "1"  # Outlook opens the file as a draft to send, not a received mail
    message.set_content(body)
    message.add_attachment(form.read_bytes(), *XLSX, filename=form.name)
    return message.as_bytes(policy=SMTP)


def template_text(templates: Path) -> str:
    path = templates / TEMPLATE
    if not path.is_file():  # a city's older copy of templates/ without it: ours
        from ..resources import default_templates  # noqa: PLC0415

        path = default_templates() / TEMPLATE
    return path.read_text(encoding="utf-8")

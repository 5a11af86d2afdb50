"""The pages' own words, from the message catalog (messages.toml, keys web_*): the templates
say them with `say("key", name=value)` and count with `count(n, "noun")` (the catalog's
<noun>_one / <noun>_many). Plain text: autoescaping escapes them like any other value."""

from __future__ import annotations

from flask import current_app

from ..problems import Said, counted, said_in

DEFAULT_LANGUAGE = "de"  # the workbench speaks German; messages.toml has English beside it


def language() -> str:
    return current_app.config.get("LANGUAGE", DEFAULT_LANGUAGE)


def say(key: str, **values) -> str:
    return Said(key, **values).in_language(language())


def count(n: int, noun: str) -> str:
    """count(2, "warnings") -> "2 Warnungen"."""
    return counted(n, noun).in_language(language())


def said(text) -> str:
    """A text handed over by a page (a Said from the catalog) in the pages' language; other
    texts (names, file names) as they are."""
    return said_in(text, language())


def install(app) -> None:
    app.add_template_filter(said)
    app.add_template_global(say)
    app.add_template_global(count)
    app.add_template_global(language, "page_language")

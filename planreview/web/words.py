"""The pages' own words, from the message catalog (messages.toml, keys web_*): the templates
say them with `say("key", name=value)` and count with `count(n, "noun")` (the catalog's
<noun>_one / <noun>_many). Plain text: autoescaping escapes them like any other value."""

from __future__ import annotations

from flask import current_app

from ..problems import Said, counted

DEFAULT_LANGUAGE = "de"  # the workbench speaks German; messages.toml has English beside it


def language() -> str:
    return current_app.config.get("LANGUAGE", DEFAULT_LANGUAGE)


def say(key: str, **values) -> str:
    return Said(key, **values).in_language(language())


def count(n: int, noun: str) -> str:
    """count(2, "warnings") -> "2 Warnungen"."""
    return counted(n, noun).in_language(language())


def install(app) -> None:
    app.add_template_global(say)
    app.add_template_global(count)
    app.add_template_global(language, "page_language")

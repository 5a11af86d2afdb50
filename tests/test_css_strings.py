"""tinycss2's quoted strings taken in one slice (report/css_strings.py): every stylesheet
gives the very tokens tinycss2's own loop gives."""

from __future__ import annotations

import tinycss2
from hypothesis import given, settings
from hypothesis import strategies as st
from tinycss2 import tokenizer

from planreview.report.css_strings import strings_sliced

# what a CSS string can meet: both quotes, escapes, newlines, the end of the sheet
_PIECES = st.sampled_from(['"', "'", "\\", "\\\n", "\n", "a", "ä", " ", ")", "url(", "\\22 ", ";"])


def _tokens(css: str) -> list:
    return [
        (type(t).__name__, t.serialize(), getattr(t, "value", None), getattr(t, "message", None))
        for t in tinycss2.parse_component_value_list(css)
    ]


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_every_sheet_gives_the_same_tokens(css):
    own = _tokens(css)
    with strings_sliced():
        sliced = _tokens(css)
    assert sliced == own


def test_the_cases_written_out():
    cases = {
        'a { content: "Seite" }': ("Seite", None),
        "b { content: 'it''s' }": ("it", None),
        'c { content: "a\\"b" }': ('a"b', None),  # an escaped quote: tinycss2's own loop
        # a newline ends the string as a bad one; the quote after "Zeilen" opens the next
        'd { content: "zwei\nZeilen" }': (" }", "Bad string token"),
        'e { content: "offen': ("offen", "EOF in string"),
    }
    for css, (value, error) in cases.items():
        with strings_sliced():
            tokens = tinycss2.parse_component_value_list(css)
        strings = [t for t in _flat(tokens) if t.type == "string"]
        errors = [t.message for t in _flat(tokens) if t.type == "error"]
        assert (strings[0].value if strings else None) == value, css
        assert (errors[0] if errors else None) == error, css


def test_a_long_font_uri_in_one_slice_and_the_loop_back_after():
    uri = "data:font/ttf;base64," + "QUJD" * 250_000
    with strings_sliced():
        (token,) = [
            t
            for t in tinycss2.parse_component_value_list(f'url("{uri}")')
            if t.type != "whitespace"
        ]
        assert tokenizer._consume_quoted_string.__name__ == "consume"
    assert token.arguments[0].value == uri
    assert tokenizer._consume_quoted_string.__name__ == "_consume_quoted_string"


def _flat(tokens):
    for t in tokens:
        yield t
        yield from _flat(getattr(t, "arguments", None) or getattr(t, "content", None) or [])

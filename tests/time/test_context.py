"""The anchor day and the paragraph an event's date is resolved against."""

from __future__ import annotations

import datetime as dt

import pytest

from dyad.nlp import split_paragraphs
from dyad.time import anchor_date, paragraph_context


@pytest.mark.parametrize(("published", "expected"), [
    ("2025-08-02", dt.date(2025, 8, 2)), ("2025-08-02T10:30:00+05:00", dt.date(2025, 8, 2)),
    ("2025-08", dt.date(2025, 8, 1)), ("2025", dt.date(2025, 1, 1)),
    (None, None), ("", None), ("2025-13-01", None), ("soon", None),
])
def test_anchor_date(published: str | None, expected: dt.date | None) -> None:
    assert anchor_date(published) == expected


def test_paragraph_context() -> None:
    text = "One. Two.\n\nThree."
    context = paragraph_context(text, [(0, 4), (5, 9), (11, 17)], split_paragraphs(text))
    assert context == {0: [(0, "One."), (5, "Two.")], 5: [(0, "One."), (5, "Two.")], 11: [(11, "Three.")]}


def test_a_blank_line_holding_spaces_ends_a_paragraph_as_the_record_says() -> None:
    text = "One. Two.\n  \nThree."
    context = paragraph_context(text, [(0, 4), (5, 9), (13, 19)], split_paragraphs(text))
    assert context[13] == [(13, "Three.")] and context[5] == [(0, "One."), (5, "Two.")]

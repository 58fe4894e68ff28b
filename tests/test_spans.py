"""SpanIndex and enclosing: the same answers as a scan over every span, in the order the spans were given."""

from __future__ import annotations

import random

from dyad.spans import SpanIndex, enclosing


def test_span_index_answers_as_a_full_scan_would() -> None:
    rng = random.Random(7)
    spans = [(s, s + rng.randint(1, 30), n) for n, s in enumerate(rng.randint(0, 1000) for _ in range(300))]
    index = SpanIndex(spans)
    for _ in range(200):
        start = rng.randint(0, 1000)
        end = start + rng.randint(1, 80)
        assert index.overlapping(start, end) == [n for s, e, n in spans if s < end and e > start]
        assert index.inside(start, end) == [n for s, e, n in spans if s >= start and e <= end]
        assert index.overlaps(start, end) == any(s < end and e > start for s, e, _ in spans)
    index.add(2000, 2100, -1)
    assert index.overlapping(2050, 2051) == [-1] and len(index) == 301


def test_enclosing_finds_the_span_around_a_position() -> None:
    sentences = [(0, 10), (12, 20), (20, 35)]
    assert enclosing(sentences, 0) == (0, 10) and enclosing(sentences, 20) == (20, 35)
    assert enclosing(sentences, 11) is None and enclosing(sentences, 35) is None

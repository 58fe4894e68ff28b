"""How many of a corpus's events can enter a dyad: the share whose source and target both carry a country.

An event counts in a dyad only when each side has a participant with a country, so this share is the part of a
real corpus that the dyad timelines can use. Measured on the BBC politics pages (2004–2005; the files carry no
date, so they are analysed as of ``BBC_DATE``) and on the Guardian sample of NGEC (dated by its CSV).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from dyad.model import Analysis, Document, Event

__all__ = ["BBC_DATE", "CoverageScores", "bbc_politics", "country_coverage", "ngec_guardian", "two_sided"]

# The BBC set's stories run from 2004 to 2005 and its files give no date; mid-2005 is inside that span.
BBC_DATE = "2005-06-01"

Analyser = Callable[[Document], Analysis]


@dataclass(slots=True)
class CoverageScores:
    name: str
    documents: int = 0
    events: int = 0
    two_sided: int = 0

    def to_dict(self) -> dict[str, object]:
        share = round(self.two_sided / self.events, 4) if self.events else 0.0
        return {"name": self.name, "documents": self.documents, "events": self.events,
                "two_sided": self.two_sided, "share": share}


def two_sided(event: Event) -> bool:
    """Whether both the source and the target side name a participant with a country."""
    return any(r.country for r in event.source) and any(r.country for r in event.target)


def bbc_politics(shared: Path, limit: int | None = None) -> list[Document]:
    """The BBC politics pages, in file order, dated ``BBC_DATE``."""
    paths = sorted((shared / "corpora/bbc-news/politics").glob("*.txt"))[:limit]
    return [Document(id=f"bbc-politics-{p.stem}", origin=str(p), text=p.read_text("utf-8", "replace"),
                     published=BBC_DATE) for p in paths]


def ngec_guardian(shared: Path, limit: int | None = None) -> list[Document]:
    """The NGEC Guardian sample's articles, in file order, dated by their CSV row."""
    csv.field_size_limit(sys.maxsize)  # the longest article is 58k characters
    with open(shared / "corpora/ngec-guardian/Guardian_SDF_sample.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))[:limit]
    return [Document(id=f"guardian-{r['']}", origin="ngec-guardian", text=r["text"], published=r["date"][:10])
            for r in rows]


def country_coverage(name: str, documents: Iterable[Document], analyse: Analyser) -> CoverageScores:
    """Count the events of ``documents`` and those with a country on both sides."""
    scores = CoverageScores(name)
    for document in documents:
        events = analyse(document).events
        scores.documents += 1
        scores.events += len(events)
        scores.two_sided += sum(two_sided(e) for e in events)
    return scores

"""A document's publication date, from trusted evidence only; never from a date inside its body.

Trusted, in this order: an explicit date the user gives (``--published``), the source the user names
(``--published-from url|filename|mtime``), the page's own metadata (meta tags, JSON-LD, a ``<time>`` in
its header; tag names in ``data/time/published.json``), a date field of the input record, a dateline at
the very top of the text, a date in the URL, and last the WARC capture date (an upper bound, labelled
``warc``). Page metadata includes, last, an element whose class or id marks it as the article's date. Without any, ``published`` is null and ``published_source`` says why (``NO_EVIDENCE``).
A body sentence ("Gordon Brown was born on 20 February 1951") is never evidence of when it was published.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from functools import cache
from importlib import resources
from typing import Any, Literal

from dyad.model import Document
from dyad.time.expressions import find_dates, resolve

__all__ = ["BODY_GUESS", "GIVEN", "NO_EVIDENCE", "PUBLISHED_FROM", "PublishedFrom", "apply_published", "check_published",
           "dateline_published", "html_published", "path_published", "text_published", "url_published"]

PublishedFrom = Literal["url", "filename", "mtime"]
PUBLISHED_FROM: tuple[PublishedFrom, ...] = ("url", "filename", "mtime")
NO_EVIDENCE = "none: no trusted date evidence"
GIVEN = "given"  # the published_source of a date the user gave explicitly
# The published_source of dates that dyad before issue 14 took from a document's body ("the latest full
# date in the text"); stored documents with it are undated again when re-analysed.
BODY_GUESS = "inferred"

_ISO = re.compile(r"(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)(?:-(?P<day>[0-3]\d))?")
_GIVEN = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
# /2019/04/12/, /2019-04-12/, /20190412/ or /2019/04/ in a URL path or a file name, not inside a longer number
_IN_PATH = re.compile(r"(?<![\d])(?P<year>(?:19|20)\d\d)(?P<sep>[/_.-]?)(?P<month>[01]\d)"
                      r"(?:(?P=sep)(?P<day>[0-3]\d))?(?![\d])")


@cache
def _cues() -> dict[str, Any]:
    return json.loads(resources.files("dyad.data").joinpath("time", "published.json").read_text("utf-8"))


def check_published(value: str) -> str:
    """``value`` if it is YYYY, YYYY-MM or YYYY-MM-DD naming a real date; else ValueError saying so."""
    text = value.strip()
    if _GIVEN.match(text):
        parts = [*map(int, text.split("-")), 1, 1][:3]
        try:
            dt.date(*parts)
            return text
        except ValueError:
            pass
    raise ValueError(f"published date must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")


def _valid(year: str, month: str, day: str | None) -> str | None:
    try:
        found = dt.date(int(year), int(month), int(day or 1))
    except ValueError:
        return None
    return found.isoformat() if day else found.strftime("%Y-%m")


def _iso_prefix(value: str) -> str | None:
    """The date at the start of an ISO timestamp ("2019-04-12T08:00:00Z" -> "2019-04-12")."""
    m = _ISO.match(value.strip())
    return _valid(m.group("year"), m.group("month"), m.group("day")) if m else None


def html_published(html: bytes | str) -> str | None:
    """The publication date in a page's metadata: meta tags, JSON-LD ``datePublished``, a header ``<time>``,
    else the element that a class or id marks as the article's date."""
    from lxml import html as lxml_html  # lxml is trafilatura's parser: already loaded when HTML is read

    try:
        root = lxml_html.fromstring(html)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None
    wanted = _cues()["meta"]
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        date = _iso_prefix(meta.get("content") or "") if key in wanted else None
        if date:
            found.setdefault(key, date)
    for key in wanted:
        if key in found:
            return found[key]
    for script in root.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json":
            date = _jsonld_published(script.text or "")
            if date:
                return date
    for time in root.iter("time"):
        trusted = time.get("itemprop", "").lower() == "datepublished" or time.get("pubdate") is not None \
            or any(a.tag == "header" for a in time.iterancestors())
        date = _iso_prefix(time.get("datetime") or "") if trusted else None
        if date:
            return date
    return _date_element(root)


def _date_element(root: Any) -> str | None:
    """The full date opening the first element whose class or id says it shows the article's date."""
    names = set(_cues()["date_elements"])
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        marks = {*(element.get("class") or "").lower().split(), (element.get("id") or "").lower()}
        if marks & names:
            date = dateline_published(" ".join(element.text_content().split()))
            if date:
                return date
    return None


def _jsonld_published(text: str) -> str | None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return None
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            for key in _cues()["jsonld"]:
                if isinstance(item.get(key), str) and _iso_prefix(item[key]):
                    return _iso_prefix(item[key])
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
    return None


def url_published(url: str | None) -> str | None:
    """A date in a URL's path (/2019/04/12/, /2019-04-12-title, /201904/), never in its host or query."""
    if not url or "://" not in url:
        return None
    path = url.split("://", 1)[1].partition("/")[2].split("?", 1)[0].split("#", 1)[0]
    return _in_path(path)


def _in_path(text: str) -> str | None:
    for m in _IN_PATH.finditer(text):
        date = _valid(m.group("year"), m.group("month"), m.group("day"))
        if date:
            return date
    return None


def path_published(path: str | os.PathLike[str], source: PublishedFrom) -> str | None:
    """The date a file's name (``filename``) or its modification time (``mtime``) gives."""
    if source == "filename":
        return _in_path(os.path.basename(os.fspath(path)))
    try:
        return dt.datetime.fromtimestamp(os.stat(path).st_mtime, dt.UTC).date().isoformat()
    except OSError:
        return None


@cache
def _dateline() -> re.Pattern[str]:
    labels = "|".join(re.escape(w) for w in sorted(_cues()["dateline_labels"], key=len, reverse=True))
    # what may stand before the date: an optional label, then an optional PLACE and comma
    return re.compile(rf"^(?i:(?:{labels})\s*:?\s*)?(?:[A-Z][\w.'’ -]{{1,40}},\s+)?$")


_DATELINE_END = re.compile(r"^\s*(?:\([^)\n]{1,40}\))?\s*(?:$|[-–—|:]\s)")


def dateline_published(text: str) -> str | None:
    """A full date that a line at the very top of the text opens with and that ends the dateline.

    "Published: 12 April 2019", "LONDON, April 12, 2019 (Reuters) - ...", "Friday 12 April 2019" on its
    own line; not a date further into a sentence ("born on 20 February 1951").
    """
    for line in text[:_cues()["dateline_reach"]].split("\n"):
        exprs = find_dates(line)
        for i, expr in enumerate(exprs):
            if expr.kind != "absolute" or expr.precision != "day":
                continue
            opening = line[:expr.start]
            weekday = exprs[i - 1] if i else None  # "Friday 12 April 2019"
            if weekday and weekday.kind == "relative" and weekday.unit is None \
                    and not line[weekday.end:expr.start].strip(" ,"):
                opening = line[:weekday.start]
            if _dateline().match(opening) and _DATELINE_END.match(line[expr.end:]) is not None:
                date, precision = resolve(expr, dt.date(2000, 1, 1))
                if precision == "day":
                    return date
    return None


def text_published(document: Document) -> tuple[str | None, str]:
    """(date, source) from a document's own text and address: its dateline, else its URL; else NO_EVIDENCE."""
    date = dateline_published(document.text)
    if date:
        return date, "dateline"
    date = url_published(document.origin)
    if date:
        return date, "url"
    return None, NO_EVIDENCE


def apply_published(document: Document, path: str | os.PathLike[str] | None, published: str | None = None,
                    published_from: PublishedFrom | None = None) -> Document:
    """Set ``document``'s date from what the user asked: a given date, or the named source when it has one."""
    if published:
        document.published, document.published_source = check_published(published), GIVEN
    elif published_from:
        if published_from == "url":
            date = url_published(document.origin)
        else:
            date = path_published(path, published_from) if path is not None else None
        if date:
            document.published, document.published_source = date, published_from
    return document

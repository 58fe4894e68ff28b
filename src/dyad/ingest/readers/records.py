"""One document from one record of a table-like input: a JSON Lines object, a CSV row, a Parquet row."""

from __future__ import annotations

import json
from typing import Any

from dyad.ingest.language import detect_language
from dyad.ingest.readers.base import Columns, Item, iso_date, site_of, with_id
from dyad.ingest.readers.html import read_html
from dyad.model import Document, Rejected

__all__ = ["record_document"]


def record_document(obj: dict[str, Any], where: str, fmt: str, columns: Columns) -> Item:
    """A document from one record (``text`` or ``html``; id, title, date, url … as ``columns`` names them).

    The text is taken as given (no boilerplate segmentation): callers of these formats supply clean text.
    """
    given_date = next((obj[name] for name in columns.date_fields if obj.get(name) is not None), None)
    published = iso_date(given_date)
    warnings = [] if given_date is None or published else \
        [f"ignored the record's date {json.dumps(given_date, ensure_ascii=False)[:60]}: "
         "not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"]
    url = obj.get(columns.url_field) if isinstance(obj.get(columns.url_field), str) else None
    text = obj.get(columns.text_field)
    if isinstance(obj.get("html"), str) and not isinstance(text, str):
        item = read_html(obj["html"], where, url=url, fallback_date=published, fallback_source="input")
    elif isinstance(text, str) and text.strip():
        text = text.strip()
        item = Document(id="", origin=url or where, text=text, title=_str(obj.get(columns.title_field)),
                        site=_str(obj.get("site")) or site_of(url), published=published,
                        published_source="input" if published else None,
                        language=_str(obj.get("language")) or detect_language(text), format=fmt)
    else:
        return Rejected(where, f"record has no non-empty {columns.text_field!r} (or 'html') field")
    if isinstance(item, Document):
        item.warnings.extend(warnings)
        given_id = obj.get(columns.id_field)
        if given_id is not None:
            item.id = str(given_id)
            if isinstance(given_id, int) and not isinstance(given_id, bool):
                item.input_id = given_id
    return with_id(item)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None

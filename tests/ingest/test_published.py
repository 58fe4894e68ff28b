"""Publication dates from trusted evidence only: each source, the order between them, and never the body."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from shared_data import shared_path

from dyad.ingest import read_bytes, read_paths
from dyad.ingest.published import (
    NO_EVIDENCE,
    check_published,
    dateline_published,
    html_published,
    text_published,
    url_published,
)
from dyad.model import Document
from dyad.pipeline import STEPS, Record

BODY = "<p>Gordon Brown was born on 20 February 1951 in Giffnock. He became chancellor on 2 May 1997.</p>" * 3


def _page(head: str = "", body: str = BODY) -> bytes:
    return f"<html><head><title>Profile</title>{head}</head><body><article>{body}</article></body></html>".encode()


def _document_date(document: Document) -> Document:
    """Run the pipeline's own document_date step on ``document``."""
    step = next(s for s in STEPS if s.name == "document_date")
    record = Record(document)
    step.run(record, None)  # type: ignore[arg-type]  # the step uses no shared resources
    return record.document


@pytest.mark.parametrize(("head", "body", "expected"), [
    ('<meta property="article:published_time" content="2019-04-12T08:30:00+01:00">', BODY, "2019-04-12"),
    ('<meta itemprop="datePublished" content="2019-04-11">', BODY, "2019-04-11"),
    ('<meta name="DC.date.issued" content="2019-04">', BODY, "2019-04"),
    ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "datePublished": "2019-04-10"}]}'
     "</script>", BODY, "2019-04-10"),
    ("", '<header><time datetime="2019-04-09T10:00">9 April</time></header>' + BODY, "2019-04-09"),
    ("", '<div class="article_date">April 8, 2019 - 11:28 AMT</div>' + BODY, "2019-04-08"),
    # a <time> inside the body dates what the body tells, not the page
    ("", BODY + '<p>In <time datetime="2001-09-11">2001</time> ...</p>', None),
    ("", BODY, None),
])
def test_html_metadata_dates_the_page_and_the_body_never_does(head: str, body: str, expected: str | None) -> None:
    assert html_published(_page(head, body)) == expected
    (document,) = list(read_bytes(_page(head, body), "profile.html"))
    document = _document_date(document)
    assert document.published == expected
    assert document.published_source == ("metadata" if expected else NO_EVIDENCE)


@pytest.mark.parametrize(("text", "expected"), [
    ("Published: 12 April 2019\n\nTrump announced the withdrawal.", "2019-04-12"),
    ("Talks in Damascus\nLONDON, April 12, 2019 (Reuters) - Britain said on Friday ...", "2019-04-12"),
    ("Friday 12 April 2019\n\nThe minister resigned.", "2019-04-12"),
    ("Profile: Gordon Brown\n\nGordon Brown was born on 20 February 1951 in Giffnock.", None),
    ("12 April 2019 was the day the minister resigned.", None),  # a sentence, not a dateline
    ("The minister resigned.\n\n" + "x " * 120 + "\nPublished: 12 April 2019", None),  # not at the top
])
def test_dateline_only_at_the_very_top(text: str, expected: str | None) -> None:
    assert dateline_published(text) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.theguardian.com/world/2019/apr/12/x", None),  # a month name is not read from a URL
    ("https://example.org/news/2019/04/12/trump-syria", "2019-04-12"),
    ("https://example.org/2019-04-12-trump-syria.html", "2019-04-12"),
    ("https://example.org/world/2019/04/trump", "2019-04"),
    ("https://www.bbc.co.uk/news/uk-politics-47898764", None),
    ("https://example.org/a?date=2019-04-12", None),  # only the path
    ("tests/2019-04-12.txt", None),  # a path is not a URL
])
def test_url_dates(url: str, expected: str | None) -> None:
    assert url_published(url) == expected


def test_text_documents_take_the_date_of_their_url() -> None:
    document = Document(id="", origin="https://example.org/2019/04/12/x", text="Trump announced the withdrawal.")
    assert text_published(document) == ("2019-04-12", "url")


def test_jsonl_date_field_and_no_date_from_the_text() -> None:
    lines = (b'{"id": 1, "text": "The talks resumed.", "date": "2019-04-12"}\n'
             b'{"id": 2, "text": "He was born on 20 February 1951 and resigned."}\n')
    dated, undated = (_document_date(d) for d in read_bytes(lines, "in.jsonl"))
    assert (dated.published, dated.published_source) == ("2019-04-12", "input")
    assert (undated.published, undated.published_source) == (None, NO_EVIDENCE)


def _warc(uri: str, html: bytes) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(html), http_headers=headers,
                                                  warc_headers_dict={"WARC-Date": "2021-06-01T00:00:00Z"}))
    return out.getvalue()


def test_warc_capture_date_is_only_the_labelled_last_resort() -> None:
    (by_url,) = list(read_bytes(_warc("https://example.org/2019/04/12/x", _page()), "a.warc"))
    assert (by_url.published, by_url.published_source) == ("2019-04-12", "url")
    (by_capture,) = list(read_bytes(_warc("https://example.org/x", _page()), "a.warc"))
    assert (by_capture.published, by_capture.published_source) == ("2021-06-01", "warc")
    meta = '<meta property="article:published_time" content="2019-04-11">'
    (by_meta,) = list(read_bytes(_warc("https://example.org/2019/04/12/x", _page(meta)), "a.warc"))
    assert (by_meta.published, by_meta.published_source) == ("2019-04-11", "metadata")


def test_check_published() -> None:
    assert [check_published(v) for v in ("2019", "2019-04", "2019-04-12")] == ["2019", "2019-04", "2019-04-12"]
    for bad in ("2019-13", "2019-02-30", "yesterday", "12/04/2019", "19"):
        with pytest.raises(ValueError, match="YYYY, YYYY-MM or YYYY-MM-DD"):
            check_published(bad)


def test_read_paths_published_and_published_from(tmp_path: Path) -> None:
    page = tmp_path / "2019-04-12-talks.txt"
    page.write_text("Talks resumed in Geneva.\n\nThe delegations met for three hours.", "utf-8")
    os.utime(page, (1554000000, 1554000000))  # 2019-03-31 UTC
    meta = '<meta property="article:published_time" content="2018-01-05">'
    html = tmp_path / "2019-04-12-page.html"
    html.write_bytes(_page(meta))

    def dates(**options: str) -> list[tuple[str | None, str | None]]:
        docs = [d for d in read_paths([page, html], **options) if isinstance(d, Document)]
        return [(d.published, d.published_source) for d in docs]

    assert dates() == [(None, None), ("2018-01-05", "metadata")]  # the text's reason is set by the pipeline
    assert dates(published="2019-05") == [("2019-05", "given")] * 2  # the user's date wins over metadata
    assert dates(published_from="filename") == [("2019-04-12", "filename")] * 2
    assert dates(published_from="mtime")[0] == ("2019-03-31", "mtime")
    # a source that gives nothing leaves the document's own evidence
    assert dates(published_from="url") == [(None, None), ("2018-01-05", "metadata")]
    with pytest.raises(ValueError, match="YYYY"):
        dates(published="2019-13")


BBC_TOPICS = {"politics": 417, "business": 510, "entertainment": 386, "sport": 511, "tech": 401}


@pytest.mark.shared
@pytest.mark.parametrize("topic", [pytest.param(t, marks=[] if t == "politics" else [pytest.mark.slow])
                                   for t in BBC_TOPICS])
def test_no_bbc_page_gets_a_publication_date_from_its_body(topic: str) -> None:
    """bbc-news files are headline, blank line, paragraphs, with no date of their own (see its SOURCE.md).

    Politics runs always (it holds "Profile: Gordon Brown", whose birth date was once taken); the other
    topics are marked slow (about 5 s each).
    """
    folder = shared_path("corpora", "bbc-news", topic)
    documents = [_document_date(d) for d in read_paths([folder]) if isinstance(d, Document)]
    assert len(documents) == BBC_TOPICS[topic]
    assert [(d.origin, d.published) for d in documents if d.published is not None] == []
    assert {d.published_source for d in documents} == {NO_EVIDENCE}

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_data import SEED, shared_path

from dyad.ingest import FORMATS, Columns, read_bytes, read_paths
from dyad.model import Document, Rejected


def _one(items: list) -> Document | Rejected:
    assert len(items) == 1, items
    return items[0]


def test_seed_is_read_as_a_text_page() -> None:
    doc = _one(list(read_paths([SEED])))
    assert isinstance(doc, Document)
    assert doc.title == "Iranian President in Pakistan: Advancing Iran-Pakistan Cooperation"
    assert doc.language == "en" and doc.id == doc.digest and len(doc.id) == 16
    assert len(doc.teasers) == 4


def test_gzip_and_directory_and_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.txt.gz").write_bytes(gzip.compress(SEED.read_bytes()))
    (tmp_path / ".hidden.txt").write_text("ignored")
    docs = list(read_paths([tmp_path]))
    assert [type(d) for d in docs] == [Document]
    assert docs[0].text == _one(list(read_paths([SEED]))).text


def test_jsonl_fields_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "s1", "text": "Iran and Pakistan signed a deal.", "date": "2025-08-02", "url": "https://ex.org/a"}),
        "{not json",
        json.dumps({"id": "s2"}),
        json.dumps([1, 2]),
        json.dumps({"text": "No id here, so the digest is used.", "title": "T"}),
    ]))
    items = list(read_paths([path]))
    assert isinstance(items[0], Document) and items[0].id == "s1" and items[0].published == "2025-08-02"
    assert items[0].published_source == "input" and items[0].site == "ex.org"
    assert [type(i) for i in items] == [Document, Rejected, Rejected, Rejected, Document]
    assert items[1].origin.endswith(":2") and "invalid JSON" in items[1].reason
    assert items[4].id == items[4].digest and items[4].title == "T"


def test_jsonl_forced_format_on_stdin_like_bytes() -> None:
    data = json.dumps({"id": "7", "text": "Short sentence."}).encode()
    (doc,) = list(read_bytes(data, "<stdin>", "jsonl"))
    assert isinstance(doc, Document) and doc.id == "7" and doc.text == "Short sentence."


def test_html_page_uses_trafilatura_and_metadata() -> None:
    html = ("<html><head><title>Ministers meet in Lahore</title><meta property='og:site_name' content='Example News'>"
            "<meta name='date' content='2025-05-04'></head><body><nav>Home | World</nav><article>"
            "<h1>Ministers meet in Lahore</h1>"
            + "<p>The foreign ministers of Iran and Pakistan met in Lahore on Sunday to discuss border trade.</p>" * 3
            + "<h2>Next steps</h2><p>Officials said further talks were planned for June in Tehran, officials added.</p>"
            "</article><footer>Copyright Example</footer></body></html>")
    (doc,) = list(read_bytes(html.encode(), "page.html"))
    assert isinstance(doc, Document)
    assert doc.title == "Ministers meet in Lahore"
    assert doc.published == "2025-05-04" and doc.published_source == "metadata"
    assert "Home | World" not in doc.text and "discuss border trade" in doc.text
    assert [h.text for h in doc.headings] == ["Next steps"]


def test_warc_and_wet(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    html = ("<html><head><title>Talks</title></head><body><article>"
            + "<p>Iran and Pakistan held talks in Islamabad on trade, energy and border security matters.</p>" * 3
            + "</article></body></html>").encode()
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://news.example/a", "response", payload=io.BytesIO(html),
                                                  http_headers=headers,
                                                  warc_headers_dict={"WARC-Date": "2025-08-03T10:00:00Z"}))
    writer.write_record(writer.create_warc_record("https://news.example/b", "conversion",
                                                  payload=io.BytesIO(SEED.read_bytes()),
                                                  warc_content_type="text/plain",
                                                  warc_headers_dict={"WARC-Date": "2025-08-04T10:00:00Z"}))
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(buf.getvalue())
    docs = list(read_paths([path]))
    assert [type(d) for d in docs] == [Document, Document]
    assert docs[0].origin == "https://news.example/a" and docs[0].published == "2025-08-03"
    assert docs[0].published_source == "warc" and docs[0].site == "news.example"
    assert docs[1].title.startswith("Iranian President in Pakistan") and len(docs[1].teasers) == 4


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("empty.txt", b"", "empty"),
    ("binary.txt", bytes(range(256)) * 10, "binary"),
    ("trunc.txt.gz", gzip.compress(b"hello world " * 1000)[:60], "gzip"),
    ("scripts.html", b"<html><head><script>var a=1;</script></head><body><script>alert(1)</script></body></html>",
     "no article text"),
    ("bad.warc", b"WARC/1.0\r\nnonsense", "WARC"),
])
def test_bad_inputs_are_rejected_with_a_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    items = list(read_paths([path]))
    assert items and all(isinstance(i, Rejected) for i in items)
    assert reason.lower() in items[0].reason.lower()
    assert "\n" not in items[0].reason


def test_large_file_is_rejected_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * (10 * 1024 * 1024))  # 50 MB
    (item,) = list(read_paths([path]))
    assert isinstance(item, Rejected) and "larger than" in item.reason


def test_missing_path_is_rejected() -> None:
    (item,) = list(read_paths(["/nonexistent/file.txt"]))
    assert isinstance(item, Rejected)


def test_non_english_page_gets_its_language() -> None:
    text = ("Le président iranien est arrivé au Pakistan samedi pour une visite d'État de deux jours. "
            "Les deux pays veulent renforcer leurs échanges commerciaux et la sécurité à la frontière.")
    (doc,) = list(read_bytes(("Titre\n\n" + text).encode(), "fr.txt"))
    assert isinstance(doc, Document) and doc.language == "fr"


def test_invalid_utf8_real_page_is_decoded() -> None:
    path = shared_path("corpora", "bbc-news", "sport", "199.txt")
    (doc,) = list(read_paths([path]))
    assert isinstance(doc, Document) and "£15.8m" in doc.text


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=4096), st.sampled_from(FORMATS), st.sampled_from([b"", b"PAR1", b"id,text\n"]))
def test_readers_are_total_on_arbitrary_bytes(data: bytes, fmt: str, start: bytes) -> None:
    for item in read_bytes(start + data, "fuzz", fmt):
        assert isinstance(item, Document | Rejected)
        if isinstance(item, Rejected):
            assert item.reason and "\n" not in item.reason


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2048))
def test_gzip_wrapped_garbage_is_total(data: bytes) -> None:
    blob = gzip.compress(data)
    for cut in (len(blob), len(blob) // 2):
        for item in read_bytes(blob[:cut], "fuzz.gz"):
            assert isinstance(item, Document | Rejected)


@pytest.mark.parametrize("sentence", [
    "Iranian President Masoud Pezeshkian met Prime Minister Shehbaz Sharif in Islamabad on Sunday.",
    "UN sanctions against Iran were lifted on 16 January 2016.",
])
def test_short_english_sentences_full_of_names_are_english(sentence: str) -> None:
    (doc,) = list(read_bytes(json.dumps({"text": sentence}).encode(), "s.jsonl"))
    assert isinstance(doc, Document) and doc.language == "en"


def test_csv_rows_are_documents_dated_by_their_date_column() -> None:
    data = (b'"","date","text","source"\n'
            b'"3",2019-04-10,"Baghdad and Washington are in talks.\nA second line of the same cell.","guardian"\n'
            b'"4",,"Talks resumed in Geneva on 20 February 1951, the paper says.","guardian"\n'
            b'"5",2019-04-11,"","guardian"\n')
    dated, undated, empty = read_bytes(data, "sample.csv")
    assert isinstance(dated, Document) and dated.format == "csv" and dated.origin == "sample.csv:1"
    assert (dated.published, dated.published_source) == ("2019-04-10", "input")
    assert dated.text.endswith("A second line of the same cell.")
    assert isinstance(undated, Document) and undated.published is None  # never from the text
    assert isinstance(empty, Rejected) and empty.origin == "sample.csv:3"
    with_id = next(read_bytes(b"id,text,title\nr1,Iran and Pakistan met.,Talks\n", "x", "csv"))
    assert isinstance(with_id, Document) and (with_id.id, with_id.title) == ("r1", "Talks")


def test_jsonl_fields_follow_the_column_mapping() -> None:
    line = json.dumps({"key": 12, "body": "Iran and Pakistan signed a trade deal.", "when": "2025-08-02",
                       "headline": "Deal", "link": "https://ex.org/a", "text": "not this one"})
    (doc,) = read_bytes(line.encode(), "in.jsonl",
                        columns=Columns(text="body", id="key", date="when", title="headline", url="link"))
    assert isinstance(doc, Document)
    assert (doc.id, doc.input_id, doc.text, doc.published, doc.title, doc.origin) == \
        ("12", 12, "Iran and Pakistan signed a trade deal.", "2025-08-02", "Deal", "https://ex.org/a")
    (rejected,) = read_bytes(json.dumps({"text": "x"}).encode(), "in.jsonl", columns=Columns(text="body"))
    assert isinstance(rejected, Rejected) and rejected.reason == "record has no non-empty 'body' (or 'html') field"

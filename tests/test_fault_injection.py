"""Fault injection: each failure a hardening probe found, kept from coming back (issue 16).

Crash safety under ``kill -9`` lives in tests/executors/test_local.py; the hub's faults in tests/web/.
"""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path

import pytest
from shared_data import SEED

from dyad.executors.local import LocalExecutor, ingest
from dyad.ingest import read_bytes, read_paths
from dyad.model import Document, Rejected
from dyad.pipeline import Pipeline, analyse_document
from dyad.store import Store

# ---- bounded cost ------------------------------------------------------------------------------------------------


def test_a_text_over_the_budget_is_cut_at_a_paragraph_end_and_says_so() -> None:
    seed = SEED.read_text("utf-8")
    long_text = "\n\n".join([seed] * 4)
    analysis = Pipeline(max_chars=len(seed) + 100).analyse(Document(id="x", origin="x", text=long_text))
    document = analysis.document
    assert document.truncated_from == len(long_text)
    assert len(document.text) <= len(seed) + 100 and long_text.startswith(document.text)
    assert long_text[len(document.text):].startswith("\n\n")  # the cut falls on a paragraph break
    assert document.warnings == [f"analysed the first {len(document.text):,} of {len(long_text):,} characters "
                                 f"(the analysis budget is {len(seed) + 100:,})"]
    assert all(e.evidence.end <= len(document.text) for e in analysis.events)
    assert analysis.to_output()["truncated_from"] == len(long_text)


def test_a_text_within_the_budget_is_analysed_whole() -> None:
    analysis = analyse_document(Document(id="x", origin="x", text=SEED.read_text("utf-8")))
    assert analysis.document.truncated_from is None and analysis.document.warnings == []


def test_an_oversize_json_lines_record_is_rejected_and_the_next_one_read() -> None:
    big = json.dumps({"id": "big", "text": "Iran and Pakistan held talks. " * 200})
    small = json.dumps({"id": "small", "text": "Iran and Pakistan agreed to hold talks."})
    items = list(read_bytes(f"{big}\n{small}\n".encode(), "feed.jsonl", max_bytes=1000))
    assert isinstance(items[0], Rejected) and items[0].origin == "feed.jsonl:1"
    assert items[0].reason.startswith("record larger than")
    assert isinstance(items[1], Document) and items[1].id == "small"


def test_an_oversize_warc_record_is_rejected_and_the_next_one_read() -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for uri, repeat in (("https://news.example/big", 200), ("https://news.example/small", 2)):
        html = ("<html><body><article>"
                + "<p>Iran and Pakistan held talks in Islamabad on trade, energy and border security.</p>" * repeat
                + "</article></body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(html),
                                                      http_headers=headers))
    items = list(read_bytes(buf.getvalue(), "crawl.warc.gz", max_bytes=4000))
    assert isinstance(items[0], Rejected) and items[0].reason.startswith("record larger than")
    assert isinstance(items[1], Document) and items[1].origin == "https://news.example/small"


def answer_pid_or_hang(document: Document) -> dict[str, int]:
    """A stand-in analysis: a document saying "hang" never finishes; others report the worker's pid."""
    if "hang" in document.text:
        time.sleep(600)
    return {"pid": os.getpid()}


@pytest.mark.slow
def test_a_document_over_the_time_limit_is_rejected_and_its_worker_replaced() -> None:
    documents = [Document(id=str(i), origin=f"doc{i}", text=text) for i, text in enumerate(["a", "hang", "b"])]
    executor = LocalExecutor(workers=1, analyse=answer_pid_or_hang, time_limit=2)
    started = time.monotonic()
    first, stuck, last = list(executor.map(documents))
    assert time.monotonic() - started < 120
    assert stuck == Rejected("doc1", "analysis timed out after 2 s")
    assert first["pid"] != last["pid"]  # the stuck worker was stopped; a fresh one took the next document


def slow_when_told(document: Document) -> dict[str, list[dict[str, object]]]:
    from dyad.executors.local import analyse_rows

    if "slowly" in document.text:
        time.sleep(8)
    return analyse_rows(document)


@pytest.mark.slow
def test_ingest_commits_on_a_timer_while_a_slow_document_is_analysed(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    lines = [{"id": f"n{i}", "text": f"Iran and Pakistan agreed to hold talks on day {i}."} for i in range(3)]
    lines.append({"id": "slow", "text": "Iran and Pakistan slowly agreed to hold talks."})
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    seen: list[tuple[float, int]] = []
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest(store, [str(corpus)], workers=1, batch_size=100, commit_every=1.0,
                         analyse=slow_when_told, progress=lambda s: seen.append((time.monotonic(), s.committed)))
    assert summary.stored == 4
    # The three quick documents were durably stored while the slow one was still being analysed.
    first_at = {committed: at for at, committed in reversed(seen)}
    assert first_at[4] - first_at[3] > 3


# ---- nothing skipped silently -------------------------------------------------------------------------------------


def test_a_broken_symlink_is_rejected_as_an_argument_and_inside_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "good.txt").write_text(SEED.read_text("utf-8"), "utf-8")
    (folder / "gone.txt").symlink_to(tmp_path / "missing.txt")
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "also-missing.txt")
    items = list(read_paths([str(link), str(folder)]))
    rejected = [(Path(i.origin).name, i.reason) for i in items if isinstance(i, Rejected)]
    assert rejected == [("link.txt", "broken symbolic link: its target does not exist"),
                        ("gone.txt", "broken symbolic link: its target does not exist")]
    assert sum(isinstance(i, Document) for i in items) == 1


def test_an_unreadable_directory_is_rejected_with_its_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "pages"
    (folder / "locked").mkdir(parents=True)
    (folder / "good.txt").write_text(SEED.read_text("utf-8"), "utf-8")
    real_scandir = os.scandir

    def scandir(path: os.PathLike[str] | str = ".") -> object:
        # Tests run as root, whom chmod does not stop: refuse the folder the way the kernel would.
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(read_paths([str(folder)]))
    assert Rejected(str(folder / "locked"), "cannot read directory: Permission denied") in items
    assert sum(isinstance(i, Document) for i in items) == 1


def test_an_invalid_json_lines_date_gives_a_warning_on_the_record() -> None:
    line = json.dumps({"id": 7, "date": "last Tuesday", "text": "Iran and Pakistan agreed to hold talks."})
    (document,) = read_bytes(line.encode(), "feed.jsonl")
    assert isinstance(document, Document) and document.published is None
    assert document.warnings == ['ignored the record\'s date "last Tuesday": not an ISO date '
                                 "(YYYY, YYYY-MM or YYYY-MM-DD)"]
    assert analyse_document(document).to_output()["warnings"] == document.warnings


def test_a_json_lines_syntax_error_names_its_column_once() -> None:
    (rejected,) = read_bytes(b'{"text": "unterminated', "feed.jsonl")
    assert rejected == Rejected("feed.jsonl:1", "invalid JSON: Unterminated string starting at column 10")


# ---- deeply nested HTML -------------------------------------------------------------------------------------------

ARTICLE_PARAGRAPHS = [
    "Iran and Pakistan held talks in Islamabad on Tuesday about trade, energy and border security, officials said.",
    "The foreign ministers agreed to reopen two border crossings and to meet again in Tehran next month.",
    "Pakistan's prime minister said the talks were constructive and that both sides wanted calm on the frontier.",
    "Iran's foreign minister praised the agreement and called for closer economic cooperation with Pakistan.",
]
ARTICLE = ("<article><h1>Iran and Pakistan agree to reopen the border</h1>"
           + "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS) + "</article>")
ADVERT = ("<div class='promo'><p>Buy cheap flights to Dubai now: a limited offer on hotels and car rentals for "
          "every traveller this week only.</p></div>")


def _page(body: str) -> bytes:
    return f"<html><head><title>Border talks</title></head><body>{body}</body></html>".encode()


def _read_page(body: str) -> Document | Rejected:
    (item,) = read_bytes(_page(body), "page.html")
    return item


def test_the_article_after_300_unclosed_divs_is_read_not_the_adverts() -> None:
    # An advert every 50 levels: the parser stopped at level 256 and kept only them.
    wrappers = "".join("<div>" + (ADVERT if level % 50 == 0 else "") for level in range(300))
    flat = _read_page(ARTICLE)
    document = _read_page(wrappers + ARTICLE)
    assert isinstance(document, Document) and isinstance(flat, Document)
    assert document.text == flat.text == "\n\n".join(ARTICLE_PARAGRAPHS)
    assert "flights" not in document.text and document.title == flat.title


@pytest.mark.parametrize("levels", [260, 5000])
def test_an_article_nested_deeper_than_the_parser_goes_is_read_whole(levels: int) -> None:
    flat = _read_page(ARTICLE)
    document = _read_page(ADVERT + "<div>" * levels + ARTICLE + "</div>" * levels)
    assert isinstance(document, Document) and isinstance(flat, Document)
    assert document.text == flat.text == "\n\n".join(ARTICLE_PARAGRAPHS)
    assert document.title == flat.title


def test_a_page_still_too_deep_without_its_wrappers_is_rejected_with_the_parsers_reason(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from dyad.ingest import nesting

    # Tags that may open past the parser's limit stand for a page the depth rules fail to make shallow.
    monkeypatch.setattr(nesting, "WRAPPER_DEPTH", 400)
    monkeypatch.setattr(nesting, "MAX_DEPTH", 400)
    rejected = _read_page("<div>" * 300 + ARTICLE)
    assert isinstance(rejected, Rejected) and rejected.origin == "page.html"
    assert rejected.reason.startswith("HTML the parser stops reading part-way, even without its deepest tags: ")
    assert "Excessive depth in document: 256" in rejected.reason  # libxml2's own words

"""CSV: one document per row, the columns mapped by ``Columns``; a file without a text column is one clear rejection."""

from __future__ import annotations

from dyad.ingest import Columns, read_bytes
from dyad.model import Document, Rejected

ARTICLES = (b"ident,headline,pubdate,body,link\n"
            b"r1,Talks,2019-04-10,\"Baghdad and Washington are in talks.\nA second line.\",https://www.ex.org/a\n"
            b"r2,Deal,2019-04-11,Iran and Pakistan signed a trade agreement.,\n")
MAPPING = Columns(text="body", id="ident", date="pubdate", title="headline", url="link")


def test_mapped_columns_give_text_id_date_title_and_url() -> None:
    first, second = read_bytes(ARTICLES, "articles.csv", columns=MAPPING)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.id, first.title, first.published, first.published_source) == ("r1", "Talks", "2019-04-10", "input")
    assert (first.origin, first.site) == ("https://www.ex.org/a", "ex.org")
    assert first.text.endswith("A second line.") and first.format == "csv"
    assert (second.id, second.origin, second.published) == ("r2", "articles.csv:2", "2019-04-11")


def test_a_csv_without_its_text_column_is_one_rejection_naming_the_columns() -> None:
    (rejected,) = read_bytes(ARTICLES, "articles.csv")
    assert isinstance(rejected, Rejected) and rejected.origin == "articles.csv"
    assert rejected.reason == ("CSV with no text column 'text' (or 'html') (name it with --text-column); "
                               "the columns are 'ident', 'headline', 'pubdate', 'body', 'link'")
    (wrong,) = read_bytes(ARTICLES, "articles.csv", columns=Columns(text="content"))
    assert isinstance(wrong, Rejected) and wrong.reason.startswith("CSV with no text column 'content' (or 'html');")


def test_a_named_column_the_header_lacks_is_a_rejection() -> None:
    (rejected,) = read_bytes(ARTICLES, "articles.csv", columns=Columns(text="body", date="published_at"))
    assert isinstance(rejected, Rejected)
    assert rejected.reason.startswith("CSV with no column 'published_at' (--date-column); the columns are 'ident'")


def test_a_csv_on_standard_input_is_rows_not_one_page() -> None:
    data = b"id,text\n1,Iran and Pakistan signed a trade agreement.\n2,Turkey condemned the strike.\n"
    items = list(read_bytes(data, "<stdin>"))
    assert [(type(i), i.id) for i in items] == [(Document, "1"), (Document, "2")]
    mapped = list(read_bytes(ARTICLES, "<stdin>", columns=MAPPING))
    assert [i.id for i in mapped] == ["r1", "r2"]
    (unmapped,) = read_bytes(ARTICLES, "<stdin>")  # its text column has another name: said, not one page
    assert isinstance(unmapped, Rejected) and unmapped.reason.startswith("CSV with no text column 'text'")


def test_an_empty_csv_is_rejected() -> None:
    (rejected,) = read_bytes(b"", "empty.csv")
    assert isinstance(rejected, Rejected) and rejected.reason == "empty CSV: no header row"

"""The reader registry: each format's suffixes and content sniffing find its reader."""

from __future__ import annotations

import io
import json
from importlib import resources

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dyad.ingest import FORMATS, read_bytes, reader_for_name
from dyad.ingest.readers import READERS, reader_named
from dyad.model import Document

PAGE = b"Iran and Pakistan sign trade deal\n\nIran and Pakistan signed a trade agreement on Monday in Lahore.\n"


def _parquet_bytes() -> bytes:
    buffer = io.BytesIO()
    pq.write_table(pa.table({"text": ["Iran and Pakistan signed a trade agreement."]}), buffer)
    return buffer.getvalue()


def test_every_format_is_a_choice_and_every_suffix_names_one_reader() -> None:
    assert ("auto", *(r.name for r in READERS)) == FORMATS
    suffixes = [s for r in READERS for s in r.suffixes]
    assert len(suffixes) == len(set(suffixes))
    for reader in READERS:
        assert reader_named(reader.name) is reader
        for suffix in reader.suffixes:
            assert reader_for_name(f"dir/File{suffix.upper()}") is reader
            assert reader_for_name(f"dir/file{suffix}.gz") is reader
    assert reader_for_name("notes") is None and reader_for_name("scan.pdf") is None


@pytest.mark.parametrize(("data", "fmt"), [
    (PAGE, "text"),
    (b"Blair, Brown and the euro\n\nThe chancellor spoke on Monday about the single currency.\n", "text"),
    (b"Iran,Pakistan", "text"),
    (b"<!DOCTYPE html><html><body><article><p>" + PAGE + b"</p></article></body></html>", "html"),
    (json.dumps({"text": "Iran and Pakistan signed a trade agreement."}).encode(), "jsonl"),
    (b"id,date,text\n1,2019-04-10,Iran and Pakistan signed a trade agreement.\n", "csv"),
    (b'"",text,source\n"3","Iran and Pakistan signed a trade agreement.",guardian\n', "csv"),
    (_parquet_bytes(), "parquet"),
])
def test_content_without_a_telling_name_is_sniffed(data: bytes, fmt: str) -> None:
    (doc,) = read_bytes(data, "<stdin>")
    assert isinstance(doc, Document) and doc.format == fmt


def test_the_output_schema_knows_every_format_a_reader_gives() -> None:
    schema = json.loads(resources.files("dyad.data").joinpath("output.schema.json").read_text("utf-8"))
    # a WARC record is read as the HTML or text page it holds
    assert set(schema["properties"]["format"]["enum"]) == {r.name for r in READERS if r.name != "warc"} | {None}

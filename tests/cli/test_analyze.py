"""`dyad analyze`: the publication-date options and the dates they give the events."""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

from dyad.cli import app

runner = CliRunner()
TEXT = ("Syria withdrawal\n\nIn December Trump announced the withdrawal of US troops from Syria. "
        "In December Russia will hold talks with Turkey in Moscow.\n")


def _analyze(*args: str) -> list[dict]:
    result = runner.invoke(app, ["analyze", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_published_dates_the_text_and_its_relative_dates(tmp_path: Path) -> None:
    page = tmp_path / "syria.txt"
    page.write_text(TEXT, "utf-8")
    (undated,) = _analyze(str(page))
    assert (undated["published"], undated["published_source"]) == (None, "none: no trusted date evidence")
    assert {e["date"] for e in undated["events"]} == {None}  # "in December" of which year is unknown
    (record,) = _analyze(str(page), "--published", "2019-04-12")
    assert (record["published"], record["published_source"]) == ("2019-04-12", "given")
    dates = {e["evidence"]["sentence"].split()[2]: (e["date"], e["date_start"], e["date_end"])
             for e in record["events"]}
    assert dates["Trump"] == ("2018-12", "2018-12-01", "2018-12-31")  # announced: the December before
    assert dates["Russia"] == ("2019-12", "2019-12-01", "2019-12-31")  # will hold: the December after


def test_published_from_filename(tmp_path: Path) -> None:
    page = tmp_path / "2019-04-12-syria.txt"
    page.write_text(TEXT, "utf-8")
    (record,) = _analyze(str(page), "--published-from", "filename")
    assert (record["published"], record["published_source"]) == ("2019-04-12", "filename")


def test_a_malformed_published_date_is_a_usage_error(tmp_path: Path) -> None:
    page = tmp_path / "syria.txt"
    page.write_text(TEXT, "utf-8")
    for bad in ("2019-13", "yesterday"):
        result = runner.invoke(app, ["analyze", str(page), "--published", bad])
        said = " ".join(result.output.replace("│", " ").split())  # rich wraps the message in a box
        assert result.exit_code == 2 and f"YYYY, YYYY-MM or YYYY-MM-DD, not '{bad}'" in said
    result = runner.invoke(app, ["analyze", str(page), "--published-from", "headline"])
    assert result.exit_code == 2


def test_column_flags_map_a_csv_and_a_csv_without_text_is_rejected_by_name(tmp_path: Path) -> None:
    table = tmp_path / "articles.csv"
    table.write_text("ident,body,pubdate\nr1,Iran and Pakistan signed a trade agreement in Lahore.,2019-04-12\n",
                     "utf-8")
    (record,) = _analyze(str(table), "--text-column", "body", "--id-column", "ident", "--date-column", "pubdate")
    assert (record["id"], record["published"], record["published_source"]) == ("r1", "2019-04-12", "input")
    result = runner.invoke(app, ["analyze", str(table)])
    assert result.stdout == ""
    assert (f"rejected: {table}: CSV with no text column 'text' (or 'html') (name it with --text-column); "
            "the columns are 'ident', 'body', 'pubdate'") in " ".join(result.stderr.split())


def test_analyze_encodes_on_every_core_unless_told_otherwise(tmp_path: Path, monkeypatch) -> None:
    page = tmp_path / "syria.txt"
    page.write_text(TEXT, "utf-8")
    monkeypatch.delenv("DYAD_ENCODER_THREADS", raising=False)  # restored (removed) after the test
    _analyze(str(page))
    assert os.environ["DYAD_ENCODER_THREADS"] == str(os.cpu_count() or 1)
    monkeypatch.setenv("DYAD_ENCODER_THREADS", "1")
    _analyze(str(page))
    assert os.environ["DYAD_ENCODER_THREADS"] == "1"

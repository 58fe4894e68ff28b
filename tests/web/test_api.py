"""The JSON API and pages through FastAPI's TestClient: data, filters, pagination, errors, security headers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hubdata import TOKEN, XSS, build_store, sample_analyses

from dyad.web.app import create_app


@pytest.fixture(scope="module")
def client(store_path: Path) -> Iterator[TestClient]:
    app = create_app(store_path)
    yield TestClient(app)
    app.state.hub.close()


def test_documents_are_paged_newest_first_with_summary_and_dyads(client: TestClient) -> None:
    first = client.get("/api/documents", params={"limit": 2}).json()
    assert first["total"] == 5 and len(first["items"]) == 2
    assert [d["published"] for d in first["items"]] == ["2025-08-04", "2025-08-03"]
    assert first["items"][1]["summary"] == "Iran consulted Pakistan in Islamabad."
    assert first["items"][1]["dyads"] == [{"a": "IRN", "b": "PAK", "events": 1}]
    rest = client.get("/api/documents", params={"limit": 2, "offset": 4}).json()
    assert [d["published"] for d in rest["items"]] == ["2025-05-10"]


def test_document_carries_its_whole_analysis(client: TestClient) -> None:
    doc = next(d for d in client.get("/api/documents").json()["items"] if d["published"] == "2025-07-15")
    record = client.get(f"/api/documents/{doc['doc']}").json()
    assert [e["type"] for e in record["events"]] == ["ASSAULT", "ACCUSE"]
    event = record["events"][0]
    assert record["text"][event["sentence_start"]:event["sentence_end"]] == event["sentence"]
    assert {m["text"] for m in record["mentions"]} == {"Iran", "Pakistan"}
    assert record["figures"][0]["unit"] == "USD"


def test_event_filters(client: TestClient) -> None:
    assert client.get("/api/events", params={"type": "ASSAULT"}).json()["total"] == 1
    assert client.get("/api/events", params={"modality": "planned"}).json()["items"][0]["type"] == "AGREE"
    assert client.get("/api/events", params={"since": "2025-07", "until": "2025-07"}).json()["total"] == 2
    assert client.get("/api/events", params={"country": "irn"}).json()["total"] == 8
    assert client.get("/api/events", params={"actor": "dyad:PAK:GOV", "type": "ACCUSE"}).json()["total"] == 2


def test_dyad_timeline_counts_quad_classes_and_net_goldstein(client: TestClient) -> None:
    body = client.get("/api/dyads/PAK/IRN").json()
    july = next(p for p in body["timeline"] if p["period"] == "2025-07")
    assert (july["material_conflict"], july["verbal_conflict"], july["goldstein_sum"]) == (1, 1, -12.0)
    assert [p["period"] for p in body["timeline"]] == ["2025-05", "2025-06", "2025-07", "2025-08"]
    assert body["modalities"] == ["asserted"] and body["events"]["total"] == 7  # the planned AGREE only when asked
    june = client.get("/api/dyads/PAK/IRN", params={"modality": ["asserted", "planned"]}).json()["timeline"]
    assert [(p["modality"], p["events"]) for p in june if p["period"] == "2025-06"] == [("asserted", 1),
                                                                                     ("planned", 1)]
    assert client.get("/api/dyads/PAK/IRN", params={"modality": "all"}).json()["events"]["total"] == 8
    assert client.get("/api/dyads/IRN/PAK", params={"by": "year"}).json()["timeline"][0]["period"] == "2025"


def test_dyad_page_accepts_country_names(client: TestClient) -> None:
    response = client.get("/dyad/Iran/Pakistan", params={"modality": "planned"}, follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/dyad/IRN/PAK?modality=planned"


def test_actor_profile_has_partners_and_both_roles(client: TestClient) -> None:
    profile = client.get("/api/actors/dyad:IRN:GOV").json()
    assert profile["partners"][0]["actor"] == "dyad:PAK:GOV" and profile["partners"][0]["events"] == 8
    assert len(profile["as_source"]) == 5 and len(profile["as_target"]) == 3


def test_search_matches_every_word_and_returns_evidence(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "GAS pipeline"}).json()
    assert [d["title"] for d in body["items"]] == ["Pezeshkian arrives in Pakistan"]
    assert body["items"][0]["evidence"][0]["type"] == "AGREE"
    assert client.get("/api/search", params={"q": "pipeline border"}).json()["total"] == 0
    assert client.get("/api/search", params={"q": "%"}).json()["total"] == 0  # LIKE wildcards are literal
    assert client.get("/api/search", params={"q": "Iran", "type": "ASSAULT"}).json()["total"] == 1


@pytest.mark.parametrize(("url", "status", "message"), [
    ("/api/events?type=BOMB", 400, "unknown event type 'BOMB'"),
    ("/api/events?limit=0", 422, "limit: Input should be greater than or equal to 1"),
    ("/api/documents/nope", 404, "no document 'nope'"),
    ("/api/dyads/IRN/Atlantis", 404, "'Atlantis' is not a country name"),
    ("/api/dyads/XXX/IRN", 404, "'XXX' is not a country name"),  # three capitals are no code by themselves
    ("/api/dyads/IRN/Iran", 400, "two different countries"),
    ("/api/dyads/IRN/PAK?direction=up", 422, "direction"),
    ("/api/events?type=ASSALT", 400, "did you mean ASSAULT"),
    ("/api/events?modality=planed", 400, "did you mean planned"),
    ("/api/events?country=Sirya", 400, "did you mean 'Syria'"),
    ("/api/events?since=2019-13", 400, "since must be a date as YYYY, YYYY-MM or YYYY-MM-DD"),
    ("/api/events?until=yesterday", 400, "until must be a date"),
    ("/api/actors?country=Sirya", 400, "did you mean 'Syria'"),
    ("/api/nowhere", 404, "Not Found"),
])
def test_errors_are_json_with_a_message(client: TestClient, url: str, status: int, message: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert message in response.json()["error"]


def test_dyads_are_directed(client: TestClient) -> None:
    def types(direction: str) -> list[str]:
        body = client.get("/api/dyads/Pakistan/Iran", params={"direction": direction, "modality": "all"}).json()
        return sorted(e["type"] for e in body["events"]["items"])

    assert types("a-to-b") == ["ACCUSE", "AID", "ASSAULT"]
    assert types("b-to-a") == ["ACCUSE", "AGREE", "CONSULT", "CONSULT", "CONSULT"]
    assert len(types("both")) == 8
    page = client.get("/dyad/PAK/IRN", params={"direction": "a-to-b"})
    assert page.status_code == 200 and 'value="a-to-b" selected' in page.text


def test_countries_resolve_from_names_and_demonyms(client: TestClient) -> None:
    by_code = client.get("/api/events", params={"country": "IRN"}).json()["total"]
    assert client.get("/api/events", params={"country": "Iranian"}).json()["total"] == by_code == 8
    assert client.get("/api/actors", params={"country": "Pakistan"}).json()["items"][0]["country"] == "PAK"


HUGE = "9223372036854775808"  # one past the largest 64-bit integer


@pytest.mark.parametrize("url", ["/api/events", "/api/documents", "/api/actors", "/api/search", "/", "/search",
                                 "/api/dyads/IRN/PAK", "/dyad/IRN/PAK"])
def test_a_huge_offset_is_a_json_422_with_the_allowed_range(client: TestClient, url: str) -> None:
    response = client.get(url, params={"q": "Iran", "offset": HUGE})
    assert response.status_code == 422 and response.headers["content-type"] == "application/json"
    assert "offset" in response.json()["error"] and "from 0 to 1000000000" in response.json()["error"]
    negative = client.get(url, params={"q": "Iran", "offset": "-1"})
    assert negative.status_code == 422 and "from 0 to 1000000000" in negative.json()["error"]


def test_a_browser_gets_the_range_on_an_error_page(client: TestClient) -> None:
    response = client.get("/", params={"offset": HUGE}, headers={"accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
    assert "from 0 to 1000000000" in response.text


def test_every_response_carries_a_strict_csp(client: TestClient) -> None:
    for url in ("/", "/api/documents", "/static/hub.css", "/nowhere"):
        csp = client.get(url).headers["content-security-policy"]
        assert "script-src 'self';" in csp and "unsafe-eval" not in csp and "default-src 'none'" in csp


def test_pages_escape_untrusted_text(client: TestClient) -> None:
    hostile = next(d for d in client.get("/api/documents").json()["items"] if d["title"].startswith("Hostile"))
    for url in ("/", f"/article/{hostile['doc']}", "/search?q=payloads", "/dyad/IRN/PAK"):
        html = client.get(url).text
        assert "<script>window" not in html and "<img src=x" not in html, url
        assert 'href="javascript:' not in html.lower(), url
    article = client.get(f"/article/{hostile['doc']}").text
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in article
    assert "On the same page" in article


def test_openapi_lists_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/documents", "/api/events", "/api/actors", "/api/dyads/{a}/{b}", "/api/search",
            "/api/analyze"} <= set(paths)


def test_read_only_hub_refuses_writes(client: TestClient) -> None:
    response = client.post("/api/documents", json={"content": "Iran met Pakistan."})
    assert response.status_code == 403 and "read-only" in response.json()["error"]


def test_writes_need_the_right_token(tmp_path: Path) -> None:
    writable = TestClient(create_app(build_store(tmp_path / "w.duckdb"), token=TOKEN))
    body = {"content": "Iran and Pakistan held talks in Islamabad on trade.", "origin": "https://example.org/new"}
    assert writable.get("/api/documents").json()["total"] == 5  # now cached
    assert writable.post("/api/documents", json=body).status_code == 401
    assert writable.post("/api/documents", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    stored = writable.post("/api/documents", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert stored.status_code == 201 and stored.json()["stored"] == 1
    assert writable.get(f"/api/documents/{stored.json()['doc']}").json()["origin"] == "https://example.org/new"
    assert writable.get("/api/documents").json()["total"] == 6  # the write emptied the cache


def test_request_bodies_are_limited(store_path: Path) -> None:
    small = TestClient(create_app(store_path, max_body=1000, public_analyze=True))
    response = small.post("/api/analyze", content=json.dumps({"content": "x" * 2000}),
                          headers={"content-type": "application/json"})
    assert response.status_code == 413 and "larger than 1000 bytes" in response.json()["error"]


def test_analyze_returns_the_output_record_without_storing(store_path: Path) -> None:
    client = TestClient(create_app(store_path, public_analyze=True))
    response = client.post("/api/analyze", json={"content": f"<html><title>T</title><body><p>{XSS}</p>"
                                                            "<p>Iran and Pakistan held talks.</p></body></html>"})
    assert response.status_code == 200
    record = response.json()
    assert {"id", "text", "actors", "events", "figures", "pipeline"} <= set(record)
    assert client.get("/api/documents").json()["total"] == 5


def test_analyse_page_takes_uploads_and_limits_their_size(store_path: Path) -> None:
    app = create_app(store_path, max_body=20_000)
    page = TestClient(app)
    text = b"Iran and Pakistan held talks on border trade in Islamabad on Monday."
    shown = page.post("/analyse", files={"upload": ("talks.txt", text, "text/plain")})
    assert shown.status_code == 200 and "held talks on border trade" in shown.text and "not stored" in shown.text
    too_big = page.post("/analyse", files={"upload": ("big.txt", b"x" * 30_000, "text/plain")})
    assert too_big.status_code == 413
    assert page.post("/analyse", data={"text": "  "}).status_code == 400
    app.state.hub.close()


def test_summary_skips_datelines_and_keeps_two_sentences() -> None:
    from dyad.web.queries import summary

    text = "Sunday, November 10, 2019\n\nIraq said no one was hurt. The strike hit a base. Officials met later."
    assert summary(text) == "Iraq said no one was hurt. The strike hit a base."
    assert summary("Short.") == "Short."
    assert summary("") == ""


def test_dyad_page_keeps_undated_events_off_the_chart(tmp_path: Path) -> None:
    from hubdata import IRN, PAK, analysis_of

    undated = analysis_of("Undated talks", "2025-01-01", [("Iran consulted Pakistan again.", "CONSULT", IRN, PAK)])
    undated.document.published = None
    undated.events[0].date = None
    app = create_app(build_store(tmp_path / "u.duckdb", [*sample_analyses(), undated]))
    html = TestClient(app).get("/dyad/IRN/PAK").text
    chart = json.loads(html.split('id="chart-data">', 1)[1].split("</script>", 1)[0])
    assert [row["period"] for row in chart["timeline"]] == ["2025-05", "2025-06", "2025-07", "2025-08"]
    assert "1 undated event (neither the text nor the page gives a date) is not on the chart." in html
    app.state.hub.close()

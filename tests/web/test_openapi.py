"""The OpenAPI schema is typed, and live answers (data and errors) validate against it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient
from hubdata import TOKEN, build_store, gulf_analyses, sample_analyses

from dyad.model import EVENT_TYPES, MODALITIES
from dyad.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = build_store(tmp_path_factory.mktemp("openapi") / "openapi.duckdb", [*sample_analyses(), *gulf_analyses()])
    app = create_app(store, token=TOKEN)
    yield TestClient(app)
    app.state.hub.close()


@pytest.fixture(scope="module")
def schema(client: TestClient) -> dict[str, Any]:
    return client.get("/openapi.json").json()


def _check(schema: dict[str, Any], method: str, template: str, response: Any) -> None:
    """``response`` validates against what the schema declares for its path, method and status."""
    declared = schema["paths"][template][method]["responses"]
    assert str(response.status_code) in declared, f"{method} {template}: {response.status_code} is not documented"
    body_schema = declared[str(response.status_code)]["content"]["application/json"]["schema"]
    validator = jsonschema.Draft202012Validator({**body_schema, "components": schema["components"]})
    errors = sorted(validator.iter_errors(response.json()), key=str)
    assert not errors, f"{method} {template} {response.status_code}: {errors[0].message} at {list(errors[0].path)}"


def _doc(client: TestClient) -> str:
    return client.get("/api/documents", params={"limit": 1}).json()["items"][0]["doc"]


LIVE_GETS = [
    ("/api/documents", "/api/documents", {}),
    ("/api/events", "/api/events", {"country": "Iran", "limit": 200}),
    ("/api/events", "/api/events", {"type": "TELEPORT"}),
    ("/api/events", "/api/events", {"offset": -1}),
    ("/api/actors", "/api/actors", {}),
    ("/api/actors/{actor}", "/api/actors/dyad:IRN:GOV", {}),
    ("/api/actors/{actor}", "/api/actors/nobody", {}),
    ("/api/dyads", "/api/dyads", {}),
    ("/api/dyads/changes", "/api/dyads/changes", {}),
    ("/api/dyads/{a}/{b}", "/api/dyads/IRN/SAU", {"modality": "all", "by": "year"}),
    ("/api/dyads/{a}/{b}", "/api/dyads/IRN/Atlantis", {}),
    ("/api/dyads/{a}/{b}", "/api/dyads/IRN/PAK", {"by": "fortnight"}),
    ("/api/search", "/api/search", {"q": "border"}),
    ("/api/map", "/api/map", {"since": "2025"}),
    ("/api/map", "/api/map", {"until": "2025-02-30"}),
    ("/api/documents/{doc}", "/api/documents/unknown", {}),
]


@pytest.mark.parametrize(("template", "url", "params"), LIVE_GETS)
def test_live_answers_validate_against_the_schema(client: TestClient, schema: dict[str, Any], template: str,
                                                  url: str, params: dict[str, Any]) -> None:
    _check(schema, "get", template, client.get(url, params=params))


def test_documents_and_writes_validate_against_the_schema(client: TestClient, schema: dict[str, Any]) -> None:
    _check(schema, "get", "/api/documents/{doc}", client.get(f"/api/documents/{_doc(client)}"))
    body = {"content": "Iran and Pakistan signed a trade agreement in Islamabad on Monday.", "published": "2025-09-01"}
    _check(schema, "post", "/api/documents", client.post("/api/documents", json=body))
    _check(schema, "post", "/api/documents", client.post("/api/documents", json=body,
                                                          headers={"Authorization": f"Bearer {TOKEN}"}))
    analysed = client.post("/api/analyze", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    _check(schema, "post", "/api/analyze", analysed)
    assert analysed.json()["events"]


def test_schema_has_enums_models_and_error_answers(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    event = components["Event"]["properties"]
    assert event["type"]["enum"] == list(EVENT_TYPES) and event["modality"]["enum"] == list(MODALITIES)
    assert {1, 2, 3, 4} <= set(event["quad_class"]["anyOf"][0]["enum"])
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert parameters["type"]["enum"] == list(EVENT_TYPES)
    assert parameters["modality"]["items"]["enum"] == [*MODALITIES, "all"]
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            ok = operation["responses"].get("200") or operation["responses"].get("201")
            assert "$ref" in ok["content"]["application/json"]["schema"], f"{method} {path} answers an untyped body"
            errors = [s for s in operation["responses"] if s.startswith(("4", "5"))]
            assert errors, f"{method} {path} documents no error answer"
            for status in errors:
                assert operation["responses"][status]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/ErrorAnswer"}
    writes = schema["paths"]["/api/documents"]["post"]["responses"]
    assert {"401", "403", "413", "422"} <= set(writes)
    assert {"400", "404", "422"} <= set(schema["paths"]["/api/dyads/{a}/{b}"]["get"]["responses"])


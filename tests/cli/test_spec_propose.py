"""``kalshi-orders spec propose``: from recorded responses to a spec patch, with its evidence, and the
decisions it leaves to a human. Evidence is built here as cassettes / HAR files / drift reports."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from kalshi_orders.cli._errors import EXIT_BREAKING, EXIT_OK, EXIT_USAGE
from kalshi_orders.spec.evidence import EvidenceError, read_evidence
from kalshi_orders.spec.propose import ProposeResult, propose
from kalshi_orders.spec.yamledit import apply_edits

from .conftest import Invoke
from .upstream_fixtures import CURATED, curated

BASE = "http://127.0.0.1:1/trade-api/v2"


def order(**changes: Any) -> dict[str, Any]:
    out = dict(curated()["components"]["schemas"]["Order"]["example"])
    for key, value in changes.items():
        if value is ...:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def exchange(
    op: str, method: str, path: str, status: int, body: Any, *, text: str | None = None
) -> dict[str, Any]:
    return {
        "operation": op,
        "request": {
            "method": method,
            "uri": BASE + path,
            "path": path,
            "query": {},
            "headers": {},
            "body": None,
        },
        "response": {
            "status": status,
            "headers": {"content-type": "application/json" if text is None else "text/plain"},
            "body": text if text is not None else json.dumps(body),
        },
        "verdicts": {},
    }


def page(*orders: dict[str, Any]) -> dict[str, Any]:
    return exchange("GetOrders", "GET", "/portfolio/orders", 200, {"orders": list(orders), "cursor": ""})


def cassette(tmp_path: Path, *entries: dict[str, Any], name: str = "cassette.yaml") -> Path:
    path = tmp_path / name
    doc = {
        "format": "kalshi-contract-cassette",
        "version": 1,
        "base_url": BASE,
        "http_interactions": [{"id": i, **e} for i, e in enumerate(entries)],
    }
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def run(path: Path, spec: dict[str, Any] | None = None) -> ProposeResult:
    spec = spec or curated()
    return propose(spec, read_evidence(path, spec), "cassette.yaml")


def kinds(result: ProposeResult) -> set[tuple[str, str]]:
    return {(p.kind, p.where) for p in result.proposals}


def applied(result: ProposeResult, text: str | None = None) -> dict[str, Any]:
    out = apply_edits(text or CURATED.read_text(encoding="utf-8"), result.edits)
    return dict(yaml.safe_load(out))


# --------------------------------------------------------------------------- findings


def test_responses_the_spec_explains_propose_nothing(tmp_path: Path) -> None:
    result = run(cassette(tmp_path, page(order(), order(status="canceled")), page()))
    assert result.proposals == [] and result.decisions == []
    assert result.checked == 2


def test_a_new_enum_value_is_added_with_counts_and_requests_keep_the_old_values(tmp_path: Path) -> None:
    result = run(cassette(tmp_path, page(order(status="pending"), order(status="pending")), page(order())))
    assert kinds(result) == {("enum-value", "OrderStatus")}
    assert result.proposals[0].count == 2
    spec = applied(result)
    status = spec["components"]["schemas"]["OrderStatus"]
    assert status["enum"] == ["resting", "canceled", "executed", "pending"]
    assert status["x-observed"]["enum-values"] == {"pending": 2}
    # GetOrders' `status` filter (a request) still takes only the old values.
    param = next(
        p for p in spec["paths"]["/portfolio/orders"]["get"]["parameters"] if p.get("name") == "status"
    )
    assert param["schema"] == {
        "allOf": [{"$ref": "#/components/schemas/OrderStatus"}],
        "not": {"enum": ["pending"]},
    }
    assert [d.kind for d in result.decisions] == ["enum-value-in-requests"]


def test_a_new_field_is_added_with_type_format_pattern_and_nullability_from_every_sample(
    tmp_path: Path,
) -> None:
    orders = [
        order(
            last_fill_price_dollars="0.5600", cancel_reason="user", filled_at="2026-11-23T15:00:01Z", fills=2
        ),
        order(
            last_fill_price_dollars="0.1000", cancel_reason=None, filled_at="2026-11-23T15:00:02.5Z", fills=0
        ),
        order(last_fill_price_dollars="1.0000", filled_at="2026-11-24T00:00:00+00:00", fills=1),
    ]
    result = run(cassette(tmp_path, page(*orders)))
    props = applied(result)["components"]["schemas"]["Order"]["properties"]
    assert props["last_fill_price_dollars"]["type"] == "string"
    assert props["last_fill_price_dollars"]["pattern"] == "^[0-9]+\\.[0-9]{4}$"
    assert props["last_fill_price_dollars"]["x-observed"]["count"] == 3
    assert props["filled_at"] == {
        "type": "string",
        "format": "date-time",
        "x-observed": {
            "count": 3,
            "of": 3,
            "source": "cassette.yaml",
            "samples": ["2026-11-23T15:00:01Z", "2026-11-23T15:00:02.5Z", "2026-11-24T00:00:00+00:00"],
        },
    }
    assert props["cancel_reason"]["nullable"] is True
    assert (
        props["cancel_reason"]["x-observed"]["count"] == 2 and props["cancel_reason"]["x-observed"]["of"] == 3
    )
    assert props["fills"]["type"] == "integer"


def test_new_fields_whose_samples_do_not_agree_are_left_to_a_human(tmp_path: Path) -> None:
    result = run(cassette(tmp_path, page(order(mixed="a", nothing=None), order(mixed=3, nothing=None))))
    assert result.proposals == []
    decided = {d.where: d.summary for d in result.decisions}
    assert "several types" in decided["Order.mixed"]
    assert "only null" in decided["Order.nothing"]


def test_a_required_field_found_missing_is_made_optional_with_counts(tmp_path: Path) -> None:
    result = run(cassette(tmp_path, page(order(user_id=...), order(user_id=...), order())))
    assert kinds(result) == {("required-missing", "Order")}
    schema = applied(result)["components"]["schemas"]["Order"]
    assert "user_id" not in schema["required"]
    assert "user_id" in schema["properties"]
    assert schema["x-observed"]["missing"] == {"user_id": "2 of 3"}


def test_null_where_the_spec_does_not_allow_it_is_made_nullable(tmp_path: Path) -> None:
    result = run(cassette(tmp_path, page(order(ticker=None, status=None))))
    props = applied(result)["components"]["schemas"]["Order"]["properties"]
    assert props["ticker"]["nullable"] is True
    assert props["ticker"]["x-observed"]["nulls"]["count"] == 1
    # A bare $ref takes no siblings in OpenAPI 3.0: wrapped in allOf.
    assert props["status"]["allOf"] == [{"$ref": "#/components/schemas/OrderStatus"}]
    assert props["status"]["nullable"] is True


def test_a_value_outside_a_pattern_widens_it_with_samples(tmp_path: Path) -> None:
    result = run(cassette(tmp_path, page(order(fill_count_fp="1.5"), order(fill_count_fp="12.25"))))
    assert kinds(result) == {("pattern", "FixedPointCount")}
    count = applied(result)["components"]["schemas"]["FixedPointCount"]
    assert count["pattern"] == "(?:^[0-9]+\\.[0-9]{2}$)|(?:^[0-9]+\\.[0-9]+$)"
    assert count["x-observed"]["outside-pattern"]["samples"] == ["1.5"]
    import re

    assert re.search(count["pattern"], "1.5") and re.search(count["pattern"], "10.00")


def test_a_value_of_another_type_is_a_decision_with_samples(tmp_path: Path) -> None:
    result = run(cassette(tmp_path, page(order(fill_count_fp=1.0))))
    assert result.proposals == []
    (decision,) = result.decisions
    assert decision.kind == "type" and decision.samples == (1.0,)
    assert "generated types" in decision.summary


def test_an_undocumented_error_status_is_documented_and_a_success_status_is_a_decision(
    tmp_path: Path,
) -> None:
    result = run(
        cassette(
            tmp_path,
            exchange(
                "GetOrders", "GET", "/portfolio/orders", 404, {"error": {"code": "not_found", "message": "x"}}
            ),
            exchange("CreateOrderV2", "POST", "/portfolio/events/orders", 200, {"order_id": "a"}),
        )
    )
    assert ("status", "GetOrders 404") in kinds(result)
    responses = applied(result)["paths"]["/portfolio/orders"]["get"]["responses"]
    assert responses["404"] == {"$ref": "#/components/responses/NotFoundError"}
    assert [(d.kind, d.where) for d in result.decisions] == [("status", "CreateOrderV2 200")]


def test_an_error_code_the_operation_does_not_list_is_listed(tmp_path: Path) -> None:
    body = {"error": {"code": "not_found", "message": "no such order"}}
    result = run(
        cassette(
            tmp_path,
            exchange("GetOrder", "GET", "/portfolio/orders/x", 404, body),
            exchange("GetOrder", "GET", "/portfolio/orders/y", 404, body),
            # GetOrders lists no codes for 400: any code is fine there.
            exchange("GetOrders", "GET", "/portfolio/orders", 400, {"error": {"code": "whatever"}}),
        )
    )
    assert kinds(result) == {("error-code", "GetOrder 404")}
    codes = applied(result)["paths"]["/portfolio/orders/{order_id}"]["get"]["x-kalshi-error-codes"]
    assert codes == {"404": ["order_not_found", "not_found"]}


def test_broken_error_bodies_are_a_decision(tmp_path: Path) -> None:
    result = run(
        cassette(
            tmp_path,
            exchange("GetOrder", "GET", "/portfolio/orders/x", 404, {"error": {"message": "no code"}}),
            exchange("GetOrder", "GET", "/portfolio/orders/x", 400, None, text="Bad Request"),
        )
    )
    assert result.proposals == []
    assert {(d.kind, d.where) for d in result.decisions} == {
        ("error-body", "GetOrder 400"),
        ("error-body", "GetOrder 404"),
    }


def test_the_patched_spec_explains_the_evidence(tmp_path: Path) -> None:
    path = cassette(
        tmp_path,
        page(order(status="pending", user_id=..., note="x"), order(ticker=None)),
        exchange("GetOrder", "GET", "/portfolio/orders/x", 404, {"error": {"code": "not_found"}}),
    )
    first = run(path)
    assert len(first.proposals) == 5
    patched_text = apply_edits(CURATED.read_text(encoding="utf-8"), first.edits)
    again = run(path, yaml.safe_load(patched_text))
    assert again.proposals == []


# --------------------------------------------------------------------------- never widen a request


MINI = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/things": {
            "post": {
                "operationId": "CreateThing",
                "requestBody": {
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "kind": {"type": "string", "enum": ["a", "b"]},
                    "code": {"type": "string", "pattern": "^[A-Z]+$"},
                },
            }
        }
    },
}


def test_response_evidence_never_widens_a_schema_requests_share(tmp_path: Path) -> None:
    spec = copy.deepcopy(MINI)
    body = {"kind": "c", "code": "abc", "extra": 1, "id": None}
    path = cassette(
        tmp_path,
        exchange("CreateThing", "POST", "/things", 200, body),
        exchange("CreateThing", "POST", "/things", 200, {"kind": "a"}),
    )
    result = propose(spec, read_evidence(path, spec), "c")
    assert result.proposals == []
    assert {d.kind for d in result.decisions} == {
        "enum-value",
        "new-field",
        "required-missing",
        "nullable",
        "pattern",
    }


# --------------------------------------------------------------------------- other inputs


def test_a_har_file_gives_the_same_findings(tmp_path: Path) -> None:
    from kalshi_contract.har import har_document

    entries = [page(order(status="pending")), page(order(user_id=...))]
    for i, e in enumerate(entries):
        e.update(id=i, recorded_at=0, duration_ms=1)
    har = tmp_path / "run.har"
    har.write_text(json.dumps(har_document(entries)), encoding="utf-8")
    from_har = run(har)
    from_cassette = run(cassette(tmp_path, *entries))
    assert (
        kinds(from_har)
        == kinds(from_cassette)
        == {("enum-value", "OrderStatus"), ("required-missing", "Order")}
    )


def test_a_foreign_har_is_matched_by_method_and_path(tmp_path: Path) -> None:
    har = {
        "log": {
            "version": "1.2",
            "entries": [
                {
                    "request": {
                        "method": "GET",
                        "url": "https://external-api.demo.kalshi.co/trade-api/v2/portfolio/orders/abc",
                    },
                    "response": {
                        "status": 200,
                        "headers": [{"name": "Content-Type", "value": "application/json"}],
                        "content": {
                            "mimeType": "application/json",
                            "text": json.dumps({"order": order(status="queued")}),
                        },
                    },
                },
                {
                    "request": {
                        "method": "GET",
                        "url": "https://external-api.demo.kalshi.co/trade-api/v2/portfolio/fills",
                    },
                    "response": {"status": 200, "headers": [], "content": {"text": "{}"}},
                },
                {"request": {"method": "GET", "url": "https://x/y"}, "response": {"status": 0}},
            ],
        }
    }
    path = tmp_path / "browser.har"
    path.write_text(json.dumps(har), encoding="utf-8")
    result = run(path)
    assert kinds(result) == {("enum-value", "OrderStatus")}
    assert dict(result.unmatched) == {"GET /trade-api/v2/portfolio/fills": 1}


def test_a_report_directory_reads_its_cassette(tmp_path: Path) -> None:
    cassette(tmp_path, page(order(status="pending")))
    assert kinds(run(tmp_path)) == {("enum-value", "OrderStatus")}


def test_a_drift_report_gives_enum_and_field_proposals(tmp_path: Path) -> None:
    report = {
        "format": "kalshi-orders-drift",
        "version": 1,
        "unknown": [
            {"model": "Order", "field": "status", "kind": "enum", "value": "pending", "count": 7},
            {
                "model": "Order",
                "field": "queue_group",
                "kind": "field",
                "value": "g1",
                "count": 4,
                "samples": ["g1", "g2"],
            },
            {"model": "NoSuchModel", "field": "x", "kind": "field", "value": 1, "count": 1},
        ],
    }
    path = tmp_path / "drift.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    result = run(path)
    assert kinds(result) == {("enum-value", "OrderStatus"), ("new-field", "Order.queue_group")}
    assert next(p for p in result.proposals if p.kind == "enum-value").count == 7
    spec = applied(result)
    assert spec["components"]["schemas"]["Order"]["properties"]["queue_group"]["x-observed"]["count"] == 4
    assert ("drift", "NoSuchModel") in {(d.kind, d.where) for d in result.decisions}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("just: text\n", "not a contract cassette"),
        ('{"format": "kalshi-orders-drift", "unknown": [{"model": "Order"}]}', "needs model, field"),
        ("{: nope", "neither JSON nor YAML"),
    ],
)
def test_bad_evidence_is_refused_with_a_sentence(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "evidence.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvidenceError, match=message):
        read_evidence(path, curated())


def test_an_empty_directory_says_what_to_point_at(tmp_path: Path) -> None:
    with pytest.raises(EvidenceError, match=r"holds no cassette\.yaml or run\.har"):
        read_evidence(tmp_path, curated())


# --------------------------------------------------------------------------- the command


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    spec = tmp_path / "spec.yaml"
    spec.write_text(CURATED.read_text(encoding="utf-8"), encoding="utf-8")
    return spec


def test_cli_prints_the_patch_and_exits_3(invoke: Invoke, repo: Path, tmp_path: Path) -> None:
    evidence = cassette(tmp_path, page(order(status="pending")))
    before = repo.read_text(encoding="utf-8")
    result = invoke("spec", "propose", "--from", str(evidence), "--spec", str(repo))
    assert result.exit_code == EXIT_BREAKING, result.output
    assert result.stdout.startswith(f"--- a/{repo.as_posix()}\n+++ b/{repo.as_posix()}\n")
    assert "+      enum: [resting, canceled, executed, pending]" in result.stdout
    assert "Proposed spec changes" in result.stderr
    assert repo.read_text(encoding="utf-8") == before  # nothing written without --write


def test_cli_write_applies_it_and_a_second_run_finds_nothing(
    invoke: Invoke, repo: Path, tmp_path: Path
) -> None:
    evidence = cassette(tmp_path, page(order(user_id=...)))
    result = invoke("spec", "propose", "--from", str(evidence), "--spec", str(repo), "--write")
    assert result.exit_code == EXIT_OK, result.output
    assert "Wrote 1 change(s)" in result.stderr and "scripts/regenerate" in result.stderr
    assert "user_id" not in yaml.safe_load(repo.read_text())["components"]["schemas"]["Order"]["required"]
    again = invoke("spec", "propose", "--from", str(evidence), "--spec", str(repo))
    assert again.exit_code == EXIT_OK
    assert again.stdout == ""
    assert "nothing to propose" in again.stderr


def test_cli_json(invoke: Invoke, repo: Path, tmp_path: Path) -> None:
    evidence = cassette(tmp_path, page(order(status="pending")))
    result = invoke("spec", "propose", "--json", "--from", str(evidence), "--spec", str(repo))
    assert result.exit_code == EXIT_BREAKING
    data = json.loads(result.stdout)
    assert [p["kind"] for p in data["proposals"]] == ["enum-value"]
    assert data["decisions"][0]["kind"] == "enum-value-in-requests"
    assert data["patch"].startswith("--- a/")
    assert data["written"] is False


def test_cli_bad_evidence_is_a_usage_error(invoke: Invoke, repo: Path, tmp_path: Path) -> None:
    result = invoke("spec", "propose", "--from", str(tmp_path / "missing.yaml"), "--spec", str(repo))
    assert result.exit_code == EXIT_USAGE
    assert "does not exist" in result.stderr


def test_cli_write_needs_a_spec_file(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    evidence = cassette(tmp_path, page(order(status="pending")))
    result = invoke("spec", "propose", "--from", str(evidence), "--write")
    assert result.exit_code == EXIT_USAGE
    assert "--write needs the spec file" in result.stderr

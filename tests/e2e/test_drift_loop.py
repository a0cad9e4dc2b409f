"""The drift loop end to end (the heaviest test of the suite, ~1 minute; it runs in scripts/test like every
other): the API changes (the sandbox's ``api_change`` breakage: a new order status, a new order field,
``user_id`` no longer sent, a new error code), the contract suite goes red naming the rules, ``spec propose
--write`` patches a copy of the spec, the copy is regenerated, ``contract --replay`` of the red recording is
green against it, and the regenerated client parses every recorded response, knowing the new status and
field. Regeneration happens in a temporary copy of the repository, never in the tree.

And the runtime half: the client in the repository (not regenerated) parses the same responses, keeps the
unknown value and field, and ``client.drift()`` feeds ``spec propose`` the same proposals.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from kalshi_contract.runner import EXIT_VIOLATIONS, RunResult, run
from kalshi_contract.settings import RunSettings
from kalshi_contract.target import sandbox_target
from kalshi_orders.cli._errors import EXIT_BREAKING, EXIT_OK
from kalshi_orders.spec.yamledit import Edit, apply_edits
from kalshi_sandbox import SandboxConfig, SandboxServer

from ..cli.conftest import Invoke
from ..cli.upstream_fixtures import KALSHI_CHANGED, upstream_3_34, write

ROOT = Path(__file__).resolve().parents[2]
PARSE = Path(__file__).with_name("_parse_recorded.py")


@pytest.fixture(scope="module")
def red_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunResult]:
    config = SandboxConfig(key_dir=tmp_path_factory.mktemp("keys"), rate_limits=False, seed=0)
    with SandboxServer(config).start() as server:
        server.admin.set_breakages("api_change")
        yield run(RunSettings(report_dir=tmp_path_factory.mktemp("reports")), target=sandbox_target(server))


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What regeneration needs: the spec, the generator config and templates, the scripts, generated/."""
    copy = tmp_path_factory.mktemp("repo")
    for part in ("openapi", "scripts", "generated"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__", "editing"))
    return copy


def _python(*args: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KALSHI_")}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(  # noqa: S603 - our own interpreter and scripts
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def test_the_loop_turns_a_red_run_green(red_run: RunResult, repo_copy: Path, invoke: Invoke) -> None:
    # 1. The contract suite is red and names the rules the change breaks.
    assert red_run.exit_code == EXIT_VIOLATIONS
    assert {"required", "enums", "errors"} <= red_run.failed_rules
    cassette = red_run.reports["cassette"]

    # 2. spec propose: the patch, each change with its evidence, and what needs a human.
    spec = repo_copy / "openapi" / "kalshi-orders.yaml"
    proposed = invoke("spec", "propose", "--json", "--from", str(cassette.parent), "--spec", str(spec))
    assert proposed.exit_code == EXIT_BREAKING, proposed.output
    data = json.loads(proposed.stdout)
    kinds = {(p["kind"], p["where"]) for p in data["proposals"]}
    assert kinds >= {
        ("enum-value", "OrderStatus"),
        ("new-field", "Order.order_source"),
        ("required-missing", "Order"),
        ("error-code", "GetOrder 404"),
    }
    assert "+      enum: [resting, canceled, executed, user_canceled]" in data["patch"]
    assert "unknown_order" in data["patch"]
    assert [d["kind"] for d in data["decisions"]] == ["enum-value-in-requests"]
    written = invoke("spec", "propose", "--write", "--from", str(cassette.parent), "--spec", str(spec))
    assert "Wrote" in written.stderr
    assert written.exit_code == EXIT_BREAKING  # the GetOrders filter decision is still open

    # 3. Regenerate the copy.
    regen = _python(str(repo_copy / "scripts" / "_codegen.py"), "regenerate")
    assert regen.returncode == 0, regen.stdout + regen.stderr
    assert "user_canceled" in (repo_copy / "generated" / "kalshi_orders_api" / "openapi.yaml").read_text()

    # 4. The red recording, replayed against the regenerated spec, is green.
    replay_dir = repo_copy / "replay"
    replay = _python(
        "-c",
        "from kalshi_orders.cli import main; main()",
        "contract",
        "--replay",
        str(cassette),
        "--report-dir",
        str(replay_dir),
        pythonpath=repo_copy / "generated",
    )
    assert replay.returncode == EXIT_OK, replay.stdout + replay.stderr
    results = json.loads((replay_dir / "results.json").read_text())
    assert results["status"] == "passed" and results["failed_rules"] == []

    # 5. The regenerated client parses every recorded success response, and knows the change.
    parse = _python(str(PARSE), str(cassette), pythonpath=repo_copy / "generated")
    assert parse.returncode == 0, parse.stderr
    report = json.loads(parse.stdout)
    assert report["package"].startswith(str(repo_copy))
    assert report["failures"] == []
    assert report["parsed"] > 20
    assert ["user_canceled", False] in report["statuses"]
    assert report["user_canceled_known"] and report["order_source_is_a_field"]


def test_the_client_in_the_tree_still_parses_the_changed_responses(red_run: RunResult) -> None:
    # Before any regeneration: open enums and kept unknown fields, so nothing crashes on the change (user_id
    # missing is the exception: a required field the client cannot do without until the spec says so).
    parse = _python(str(PARSE), str(red_run.reports["cassette"]))
    report = json.loads(parse.stdout)
    assert report["package"].startswith(str(ROOT))
    assert not report["user_canceled_known"] and not report["order_source_is_a_field"]
    assert report["failures"] and all("user_id" in f for f in report["failures"])


def test_the_upstream_loop_from_a_published_change_to_a_client_that_has_it(
    tmp_path_factory: pytest.TempPathFactory, invoke: Invoke
) -> None:
    copy = tmp_path_factory.mktemp("upstream-repo")
    for part in ("openapi", "scripts", "generated"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__", "editing"))
    spec_path = copy / "openapi" / "kalshi-orders.yaml"
    published = write(upstream_3_34(KALSHI_CHANGED), copy / "upstream.yaml")
    saved = copy / "surface.yaml"

    # 1. Kalshi publishes the change: new and breaking (client_order_id now required on create).
    first = invoke(
        "spec", "upstream", "--file", str(published), "--spec", str(spec_path), "--save", str(saved)
    )
    assert first.exit_code == EXIT_BREAKING, first.output

    # 2. The maintainer takes the three changes into the curated spec (from the saved surface) ...
    surface = yaml.safe_load(saved.read_text())
    schemas = ("components", "schemas")
    text = apply_edits(
        spec_path.read_text(encoding="utf-8"),
        [
            Edit("extend", (*schemas, "OrderStatus"), "enum", ["pending_cancel"]),
            Edit("extend", (*schemas, "CreateOrderV2Request"), "required", ["client_order_id"]),
            Edit(
                "set",
                ("paths",),
                "/portfolio/orders/{order_id}/fills",
                surface["paths"]["/portfolio/orders/{order_id}/fills"],
            ),
            Edit(
                "set",
                (*schemas,),
                "GetOrderFillsResponse",
                surface["components"]["schemas"]["GetOrderFillsResponse"],
            ),
            Edit("set", ("info",), "x-upstream-version", "3.35.0"),
        ],
    )
    spec_path.write_text(text, encoding="utf-8")

    # ... after which upstream holds nothing new,
    again = invoke("spec", "upstream", "--file", str(published), "--spec", str(spec_path))
    assert again.exit_code == EXIT_OK, again.output
    assert "Nothing new upstream" in again.stdout

    # 3. and the regenerated client has the new operation and value.
    regen = _python(str(copy / "scripts" / "_codegen.py"), "regenerate")
    assert regen.returncode == 0, regen.stdout + regen.stderr
    generated = copy / "generated" / "kalshi_orders_api"
    assert (generated / "api" / "orders" / "get_order_fills.py").is_file()
    assert 'PENDING_CANCEL = "pending_cancel"' in (generated / "models" / "order_status.py").read_text()

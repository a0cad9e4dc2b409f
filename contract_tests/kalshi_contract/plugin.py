"""pytest plugin of the contract suite (`-p kalshi_contract.plugin`).

* registers the `rule(name)` marker (which rule a test checks) and `writes` (the test places orders);
* holds the run's `ContractSession` (settings, target, client, recorder, cleanup registry): the runner
  registers one it built; a plain `pytest -p kalshi_contract.plugin <suite>` builds one from the environment;
* restricts collection to the selected rules and skips writing tests on a read-only (production) target;
* collects one result per test (and per schemathesis operation) for the reports.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from . import examples
from . import spec as spec_module
from .cleanup import OrderRegistry
from .client import ContractClient
from .recorder import Recorder
from .safe_data import SafeOrders
from .settings import RULES, RunSettings
from .target import Target, open_target

SESSION_PLUGIN_NAME = "kalshi-contract-session"
SWEEP_SETTLE_SECONDS = 0.5
_ACTIVE: ContractSession | None = None
_LABEL = re.compile(r"\[(GET|POST|PUT|PATCH|DELETE) (/[^\]]*)\]$")
# Rules whose checks also run over every exchange of the run (not only the ones their tests make).
SWEEP_RULES = ("invariants", "errors")


@dataclass
class RuleResult:
    nodeid: str
    rule: str
    operation: str
    outcome: str  # passed | failed | skipped | error
    message: str = ""
    repro: str = ""
    duration: float = 0.0
    example: dict[str, Any] | None = None  # examples.Example.to_dict() of a failure
    details: str = ""  # the failure as pytest reported it (tracebacks; for the log and junit.xml)


@dataclass(eq=False)  # a pytest plugin object: identity, not value, equality
class ContractSession:
    settings: RunSettings
    target: Target | None = None
    recorder: Recorder = field(default_factory=Recorder)
    registry: OrderRegistry = field(default_factory=OrderRegistry)
    results: list[RuleResult] = field(default_factory=list)
    _client: ContractClient | None = None
    _stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)
    _rules_by_item: dict[str, str] = field(default_factory=dict)
    _operation_by_item: dict[str, str] = field(default_factory=dict)
    _examples: dict[str, examples.Example] = field(default_factory=dict)

    # --------------------------------------------------------------------------------------- lifecycle

    def enter_context(self, context: contextlib.AbstractContextManager[Any]) -> Any:
        """Keep `context` open until the session closes."""
        return self._stack.enter_context(context)

    def open(self) -> Target:
        if self.target is None:
            self.target = self._stack.enter_context(open_target(self.settings))
        if not self.recorder.base_url:
            self.recorder.base_url = self.target.base_url
            self.recorder.redactor.add_key_id(self.target.key_id)
        return self.target

    @property
    def client(self) -> ContractClient:
        if self._client is None:
            self._client = ContractClient(self.open(), self.recorder, self.registry)
            self.registry.install(self._client.cancel_for_cleanup)
        return self._client

    @property
    def safe(self) -> SafeOrders:
        return SafeOrders(ticker=self.open().ticker, tick=self.settings.tick)

    def close(self) -> None:
        try:
            if self._client is not None:
                self.recorder.current_test = "cleanup"
                self.registry.cancel_all()
                if self.target is not None and self.target.ticker and not self.target.read_only:
                    try:
                        self.registry.failed.update(self._client.sweep(self.target.ticker))
                        # A create that was in flight when the run was interrupted can land after the first
                        # sweep (and Kalshi's demo shows new orders ~0.5 s late): look once more.
                        time.sleep(SWEEP_SETTLE_SECONDS)
                        self.registry.failed.update(self._client.sweep(self.target.ticker))
                    except (AssertionError, httpx.HTTPError) as exc:
                        self.registry.failed["(sweep)"] = f"the final sweep failed: {exc}"
                self.registry.uninstall()
                self._client.close()
                self._client = None
        finally:
            self._stack.close()

    # ------------------------------------------------------------------------------------------ pytest

    def pytest_ignore_collect(self, collection_path: Path, config: pytest.Config) -> bool | None:
        """Skip importing the modules of rules not selected (schemathesis builds its tests on import)."""
        wanted = set(self.settings.rules)
        rule = module_rule(collection_path.name)
        if wanted and rule is not None and rule not in wanted:
            return True
        return None

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        wanted = set(self.settings.rules)
        keep, drop = [], []
        for item in items:
            marker = item.get_closest_marker("rule")
            rule = marker.args[0] if marker and marker.args else "other"
            test_id = _test_id(item.nodeid, item.location[2])
            self._rules_by_item[test_id] = rule
            self._operation_by_item[test_id] = _operation_of(item)
            if wanted and rule not in wanted:
                drop.append(item)
                continue
            if item.get_closest_marker("writes") and self.open().read_only:
                item.add_marker(pytest.mark.skip(reason="read-only target (production): writes are not run"))
            keep.append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = keep

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self.recorder.current_test = _test_id(item.nodeid, item.location[2])

    def pytest_runtest_teardown(self, item: pytest.Item) -> None:
        self.recorder.current_test = _test_id(item.nodeid, item.location[2])

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        outcome: str
        if report.when == "call":
            outcome = report.outcome
        elif report.failed:
            outcome = "error"
        elif report.when == "setup" and report.skipped:
            outcome = "skipped"
        else:
            return
        test_id = _test_id(report.nodeid, report.location[2])
        rule = self._rules_by_item.get(test_id, "other")
        operation = self._operation_by_item.get(test_id, "")
        label = _LABEL.search(test_id)
        if label:
            op = spec_module.operation_for_label(label.group(1), label.group(2))
            operation = op.operation_id if op else f"{label.group(1)} {label.group(2)}"
        message = ""
        repro = ""
        example_data: dict[str, Any] | None = None
        details = ""
        if report.failed:
            redactor = self.recorder.redactor
            details = redactor.text(str(report.longrepr))
            example = self._examples.pop(test_id, None)
            if example is None:
                sent = self.recorder.for_test(test_id)
                example = examples.Example(
                    rule_in_words=_last_line(details), reproduce=sent[-1].reproduce() if sent else ""
                )
            example_data = redactor.data(example.to_dict())
            assert example_data is not None
            message = _message(example)
            repro = str(example_data.get("reproduce") or "")
            message = redactor.text(message)
        elif report.skipped and isinstance(report.longrepr, tuple):
            message = str(report.longrepr[2])
        self.results.append(
            RuleResult(
                nodeid=test_id,
                rule=rule,
                operation=operation or "-",
                outcome=outcome,
                message=message,
                repro=repro,
                duration=report.duration,
                example=example_data,
                details=details,
            )
        )

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        if report.failed and call.excinfo is not None:
            test_id = _test_id(item.nodeid, item.location[2])
            rule = self._rules_by_item.get(test_id, "other")
            try:
                found = examples.explain(call.excinfo.value, rule, self.recorder.for_test(test_id))
            except Exception as exc:  # the report must never hide the failure itself
                found = examples.Example(rule_in_words=f"(could not analyse the failure: {exc!r})")
            if found is not None:
                self._examples[test_id] = found
        return report

    # ------------------------------------------------------------------------------------ run-wide sweeps

    def sweep_results(self) -> list[RuleResult]:
        """The run-wide checks: every order the run saw satisfies the invariants, every 4xx/5xx it
        provoked has the error envelope (one result per rule, with the first violating exchange)."""
        from .violations import Violation

        wanted = set(self.settings.rules) or set(RULES)
        out = []
        for rule in SWEEP_RULES:
            if rule not in wanted:
                continue
            checked, first, total = 0, None, 0
            for interaction in list(self.recorder.interactions):
                found = interaction.findings().get(rule)
                if found is None:
                    continue
                checked += 1
                if found:
                    total += len(found)
                    if first is None:
                        first = Violation(found[0], exchange=interaction, others=found[1:])
            nodeid = f"every exchange of the run [{rule}]"
            if first is not None:
                example = examples.from_violation(first)
                data = self.recorder.redactor.data(example.to_dict())
                out.append(
                    RuleResult(
                        nodeid,
                        rule,
                        first.exchange.operation if first.exchange else "-",
                        "failed",
                        self.recorder.redactor.text(_message(example)) + f" ({total} finding(s) in the run)",
                        str(data.get("reproduce") or ""),
                        0.0,
                        data,
                    )
                )
            elif checked:
                out.append(RuleResult(nodeid, rule, "-", "passed", f"{checked} exchanges checked"))
        return out


def module_rule(filename: str) -> str | None:
    """The rule of a suite module, by name: test_rules_<rule>.py, test_schemathesis.py, test_stateful.py."""
    if filename.startswith("test_rules_") and filename.endswith(".py"):
        return filename[len("test_rules_") : -3]
    return {"test_schemathesis.py": "schemathesis", "test_stateful.py": "stateful"}.get(filename)


def _test_id(nodeid: str, domain: str) -> str:
    """A unique id per test: schemathesis items share the function's node id under pytest 9.2, but their
    location names the operation (`test_positive[GET /portfolio/orders]`)."""
    if _LABEL.search(nodeid):
        return nodeid
    label = _LABEL.search(domain)
    return f"{nodeid}{label.group(0)}" if label else nodeid


def _operation_of(item: pytest.Item) -> str:
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        for key in ("operation", "operation_id"):
            value = callspec.params.get(key)
            if isinstance(value, str):
                return value
            if value is not None and hasattr(value, "operation_id"):
                return str(value.operation_id)
    marker = item.get_closest_marker("operation")
    return str(marker.args[0]) if marker and marker.args else ""


def _message(example: examples.Example) -> str:
    """One line: the rule in words, then the field, its value and what was expected."""
    parts = [example.rule_in_words]
    if example.field:
        parts.append(f"{example.field} = {example.value!r}"[:200])
    if example.expected:
        parts.append(f"expected {example.expected}")
    return " — ".join(parts)[:600]


def _last_line(text: str) -> str:
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("E ") and len(stripped) > 2:
            return stripped[2:].strip()[:500]
    lines = [line for line in text.splitlines() if line.strip()]
    return (lines[-1] if lines else "")[:500]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kalshi-contract")
    group.addoption("--kalshi-profile", default=None, help="contract profile: ci, dev or demo")
    group.addoption("--kalshi-rules", default=None, help=f"comma-separated rules to run ({', '.join(RULES)})")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "rule(name): the contract rule a test checks (reports group by it)")
    config.addinivalue_line("markers", "operation(operation_id): the API operation a test exercises")
    config.addinivalue_line("markers", "writes: the test places orders (skipped on a read-only target)")
    # The runner passes its own session in `pytest.main(..., plugins=[session])`; plain pytest gets one here.
    if _find_session(config) is None:
        rules = config.getoption("--kalshi-rules")
        settings = RunSettings.from_env(
            profile=config.getoption("--kalshi-profile"),
            rules=tuple(r.strip() for r in rules.split(",") if r.strip()) if rules else None,
        )
        config.pluginmanager.register(ContractSession(settings), SESSION_PLUGIN_NAME)
    global _ACTIVE
    _ACTIVE = contract_session(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    global _ACTIVE
    _ACTIVE = None
    session = _find_session(config)
    if session is not None:
        session.close()


def _find_session(config: pytest.Config) -> ContractSession | None:
    for plugin in config.pluginmanager.get_plugins():
        if isinstance(plugin, ContractSession):
            return plugin
    return None


def active_session() -> ContractSession:
    """The running session, for module-level code (schemathesis builds its tests at collection time)."""
    if _ACTIVE is None:
        raise RuntimeError("the contract suite needs its plugin: run pytest with -p kalshi_contract.plugin")
    return _ACTIVE


def contract_session(config: pytest.Config) -> ContractSession:
    session = _find_session(config)
    if session is None:
        raise RuntimeError("the contract suite needs its plugin: run pytest with -p kalshi_contract.plugin")
    return session

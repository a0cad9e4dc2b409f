"""Schemathesis over every operation: positive cases from the safe (narrowed) spec, negative ones from the
spec. Which checks run, and why some are off, is in kalshi_contract/schemathesis.toml. The schemas are
built when this module is collected, against the run's target (schemathesis makes one test per operation).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from kalshi_contract.fuzzing import build_schema
from kalshi_contract.plugin import active_session

positive = build_schema(active_session(), GenerationMode.POSITIVE)
negative = build_schema(active_session(), GenerationMode.NEGATIVE)


@pytest.fixture(scope="module")
def http() -> Iterator[requests.Session]:
    """One keep-alive session for every case (a fresh connection per case costs more than the case), with
    no proxy settings read from the environment for each request."""
    with requests.Session() as session:
        session.trust_env = False
        yield session


@pytest.mark.rule("schemathesis")
@positive.parametrize()  # type: ignore[untyped-decorator]
def test_positive(case: Any, http: requests.Session) -> None:
    case.call_and_validate(session=http)


@pytest.mark.rule("schemathesis")
@negative.parametrize()  # type: ignore[untyped-decorator]
def test_negative(case: Any, http: requests.Session) -> None:
    # Accepting valid data is test_positive's job: from the unnarrowed spec a "valid" case may carry a made-up
    # cursor or shard that the API rightly rejects as a business matter.
    case.call_and_validate(session=http, excluded_checks=[positive_data_acceptance])

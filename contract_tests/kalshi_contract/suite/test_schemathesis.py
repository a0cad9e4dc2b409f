"""Schemathesis over every operation: positive cases from the safe (narrowed) spec, negative ones from the
spec. Which checks run, and why some are off, is in kalshi_contract/schemathesis.toml. The schemas are
built when this module is collected, against the run's target (schemathesis makes one test per operation).
"""

from __future__ import annotations

from typing import Any

import pytest
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from kalshi_contract.fuzzing import build_schema
from kalshi_contract.plugin import active_session

positive = build_schema(active_session(), GenerationMode.POSITIVE)
negative = build_schema(active_session(), GenerationMode.NEGATIVE)


@pytest.mark.rule("schemathesis")
@positive.parametrize()  # type: ignore[untyped-decorator]
def test_positive(case: Any) -> None:
    case.call_and_validate()


@pytest.mark.rule("schemathesis")
@negative.parametrize()  # type: ignore[untyped-decorator]
def test_negative(case: Any) -> None:
    # Accepting valid data is test_positive's job: from the unnarrowed spec a "valid" case may carry a made-up
    # cursor or shard that the API rightly rejects as a business matter.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])

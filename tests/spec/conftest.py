from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.spec._pages import Listening


@pytest.fixture
def reports() -> Iterator[list[tuple[Any, ...]]]:
    """The drift reports made during the test."""
    with Listening() as seen:
        yield seen

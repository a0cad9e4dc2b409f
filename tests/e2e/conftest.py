"""The CLI tests' in-process runner, for the loop's `spec propose` steps."""

from ..cli.conftest import invoke  # noqa: F401 - a fixture, found by name

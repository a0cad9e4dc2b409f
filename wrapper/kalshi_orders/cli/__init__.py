"""The ``kalshi-orders`` command line (typer + rich). ``main`` is the console-script entry point."""

from ._app import app, main

__all__ = ["app", "main"]

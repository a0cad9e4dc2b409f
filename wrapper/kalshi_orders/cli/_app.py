"""The root ``kalshi-orders`` command: global options, the command groups, lazily mounted extras, and the one
place where expected errors become a sentence and an exit code."""

import importlib
import os
import sys
from typing import Annotated, Any

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

from .._environments import Environment
from .._version import __version__
from . import _batch, _changes  # noqa: F401  (they add `orders batch ...`, `orders amend`, `orders decrease`)
from ._errors import EXIT_CODES_HELP, EXIT_OK, EXIT_USAGE, describe, report
from ._extras import install_command, missing_modules
from ._keys import keys_app
from ._orders import orders_app
from ._sign import sign
from ._spec import spec_app
from ._state import CliState, state

__all__ = ["app", "main"]

# name -> (module with a typer `app`, the extra that provides its dependencies, one-line help)
_LAZY: dict[str, tuple[str, str, str]] = {
    "sandbox": ("kalshi_sandbox.cli", "sandbox", "Run the local Kalshi stand-in (sandbox serve ...)."),
    "contract": ("kalshi_contract.cli", "contract", "Run the contract suite against the sandbox or demo."),
}

# Command and context classes are typed Any here: typer's come from click or, since typer 0.26, from its
# own vendored copy, and neither is importable under one public name across the supported versions.


def _missing_extra(name: str, extra: str, missing: list[str]) -> Any:
    """A stand-in command that says which extra to install (and accepts any arguments)."""

    def explain() -> None:
        typer.echo(
            f"Error: `kalshi-orders {name}` needs the [{extra}] extra, which is not installed (missing: "
            f"{', '.join(missing)}). Install it with:\n  {install_command(extra)}",
            err=True,
        )
        raise typer.Exit(EXIT_USAGE)

    return TyperCommand(
        name,
        callback=explain,
        help=_LAZY[name][2],
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []},
    )


def _load(name: str) -> Any:
    module_name, extra, help_text = _LAZY[name]
    missing = missing_modules(extra)
    if missing:
        return _missing_extra(name, extra, missing)
    try:
        sub: Any = importlib.import_module(module_name).app
    except ModuleNotFoundError as exc:
        return _missing_extra(name, extra, [exc.name or str(exc)])
    command = sub if not isinstance(sub, typer.Typer) else typer.main.get_command(sub)
    _plain_help(command)
    command.name = name
    if not command.help:
        command.help = help_text
    return command


def _plain_help(command: Any) -> None:
    """Plain help for a mounted sub-app and its commands, as for the rest of the CLI."""
    if hasattr(command, "rich_markup_mode"):
        command.rich_markup_mode = None
    for sub in getattr(command, "commands", {}).values():
        _plain_help(sub)


def _quiet_closed_pipe() -> None:
    """The reader of stdout went away (``| head -1``): end quietly, as Unix tools do. stdout is pointed at
    /dev/null first, so the interpreter's final flush has nowhere to fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
        pass


def _is_closed_pipe(exc: BaseException) -> bool:
    import errno

    return isinstance(exc, BrokenPipeError) or (isinstance(exc, OSError) and exc.errno == errno.EPIPE)


class RootGroup(TyperGroup):
    """Adds the lazily imported sub-apps, and maps expected errors to exit codes for every sub-command."""

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        return names + [n for n in _LAZY if n not in names]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in _LAZY:
            # For the help listing only: a placeholder, so `--help` does not import the extras.
            return TyperCommand(cmd_name, help=_LAZY[cmd_name][2])
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] in _LAZY and super().get_command(ctx, args[0]) is None:
            return args[0], _load(args[0]), args[1:]
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BaseException as exc:  # KeyboardInterrupt included: it gets exit code 130, not a traceback
            if _is_closed_pipe(exc):
                _quiet_closed_pipe()
                raise typer.Exit(EXIT_OK) from None
            described = describe(exc)
            if described is None:  # typer's own exits and usage errors, and bugs (with their traceback)
                raise
            report(exc, described, verbose=state(ctx).verbose)
            raise typer.Exit(described.exit_code) from None


app = typer.Typer(
    name="kalshi-orders",
    cls=RootGroup,
    help="Kalshi orders from the command line: list, export, place and cancel orders; check API keys; "
    "compare API specs; run the sandbox and the contract suite. Demo is the default environment.",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    # Plain help: it wraps to any width (rich panels cut long option names at 80 columns).
    rich_markup_mode=None,
    # Locals can hold key material: tracebacks of real bugs must never print them.
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(orders_app, name="orders")
app.add_typer(keys_app, name="keys")
app.add_typer(spec_app, name="spec")
app.command("sign")(sign)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"kalshi-orders {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            envvar="KALSHI_BASE_URL",
            help="API base URL including /trade-api/v2 (e.g. a sandbox's). A production host also needs "
            "--env production.",
            show_default=False,
        ),
    ] = None,
    env: Annotated[
        Environment | None,
        typer.Option(
            "--env",
            envvar="KALSHI_ENV",
            help="demo (the default) or production; picks the recommended host when --base-url is not given.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    key_id: Annotated[
        str | None,
        typer.Option("--key-id", help="API key id (default: $KALSHI_API_KEY_ID).", show_default=False),
    ] = None,
    private_key: Annotated[
        str | None,
        typer.Option(
            "--private-key",
            metavar="PATH",
            help="Private key PEM file (default: $KALSHI_PRIVATE_KEY_PATH, or the PEM text in "
            "$KALSHI_PRIVATE_KEY).",
            show_default=False,
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="On errors, show the raw response body and the traceback.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    st = ctx.obj if isinstance(ctx.obj, CliState) else CliState()
    st.base_url = base_url
    st.env = env
    st.key_id = key_id
    st.private_key_path = private_key
    st.verbose = verbose
    ctx.obj = st


def main() -> None:
    """Console-script entry point (``kalshi-orders``)."""
    try:
        app(prog_name="kalshi-orders")
    except BaseException as exc:
        # A closed pipe seen outside a command (typer writing help or an error to a reader that left).
        if not _is_closed_pipe(exc):
            raise
        _quiet_closed_pipe()
        sys.exit(EXIT_OK)

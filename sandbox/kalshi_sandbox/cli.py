"""``kalshi-orders sandbox``: run the local Kalshi stand-in from the command line."""

from __future__ import annotations

import shlex
import signal
import time
from dataclasses import fields
from pathlib import Path
from typing import Annotated

import typer

from kalshi_sandbox.config import SandboxConfig
from kalshi_sandbox.faults import BREAKAGES, FAULT_NAMES, FaultSettings
from kalshi_sandbox.keys import KEY_TYPES, default_key_dir
from kalshi_sandbox.ratelimit import TIERS
from kalshi_sandbox.server import SandboxServer

app = typer.Typer(
    name="sandbox",
    help="A local stand-in for Kalshi's Trade API v2 orders surface: signing, validation, limits, faults.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _main() -> None:
    """A local stand-in for Kalshi's Trade API v2 orders surface."""


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _stop_on_signals() -> None:
    """Stop cleanly on Ctrl-C (SIGINT) and on ``kill`` (SIGTERM), whatever was inherited: a shell starting
    ``kalshi-orders sandbox serve &`` without job control (a CI script) hands it SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupted)


def _banner(server: SandboxServer, extra: list[tuple[str, str, Path | None]]) -> str:
    env = server.env()
    limits = f"on, tier {server.core.limiter.tier.name}" if server.core.rate_limits else "off"
    lines = [
        "=" * 72,
        "Kalshi sandbox is running (local stand-in, no real money)",
        f"  base URL          {server.base_url}",
        f"  admin API         {server.admin_url}   (loopback only)",
        f"  API key id        {server.key_id}",
        f"  private key path  {server.private_key_path}",
        f"  rate limits       {limits}",
    ]
    faults = {k: v for k, v in server.admin.faults().items() if v and k != "seed"}
    if faults:
        lines.append("  faults            " + ", ".join(f"{k}={v}" for k, v in faults.items()))
    if server.admin.breakages():
        lines.append("  BROKEN on purpose " + ", ".join(server.admin.breakages()))
    for name, key_id, path in extra:
        lines.append(f"  account {name!r}: key id {key_id}, private key {path}")
    lines += [
        "",
        "Use it from a shell:",
        *(f"  export {name}={shlex.quote(value)}" for name, value in env.items()),
        "",
        "Press Ctrl-C to stop.",
        "=" * 72,
    ]
    return "\n".join(lines)


def _parse_faults(items: list[str]) -> dict[str, float | int | str]:
    """``["burst_429=3", "latency_ms=5"]`` -> FaultSettings keyword arguments (counters and seed are ints),
    checked as the admin API checks them."""
    faults: dict[str, float | int | str] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or name not in FAULT_NAMES:
            raise typer.BadParameter(
                f"expected NAME=VALUE with NAME one of {', '.join(sorted(FAULT_NAMES))}", param_hint="--fault"
            )
        if name in _STR_FAULTS:
            faults[name] = text.strip()
            continue
        try:
            faults[name] = int(text) if name in _INT_FAULTS else float(text)
        except ValueError:
            kind = "a whole number" if name in _INT_FAULTS else "a number"
            raise typer.BadParameter(f"{name} needs {kind}, got {text!r}", param_hint="--fault") from None
    try:
        FaultSettings(**faults).validate()  # type: ignore[arg-type]
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--fault") from None
    return faults


def _parse_breakages(names: list[str]) -> list[str]:
    unknown = sorted(set(names) - BREAKAGES)
    if unknown:
        raise typer.BadParameter(
            f"unknown breakage(s) {', '.join(unknown)}; use any of: {', '.join(sorted(BREAKAGES))}",
            param_hint="--break",
        )
    return sorted(set(names))


# Counters and the seed are ints, faulty_writes a string, the rest floats (the annotations are strings here).
_INT_FAULTS = frozenset(f.name for f in fields(FaultSettings) if str(f.type).startswith("int"))
_STR_FAULTS = frozenset(f.name for f in fields(FaultSettings) if str(f.type) == "str")
_FAULT_HELP = ", ".join(
    f"{f.name}={'N' if f.name in _INT_FAULTS else 'OPS' if f.name in _STR_FAULTS else 'X'}"
    for f in fields(FaultSettings)
)


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Interface to bind (loopback only unless --allow-remote).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port; 0 picks a free one.")] = 0,
    key_dir: Annotated[
        Path | None,
        typer.Option(
            help="Where keys and the account registry live.",
            show_default="$KALSHI_SANDBOX_KEY_DIR, else ~/.kalshi-sandbox",
        ),
    ] = None,
    key_type: Annotated[str, typer.Option(help="Default account key: rsa or ed25519.")] = "rsa",
    rate_limits: Annotated[
        bool, typer.Option("--rate-limits/--no-rate-limits", help="Token buckets.")
    ] = True,
    tier: Annotated[str, typer.Option(help=f"Rate-limit tier: {', '.join(TIERS)}.")] = "basic",
    seed_orders: Annotated[
        int, typer.Option(help="Seed this many historical orders for the default account.")
    ] = 0,
    add_account: Annotated[
        list[str] | None,
        typer.Option("--add-account", help="Register (or reuse) a named account (repeatable)."),
    ] = None,
    timestamp_window: Annotated[
        float, typer.Option(help="Allowed clock skew of signatures, seconds.")
    ] = 30.0,
    validate_responses: Annotated[bool, typer.Option(help="Check every response against the spec.")] = False,
    allow_remote: Annotated[bool, typer.Option(help="Allow a non-loopback --host.")] = False,
    fault: Annotated[
        list[str] | None,
        typer.Option(
            "--fault",
            help=f"A fault from the start, NAME=VALUE (repeatable): {_FAULT_HELP}. Probabilities are 0-1; "
            "counters fire on the next N requests. The admin API (/_sandbox/faults) changes them later.",
            show_default=False,
        ),
    ] = None,
    breakage: Annotated[
        list[str] | None,
        typer.Option(
            "--break",
            metavar="NAME",
            help="Break the contract on purpose (repeatable), to see a client or contract suite catch it: "
            f"{', '.join(sorted(BREAKAGES))}.",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[int | None, typer.Option(help="RNG seed for faults, so runs reproduce.")] = None,
) -> None:
    """Serve the sandbox until Ctrl-C, printing the base URL, key id and private key path."""
    if key_type not in KEY_TYPES:
        raise typer.BadParameter(f"use one of {', '.join(KEY_TYPES)}", param_hint="--key-type")
    if tier not in TIERS:
        raise typer.BadParameter(f"use one of {', '.join(TIERS)}", param_hint="--tier")
    faults = _parse_faults(fault or [])
    breakages = _parse_breakages(breakage or [])
    config = SandboxConfig(
        host=host,
        port=port,
        key_dir=key_dir or default_key_dir(),
        key_type=key_type,
        rate_limits=rate_limits,
        tier=tier,
        timestamp_window=timestamp_window,
        validate_responses=validate_responses,
        allow_remote=allow_remote,
        faults=faults,
        breakages=breakages,
        seed=seed,
    )
    try:
        server = SandboxServer(config).start()
    except (ValueError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    try:
        extra = []
        for name in add_account or []:
            # Reuse an account of the same name from an earlier run: its exported key keeps working.
            known = server.core.registry.find(name)
            key_id, path = (known.key_id, known.private_key_path) if known else server.admin.add_account(name)
            extra.append((name, key_id, path))
        if seed_orders:
            server.admin.seed_orders(seed_orders)
        _stop_on_signals()
        typer.echo(_banner(server, extra))
        while True:  # the server runs in its own thread; sleep until Ctrl-C
            time.sleep(3600)
    except KeyboardInterrupt:
        typer.echo("\nstopping the sandbox")
    finally:
        server.stop()

"""The package's public names load on first use, and ``import kalshi_orders`` (or the CLI's start-up) brings
in none of httpx, aiohttp, the generated models, rich, typer or YAML until something needs them."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import kalshi_orders

INIT = Path(kalshi_orders.__file__)


def _type_checking_imports() -> dict[str, str]:
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    out: dict[str, str] = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom)
        for alias in node.names:
            out[alias.name] = "." * node.level + (node.module or "")
    return out


def test_the_lazy_table_the_typed_imports_and_all_agree() -> None:
    assert _type_checking_imports() == kalshi_orders._EXPORTS
    assert sorted(kalshi_orders.__all__) == sorted(kalshi_orders._EXPORTS)
    assert len(set(kalshi_orders.__all__)) == len(kalshi_orders.__all__)


@pytest.mark.parametrize("name", sorted(kalshi_orders._EXPORTS))
def test_every_public_name_resolves_to_its_defining_object(name: str) -> None:
    import importlib

    module = importlib.import_module(kalshi_orders._EXPORTS[name], "kalshi_orders")
    assert getattr(kalshi_orders, name) is getattr(module, name)
    assert name in dir(kalshi_orders)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'KalshiClientt'"):
        kalshi_orders.KalshiClientt  # noqa: B018
    with pytest.raises(ImportError):
        from kalshi_orders import NoSuchThing  # type: ignore[attr-defined]  # noqa: F401


HEAVY = ("httpx", "aiohttp", "httptools", "kalshi_orders_api", "rich", "typer", "yaml", "cryptography")
HEAVY += ("kalshi_orders.cli",)


def _loaded_after(code: str, *, without_click: bool = False) -> list[str]:
    """Top-level packages (of HEAVY) loaded by ``code`` in a fresh interpreter. ``without_click`` hides click,
    as on a plain ``pip install kalshi-orders``: with click, pygments and rich all importable, httpx itself
    imports its command line (and so rich) on ``import httpx``, which no package of ours can prevent."""
    prelude = "import sys\n" + ("sys.modules['click'] = None\n" if without_click else "")
    probe = f"print(__import__('json').dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    out = subprocess.run(  # noqa: S603 - our interpreter, our code
        [sys.executable, "-c", prelude + code + "\n" + probe], check=True, capture_output=True, text=True
    )
    return list(json.loads(out.stdout))


def test_import_kalshi_orders_loads_nothing_heavy() -> None:
    assert _loaded_after("import kalshi_orders") == []


_PEM = (
    "from cryptography.hazmat.primitives import serialization as s\n"
    "from cryptography.hazmat.primitives.asymmetric import ed25519\n"
    "pem = ed25519.Ed25519PrivateKey.generate().private_bytes("
    "s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption())\n"
)
_URL = "base_url='http://127.0.0.1:9/trade-api/v2', key_id='k', private_key=pem"


def test_the_sync_client_needs_no_aiohttp_cli_or_yaml() -> None:
    loaded = _loaded_after(
        _PEM + f"from kalshi_orders import KalshiClient, Order, build_create_order\nKalshiClient({_URL})",
        without_click=True,
    )
    assert not {"aiohttp", "httptools"} & set(loaded)
    assert not {"rich", "typer", "yaml", "kalshi_orders.cli"} & set(loaded)


def test_the_async_client_brings_its_transport_not_aiohttp_and_still_no_cli() -> None:
    loaded = _loaded_after(
        _PEM + f"from kalshi_orders import AsyncKalshiClient\nAsyncKalshiClient({_URL})", without_click=True
    )
    assert "httptools" in loaded
    assert "aiohttp" not in loaded  # only for AiohttpTransport, when a caller asks for it
    assert not {"rich", "typer", "yaml", "kalshi_orders.cli"} & set(loaded)


def test_the_cli_starts_without_the_client_models_or_yaml() -> None:
    loaded = _loaded_after("import kalshi_orders.cli")
    assert {"typer", "rich", "kalshi_orders.cli"} <= set(loaded)
    assert not {"httpx", "aiohttp", "httptools", "kalshi_orders_api", "yaml"} & set(loaded)

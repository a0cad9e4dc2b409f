"""Local keys and the account registry: persistence, file modes, public-key-only accounts, subaccount
locks."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from kalshi_sandbox import SandboxServer
from kalshi_sandbox.keys import KeyRegistry

from .conftest import GTC_ORDER, ClientFactory


def test_default_key_is_created_once_and_reloaded(tmp_path: Path) -> None:
    first = KeyRegistry(tmp_path).default_key("rsa")
    assert first.private_key_path is not None
    assert stat.S_IMODE(first.private_key_path.stat().st_mode) == 0o600
    again = KeyRegistry(tmp_path).default_key("rsa")
    assert (again.key_id, again.user_id) == (first.key_id, first.user_id)
    ed = KeyRegistry(tmp_path).default_key("ed25519")
    assert ed.kind == "ed25519"
    assert ed.key_id != first.key_id
    registry = json.loads((tmp_path / "registry.json").read_text())
    assert set(registry["defaults"]) == {"rsa", "ed25519"}
    assert "PRIVATE" not in (tmp_path / "registry.json").read_text()


def test_repr_does_not_leak_key_material(tmp_path: Path) -> None:
    key = KeyRegistry(tmp_path).default_key("ed25519")
    assert "BEGIN" not in repr(key)


def test_public_key_only_account(tmp_path: Path, sandbox: SandboxServer, make_client: ClientFactory) -> None:
    private = ed25519.Ed25519PrivateKey.generate()
    pem_path = tmp_path / "mine.pem"
    pem_path.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    key_id, path = sandbox.admin.add_account("byo", public_key_pem=public_pem.decode())
    assert path is None
    assert make_client(sandbox, key_id, pem_path).get("/portfolio/orders").status_code == 200


def test_accounts_do_not_see_each_other(sandbox: SandboxServer, make_client: ClientFactory) -> None:
    mine = make_client(sandbox)
    order_id = mine.post("/portfolio/events/orders", json=GTC_ORDER).json()["order_id"]
    key_id, path = sandbox.admin.add_account("stranger", key_type="ed25519")
    theirs = make_client(sandbox, key_id, path)
    assert theirs.get(f"/portfolio/orders/{order_id}").status_code == 404
    assert theirs.get("/portfolio/orders").json()["orders"] == []


def test_subaccount_locked_key(sandbox: SandboxServer, make_client: ClientFactory) -> None:
    user_id = sandbox.admin.accounts()[0]["user_id"]
    key_id, path = sandbox.admin.add_account("sub3", key_type="ed25519", subaccount=3, user_id=user_id)
    locked = make_client(sandbox, key_id, path)
    forbidden = locked.post("/portfolio/events/orders", json={**GTC_ORDER, "subaccount": 1})
    assert forbidden.status_code == 403
    assert "locked to subaccount 3" in forbidden.json()["error"]["message"]
    created = locked.post("/portfolio/events/orders", json=GTC_ORDER)
    assert created.status_code == 201
    order = locked.get(f"/portfolio/orders/{created.json()['order_id']}").json()["order"]
    assert order["subaccount_number"] == 3
    # The primary key of the same member sees it; the locked key sees only subaccount 3.
    primary = make_client(sandbox)
    primary_id = primary.post("/portfolio/events/orders", json=GTC_ORDER).json()["order_id"]
    assert locked.get(f"/portfolio/orders/{primary_id}").status_code == 404
    assert {o["subaccount_number"] for o in locked.get("/portfolio/orders").json()["orders"]} == {3}
    assert len(primary.get("/portfolio/orders").json()["orders"]) == 2
    assert locked.get("/portfolio/orders", params={"subaccount": 0}).status_code == 403


def test_add_account_over_http(sandbox: SandboxServer, make_client: ClientFactory) -> None:
    response = httpx.post(sandbox.admin_url + "/accounts", json={"name": "http", "key_type": "ed25519"})
    assert response.status_code == 200
    created = response.json()
    assert (
        make_client(sandbox, created["key_id"], Path(created["private_key_path"]))
        .get("/portfolio/orders")
        .status_code
        == 200
    )
    listed = httpx.get(sandbox.admin_url + "/accounts").json()["accounts"]
    assert created["key_id"] in {a["key_id"] for a in listed}
    bad = httpx.post(sandbox.admin_url + "/accounts", json={"key_type": "dsa"})
    assert bad.status_code == 400


def test_reset_with_accounts_keeps_only_the_default_key(sandbox: SandboxServer) -> None:
    sandbox.admin.add_account("temp", key_type="ed25519")
    assert len(sandbox.admin.accounts()) == 2
    sandbox.admin.reset(accounts=True)
    assert [a["key_id"] for a in sandbox.admin.accounts()] == [sandbox.key_id]


def test_bad_subaccount_is_refused(sandbox: SandboxServer) -> None:
    with pytest.raises(ValueError, match="between 0 and 63"):
        sandbox.admin.add_account("x", key_type="ed25519", subaccount=64)

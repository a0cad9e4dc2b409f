"""What kind of host a base URL names, by the wrapper's own rule (so the suite and the client never
disagree about a URL): any host under kalshi.com is production, kalshi.co the demo."""

from __future__ import annotations

from typing import Literal

from kalshi_orders import Environment, classify_url

Kind = Literal["sandbox", "demo", "production", "other"]


def classify_host(base_url: str) -> Kind:
    found = classify_url(base_url)
    return (
        "production" if found is Environment.PRODUCTION else "demo" if found is Environment.DEMO else "other"
    )

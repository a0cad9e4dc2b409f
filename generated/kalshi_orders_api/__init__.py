"""A client library for accessing Kalshi Trade API v2 — orders surface (curated)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)

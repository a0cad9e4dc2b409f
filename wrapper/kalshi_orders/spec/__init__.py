"""Tools for OpenAPI documents of the orders surface, used by ``kalshi-orders spec``.

``diff``: what changed between two documents, classified for a client built from the older one.
``upstream`` (with ``fetch``): Kalshi's published document against the curated spec.
``propose`` (with ``evidence`` and ``yamledit``): the spec change that explains recorded traffic.
Nothing here is imported by the client itself (``import kalshi_orders`` does not load it).
"""

# Where Kalshi publishes its OpenAPI document (docs.kalshi.com); here so the CLI's help needs no tool module.
DEFAULT_URL = "https://docs.kalshi.com/openapi.yaml"

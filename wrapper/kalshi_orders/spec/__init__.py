"""Tools for OpenAPI documents of the orders surface, used by ``kalshi-orders spec``.

``diff``: what changed between two documents, classified for a client built from the older one. Nothing here
is imported by the client itself (``import kalshi_orders`` does not load it).
"""

"""Transports behind the httpx clients the wrapper builds (laid out like httpx's ``_transports``).

``httptools``: asyncio HTTP/1.1 connections parsed by httptools, ``AsyncKalshiClient``'s default;
``aiohttp``: an ``httpx.AsyncBaseTransport`` over aiohttp, the same interface (the previous default);
``httpcore``: httpx's sync transport with socket reads cut to the call's deadline, ``KalshiClient``'s default;
``default``: the choice of that default from the client's options;
``direct``: what ``httpx.Client.send`` does for the wrapper's own client, done by the runners without it;
``prepared``: the async client's requests as the wire parts httpx would build, without an ``httpx.Request``.
"""

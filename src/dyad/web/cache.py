"""Whole answers to GET requests, kept while the store is unchanged.

Every page and API answer of the hub is a function of its URL, the Host it was asked at (pages link their
static files by absolute URL) and the store's contents. This ASGI middleware keeps the 200 answers of
recent requests with the store's state (``Hub.state``: the file's stamp and the cache generation) and answers
a repeat from memory without running the route, its validation and templates again, which is what keeps a
page fast under many clients. A change to the store (a commit by any process) makes every kept answer stale;
the same request asked by many clients at once is computed once.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

__all__ = ["ResponseCache"]

Scope = dict[str, Any]
Message = dict[str, Any]


class ResponseCache:
    """ASGI middleware: GET answers (not ``/static``) cached per URL and Host while ``state()`` is unchanged."""

    def __init__(self, app: Callable[..., Any], state: Callable[[], Hashable], size: int = 256,
                 max_body: int = 4_000_000) -> None:
        self.app, self.state, self.size, self.max_body = app, state, size, max_body
        self._kept: OrderedDict[tuple[Any, ...], tuple[Hashable, list[Message]]] = OrderedDict()
        self._flights: dict[tuple[Any, ...], asyncio.Event] = {}

    async def __call__(self, scope: Scope, receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        key = (scope["path"], scope["query_string"], headers.get(b"host"), b"text/html" in headers.get(b"accept", b""))
        while (flight := self._flights.get(key)) is not None:
            await flight.wait()  # the same request in progress: take its answer
        state = self.state()
        kept = self._kept.get(key)
        if kept is not None and kept[0] == state:
            self._kept.move_to_end(key)
            for message in kept[1]:
                await send(_copy(message))
            return
        self._flights[key] = asyncio.Event()
        messages: list[Message] = []
        size = 0

        async def keep(message: Message) -> None:
            nonlocal size
            if message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            messages.append(_copy(message))  # before the middleware outside adds its headers to it
            await send(message)

        try:
            await self.app(scope, receive, keep)
        finally:
            self._flights.pop(key).set()
        if (messages and messages[0].get("status") == 200 and size <= self.max_body and self.state() == state):
            self._kept[key] = (state, messages)
            if len(self._kept) > self.size:
                self._kept.popitem(last=False)


def _copy(message: Message) -> Message:
    """A message with its own header list: the middleware outside this one appends to it in place."""
    return {**message, "headers": list(message["headers"])} if "headers" in message else dict(message)

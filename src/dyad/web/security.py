"""What keeps untrusted text inert and writes authorised: security headers, a request size limit, the write token."""

from __future__ import annotations

import hmac
import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSP", "SecurityMiddleware", "token_matches"]

# Scripts only from our own static files (no inline script, no eval: charts use vega's AST interpreter).
# Vega sets inline style attributes on the SVG it draws, so styles allow 'unsafe-inline'; that cannot run code.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")

HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityMiddleware:
    """Add the security headers to every response; refuse bodies over ``max_body`` bytes or of unknown length.

    Browsers and HTTP clients send Content-Length with forms and uploads; a chunked body is refused (411) so
    the limit is checked before any byte is read (the server enforces that the body matches its length).
    """

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if b"transfer-encoding" in headers and declared is None:
            await _refuse(send, 411, "send the request body with a Content-Length")
            return
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await _refuse(send, 413, f"request body larger than {self.max_body} bytes")
            return

        async def secured_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, secured_send)


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    headers: list[Any] = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                          *HEADERS]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def token_matches(expected: str | None, given: str | None) -> bool:
    """True when writes are enabled (a token was set at start) and ``given`` equals it, in constant time."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())

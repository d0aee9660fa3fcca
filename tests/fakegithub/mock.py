"""Serving the fake in-process through `responses`: PyGithub's requests never leave Python.

GitHub's URL is matched with and without `:443` (PyGithub adds the port); a custom base
URL (GitHub Enterprise style, e.g. `https://ghe.example.test/api/v3`) may be added.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import requests
import responses

from tests.fakegithub.core import API_URL, FakeGitHub, SimulatedCrash, body_bytes

METHODS = ("GET", "POST", "PATCH", "PUT", "DELETE")


def _pattern(base: str) -> re.Pattern:
    split = urlsplit(base)
    default_port = {"https": "443", "http": "80"}[split.scheme]
    host = re.escape(split.hostname or "")
    port = f"(:{split.port})" if split.port else f"(:{default_port})?"
    return re.compile(f"{split.scheme}://{host}{port}{re.escape(split.path.rstrip('/'))}/.*")


def register(fake: FakeGitHub, mock: responses.RequestsMock, base: str = API_URL) -> None:
    """Route every request under `base` on `mock` to `fake`."""
    base = base.rstrip("/")
    prefix = urlsplit(base).path.rstrip("/")

    def callback(request: requests.PreparedRequest):
        split = urlsplit(request.url)
        target = split.path[len(prefix) :] + (f"?{split.query}" if split.query else "")
        raw = request.body.encode() if isinstance(request.body, str) else request.body
        outcome = fake.handle(request.method or "GET", base, target, dict(request.headers), raw)
        if outcome.crash is not None:
            raise SimulatedCrash(f"simulated crash after {request.method} {split.path} was applied")
        if outcome.drop:
            raise requests.ConnectionError("fake GitHub dropped the connection after applying the request")
        reply = outcome.reply
        headers = dict(reply.headers)
        if reply.body is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
        return reply.status, headers, body_bytes(reply)

    pattern = _pattern(base)
    for method in METHODS:
        mock.add_callback(method, pattern, callback=callback)

"""pytest fixtures; `tests/conftest.py` imports them so every test module can use them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import responses

from tests.fakegithub.core import API_URL, FakeGitHub
from tests.fakegithub.mock import register
from tests.fakegithub.server import FakeServer

GHES_URL = "https://ghe.example.test/api/v3"  # a custom base URL, GitHub Enterprise style


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    """The fake, answering https://api.github.com (with or without :443) and GHES_URL in-process."""
    fake = FakeGitHub()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        register(fake, mock, API_URL)
        register(fake, mock, GHES_URL)
        yield fake
    assert fake.violations == [], "requests or responses broke the GitHub OpenAPI contract"


@pytest.fixture
def fake_github_server() -> Iterator[FakeServer]:
    """The fake on a real HTTP server at `server.url` (http://127.0.0.1:PORT)."""
    with FakeServer(FakeGitHub(strict=False)) as server:
        yield server
    assert server.fake.violations == [], "requests or responses broke the GitHub OpenAPI contract"

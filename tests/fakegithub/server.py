"""Serving the fake over real HTTP on 127.0.0.1, for tests that run the installed command.

`FakeServer(fake).start()` listens on an ephemeral port; point the subprocess at it with
`GITHUB_API_URL=server.url`. The state stays in `server.fake`, readable after the
subprocess exits. A "drop" fault closes the connection without any answer.
"""

from __future__ import annotations

import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.fakegithub.contract import ContractViolation
from tests.fakegithub.core import FakeGitHub, body_bytes


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as GitHub; every answer carries Content-Length
    server: _Server

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else None
        fake = self.server.fake
        try:
            outcome = fake.handle(self.command, self.server.url, self.path, dict(self.headers.items()), raw)
        except ContractViolation as violation:  # already recorded in fake.violations
            self._send(500, {"Content-Type": "text/plain"}, f"fake GitHub: {violation}".encode())
            return
        except Exception:  # a bug in the fake must fail the test, not hang the client
            fake.violations.append(
                f"fake GitHub crashed on {self.command} {self.path}: {traceback.format_exc()}"
            )
            self._send(500, {"Content-Type": "text/plain"}, b"fake GitHub crashed")
            return
        if outcome.crash is not None:  # hold the answer until the test has killed the client
            outcome.crash.released.wait(timeout=120)
        if outcome.drop:
            self.close_connection = True  # no status line at all: the client sees a reset
            return
        reply = outcome.reply
        data = body_bytes(reply)
        headers = dict(reply.headers)
        if reply.body is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
        self._send(reply.status, headers, data)

    def _send(self, status: int, headers: dict[str, str], data: bytes) -> None:
        # send_response would add the wall clock's Date: the fake dates answers on its own clock.
        self.send_response_only(status)
        self.send_header("Server", self.version_string())
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if data and self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

    def log_message(self, format: str, *args: object) -> None:  # the fake keeps its own log
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeGitHub
    url: str


class FakeServer:
    """The fake on http://127.0.0.1:PORT; use as a context manager or start()/stop()."""

    def __init__(self, fake: FakeGitHub | None = None) -> None:
        self.fake = fake if fake is not None else FakeGitHub()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the fake GitHub server is not started")
        return self._server.url

    def start(self) -> FakeServer:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = self.fake
        server.url = f"http://127.0.0.1:{server.server_address[1]}"
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-github", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        for fault in self.fake.faults:  # never leave a held "crash" request behind
            fault.release()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

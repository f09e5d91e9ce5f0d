"""docs/sharing.md: the app served to a browser with textual-serve, on 127.0.0.1
only, for a remote meeting. The server is started on a free loopback port, asked
for its page, and stopped (with everything it started) whatever happens."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "sharing.md"
SERVE = (
    "import sys\n"
    "from textual_serve.server import Server\n"
    "Server(sys.argv[1], host='127.0.0.1', port=int(sys.argv[2]), title='Scorecard').serve()\n"
)
DEADLINE = 60.0  # seconds: the server must answer within this on a busy machine


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_doc_serves_on_loopback_only():
    text = DOC.read_text(encoding="utf-8")
    assert 'textual serve --host 127.0.0.1 --port 8000 -c "scorecard tui"' in text
    assert "0.0.0.0" in text  # ...and says why not


def test_textual_serve_serves_the_app_page_on_127_0_0_1(demo_dir):
    port = _free_port()
    command = f"{sys.executable} -m scorecard tui"
    server = subprocess.Popen(
        [sys.executable, "-c", SERVE, command, str(port)],
        cwd=demo_dir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: stopped as one below
    )
    try:
        page = None
        started = time.monotonic()
        while page is None and time.monotonic() - started < DEADLINE:
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                    page = response.read().decode("utf-8")
            except OSError:
                time.sleep(0.2)
        assert page is not None, "textual-serve did not answer"
        assert "Scorecard" in page and "xterm" in page  # the terminal page, our title
        assert f"ws://127.0.0.1:{port}/ws" in page  # the terminal connects back to loopback
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()

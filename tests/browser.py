"""A real browser for the HTML pages: Debian's headless Chromium, driven through the DevTools
protocol over a pipe (no driver, no download, nothing added to the page). The viewport is set
exactly (a phone's 390 CSS pixels, as a mobile device, which a window cannot be made that
narrow). On a machine without Chromium the tests that need it skip with the reason; in CI
(PK_TEST_REQUIRE_BROWSER=1, set by .ci/run, which installs it) they fail instead."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
]
# What the browser laid out, read from the page by the test (the page runs no script itself).
MEASURE = """JSON.stringify({
  scroll_width: document.documentElement.scrollWidth,
  inner_width: window.innerWidth,
  text: document.body.innerText,
  scripts_run: window.__hostile_ran || 0,
  chart_values: Array.from(document.querySelectorAll("[data-trend]")).map(e => e.textContent),
  bars: document.querySelectorAll("svg rect").length,
})"""


def chromium() -> str:
    """The browser's path; skips (or, in CI, fails) the test when there is none."""
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    problem = "no Chromium on this machine (Debian: apt-get install chromium)"
    if os.environ.get("PK_TEST_REQUIRE_BROWSER") == "1":
        pytest.fail(f"PK_TEST_REQUIRE_BROWSER=1 but {problem}")
    pytest.skip(problem)


class Browser:
    """One headless Chromium with one page, spoken to over the DevTools pipe (fds 3 and 4)."""

    def __init__(self, profile: Path) -> None:
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()
        # The child's fds 3 and 4 must be these two: dup them there in the child only.
        self.process = subprocess.Popen(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=lambda: (os.dup2(to_browser, 3), os.dup2(from_browser, 4)),
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._id = 0
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.call("Page.enable", session=True)

    def _message(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._read, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._message()
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer.get("result", {})
                return result

    def wait_for(self, event: str) -> None:
        while self._message().get("method") != event:
            pass

    def open(self, page: Path, width: int, height: int = 900) -> None:
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 600,
        )
        self.call("Page.navigate", session=True, url=page.as_uri())
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        found = self.call(
            "Runtime.evaluate", session=True, expression=expression, returnByValue=True
        )
        return found["result"].get("value")

    def screenshot(self, out: Path) -> Path:
        data = self.call(
            "Page.captureScreenshot", session=True, format="png", captureBeyondViewport=True
        )["data"]
        out.write_bytes(base64.b64decode(data))
        return out

    def close(self) -> None:
        with contextlib.suppress(RuntimeError):  # it may close before it answers
            self.call("Browser.close")
        self.process.wait(timeout=60)
        os.close(self._write)
        os.close(self._read)


def look(page: Path, width: int, shot: Path | None = None) -> dict[str, Any]:
    """Lay the page out at ``width`` CSS pixels, report what the browser saw, and with ``shot``
    save a screenshot of the whole page there."""
    browser = Browser(page.parent / f"profile-{width}")
    try:
        browser.open(page, width)
        seen: dict[str, Any] = json.loads(browser.evaluate(MEASURE))
        if shot is not None:
            browser.screenshot(shot)
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        return seen
    finally:
        browser.close()

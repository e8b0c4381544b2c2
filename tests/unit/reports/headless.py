"""Open a page in headless Chromium over the DevTools protocol: console errors, uncaught
exceptions, network requests, rendered charts and a full-page PNG screenshot."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
)


def chromium_path() -> str:
    """Debian's chromium (installed by scripts/setup.sh)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise RuntimeError("chromium is not installed: run scripts/setup.sh as root")
    return found


@dataclass
class PageVisit:
    """What a page did while it loaded."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    charts: int = 0
    title: str = ""


class _Session:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.ids = itertools.count(1)
        self.pending: dict[int, asyncio.Future[Any]] = {}
        self.events: list[dict[str, Any]] = []
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            elif "method" in data:
                self.events.append(data)

    async def send(self, method: str, session: str | None = None, **params: Any) -> Any:
        number = next(self.ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.pending[number] = future
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        await self.ws.send_str(json.dumps(message))
        answer = await asyncio.wait_for(future, 60)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})


async def visit(
    page: Path, screenshot: Path, width: int = 1280, height: float | None = None
) -> PageVisit:
    """Load `page` from disk, wait for it to render, record problems and take a screenshot
    of the whole page, or of its top `height` pixels."""
    with tempfile.TemporaryDirectory() as profile:
        process = subprocess.Popen(
            [chromium_path(), *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            return await _drive(Path(profile), page, screenshot, width, height)
        finally:
            # Chromium's helper processes write to the profile too: stop them all before the
            # profile is removed.
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(10)
            _wait_for_group(process.pid)


def _wait_for_group(group: int, seconds: float = 10.0) -> None:
    """Wait until no process of the group is left, killing stragglers at the end."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)


async def _browser_url(profile: Path) -> str:
    port_file = profile / "DevToolsActivePort"
    for _ in range(300):
        if port_file.exists() and len(lines := port_file.read_text().split()) == 2:
            return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
        await asyncio.sleep(0.1)
    raise RuntimeError("chromium did not open its DevTools port")


async def _drive(
    profile: Path, page: Path, screenshot: Path, width: int, height: float | None
) -> PageVisit:
    url = await _browser_url(profile)
    async with aiohttp.ClientSession() as http, http.ws_connect(url, max_msg_size=0) as ws:
        cdp = _Session(ws)
        target = await cdp.send("Target.createTarget", url="about:blank")
        attached = await cdp.send(
            "Target.attachToTarget", targetId=target["targetId"], flatten=True
        )
        session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            await cdp.send(f"{domain}.enable", session)
        await cdp.send(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=width,
            height=900,
            deviceScaleFactor=1,
            mobile=False,
        )
        address = page.resolve().as_uri()
        await cdp.send("Page.navigate", session, url=address)
        await _wait_for_load(cdp, session, address)
        visit = PageVisit()
        visit.charts = await _wait_for_charts(cdp, session)
        visit.title = await _evaluate(cdp, session, "document.title")
        metrics = await cdp.send("Page.getLayoutMetrics", session)
        full = metrics["cssContentSize"]["height"]
        shot = await cdp.send(
            "Page.captureScreenshot",
            session,
            format="png",
            captureBeyondViewport=True,
            clip={"x": 0, "y": 0, "width": width, "height": min(full, height or full), "scale": 1},
        )
        screenshot.write_bytes(base64.b64decode(shot["data"]))
        cdp.reader.cancel()
    visit.errors = _errors(cdp.events)
    visit.requests = [
        e["params"]["request"]["url"]
        for e in cdp.events
        if e["method"] == "Network.requestWillBeSent"
    ]
    return visit


async def _evaluate(cdp: _Session, session: str, expression: str) -> Any:
    result = await cdp.send("Runtime.evaluate", session, expression=expression, returnByValue=True)
    return result["result"].get("value")


async def _wait_for_load(cdp: _Session, session: str, url: str) -> None:
    """Until the page at `url` (not the blank page the tab opened with) has loaded."""
    check = f"location.href === {json.dumps(url)} && document.readyState === 'complete'"
    for _ in range(600):
        if await _evaluate(cdp, session, check):
            return
        await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not load within 60 s")


async def _wait_for_charts(cdp: _Session, session: str) -> int:
    """Plotly draws after load: wait until the number of drawn charts stops changing."""
    last, steady = -1, 0
    for _ in range(100):
        count = await _evaluate(cdp, session, "document.querySelectorAll('.main-svg').length")
        steady = steady + 1 if count == last else 0
        if steady >= 5:
            break
        last = count
        await asyncio.sleep(0.1)
    drawn = await _evaluate(cdp, session, "document.querySelectorAll('.js-plotly-plot').length")
    return int(drawn)


def _errors(events: list[dict[str, Any]]) -> list[str]:
    found = []
    for event in events:
        params = event.get("params", {})
        if event["method"] == "Runtime.exceptionThrown":
            found.append(params["exceptionDetails"].get("text", "exception"))
        elif event["method"] == "Runtime.consoleAPICalled" and params.get("type") == "error":
            found.append(
                " ".join(str(a.get("value", a.get("description"))) for a in params["args"])
            )
        elif event["method"] == "Log.entryAdded" and params["entry"]["level"] == "error":
            found.append(params["entry"]["text"])
    return found

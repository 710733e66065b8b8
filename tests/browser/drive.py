#!/usr/bin/env python3
"""Opens a plumb report in headless Chromium and uses it as a reader would, then prints what it
saw as one JSON document.

It speaks the Chrome DevTools protocol over the pipe Chromium opens with
--remote-debugging-pipe (file descriptors 3 and 4), so it needs nothing but Python and Chromium.
It records every console message, uncaught exception and network request; counts what the
treemap, the scatter plot, the trend and the table drew; clicks a folder of the treemap, a
table heading, a table row (with real mouse events), types a filter, scrolls the table to its
end; and saves screenshots of each section.

    drive.py PAGE.html [--screenshots DIR] [--colour BY] [--folder PATH] [--sort KEY]
             [--filter TEXT] [--probe-policy] [--open-only]
"""

import argparse
import base64
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

WIDTH, HEIGHT = 1280, 900


class Browser:
    """Chromium with a DevTools session on its one page."""

    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix="plumb-chromium-")
        commands_read, self._commands = os.pipe()
        self._events, events_write = os.pipe()

        def pipes():
            # Chromium reads commands from fd 3 and writes replies and events to fd 4.
            read = fcntl.fcntl(commands_read, fcntl.F_DUPFD, 10)
            write = fcntl.fcntl(events_write, fcntl.F_DUPFD, 10)
            os.dup2(read, 3)
            os.dup2(write, 4)

        args = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
            "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
            "--force-device-scale-factor=1", f"--window-size={WIDTH},{HEIGHT}",
            f"--user-data-dir={self.profile}", "--remote-debugging-pipe", "about:blank",
        ]
        self.process = subprocess.Popen(
            args, preexec_fn=pipes, pass_fds=(3, 4), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(commands_read)
        os.close(events_write)
        self._out = os.fdopen(self._commands, "wb")
        self._in = os.fdopen(self._events, "rb")
        self._buffer = b""
        self._next = 0
        self.events = []
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})["sessionId"]

    def _receive(self):
        while b"\0" not in self._buffer:
            data = self._in.read1(1 << 16)
            if not data:
                raise RuntimeError("Chromium closed its DevTools pipe")
            self._buffer += data
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=True):
        self._next += 1
        message = {"id": self._next, "method": method, "params": params or {}}
        if session and hasattr(self, "session"):
            message["sessionId"] = self.session
        self._out.write(json.dumps(message).encode() + b"\0")
        self._out.flush()
        while True:
            reply = self._receive()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {
            "expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, timeout=30.0):
        end = time.monotonic() + timeout
        error = None
        while time.monotonic() < end:
            try:
                value = self.evaluate(expression)
            except RuntimeError as failed:  # the page is still loading
                value, error = None, failed
            if value:
                return value
            time.sleep(0.02)
        raise RuntimeError(f"timed out waiting for {expression}" + (f" ({error})" if error else ""))

    def click(self, selector):
        """A real mouse click at the middle of the first element `selector` finds (or at the
        point `selector` gives as [x, y] after scrolling it into view)."""
        point = self.evaluate(f"""(() => {{
            const e = document.querySelector({json.dumps(selector)});
            if (!e) return null;
            e.scrollIntoView({{block: 'center', inline: 'nearest'}});
            const r = e.getBoundingClientRect();
            return [r.left + Math.min(r.width / 2, 6), r.top + Math.min(r.height / 2, 6)];
        }})()""")
        if point is None:
            raise RuntimeError(f"nothing to click at {selector}")
        self.click_at(*point)

    def click_at(self, x, y):
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {
                "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def frames(self, count=2):
        """Waits for the page to draw."""
        self.evaluate("new Promise(r => { let n = %d; const f = () => --n ? requestAnimationFrame(f) : r(true); requestAnimationFrame(f); })" % (count + 1))

    def screenshot(self, selector, path):
        clip = self.evaluate(f"""(() => {{
            const e = document.querySelector({json.dumps(selector)});
            if (!e) return null;
            e.scrollIntoView({{block: 'start'}});
            const r = e.getBoundingClientRect();
            return {{x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: Math.min(r.height, 1400), scale: 1}};
        }})()""")
        if clip is None:
            return False
        self.frames()
        shot = self.call("Page.captureScreenshot", {"format": "png", "clip": clip, "captureBeyondViewport": True})
        with open(path, "wb") as file:
            file.write(base64.b64decode(shot["data"]))
        return True

    def close(self):
        try:
            self.call("Browser.close", session=False)
            self.process.wait(timeout=10)
        except Exception:  # noqa: BLE001 - the browser goes whatever happened
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


COUNTS = """(() => {
    const q = (s) => document.querySelectorAll(s).length;
    const rows = [...document.querySelectorAll('#functions .body .row:not([hidden])')];
    return {
        treemap_files: q('#treemap svg rect.file'),
        treemap_folders: q('#treemap svg rect.folder'),
        treemap_blocks: q('#treemap svg rect.block'),
        crumbs: document.querySelector('#treemap .crumbs').textContent,
        treemap_fills: [...document.querySelectorAll('#treemap svg rect.file')]
            .map(r => [r.querySelector('title').textContent.split('\\n')[0], r.getAttribute('fill')]).sort(),
        legend: [...document.querySelectorAll('#treemap .legend span')].map(s => s.textContent),
        scatter_points: q('#hotspots svg circle'),
        scatter_hot: q('#hotspots svg circle.hot'),
        scatter_labels: [...document.querySelectorAll('#hotspots svg text.label')].map(t => t.textContent),
        trend_charts: q('#trend svg.trend'),
        trend_lines: q('#trend svg.trend path[stroke]'),
        table_count: document.querySelector('#functions .toolbar .hint').textContent,
        table_rows_rendered: rows.length,
        table_height: document.querySelector('#functions .body').scrollHeight,
        first_rows: rows.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top)).slice(0, 5)
            .map(r => [...r.children].map(c => c.textContent.replace(/\u200e/g, ''))),
        rule_groups: [...document.querySelectorAll('#findings details.rule[data-rule]')].map(d => [d.dataset.rule, d.querySelector('.count').textContent]),
        sections: [...document.querySelectorAll('main > section')].map(s => s.id),
    };
})()"""

SOURCE = """(() => {
    const view = document.getElementById('source');
    const lines = [...view.querySelectorAll('.src-line:not([hidden])')]
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    return {
        hidden: view.hidden,
        title: view.querySelector('h3').textContent,
        info: view.querySelector('.src-head .hint').textContent,
        lines: lines.length,
        covered: lines.filter(l => l.classList.contains('covered')).map(l => +l.children[1].textContent),
        uncovered: lines.filter(l => l.classList.contains('uncovered')).map(l => +l.children[1].textContent),
        flagged: lines.filter(l => l.classList.contains('flagged')).map(l => +l.children[1].textContent),
        target: lines.filter(l => l.classList.contains('target')).map(l => +l.children[1].textContent),
        changed: lines.filter(l => l.classList.contains('changed')).map(l => +l.children[1].textContent),
        margins: lines.filter(l => l.children[0].textContent).map(l => [+l.children[1].textContent, l.children[0].textContent]),
        first_code: lines.slice(0, 3).map(l => l.children[2].textContent),
    };
})()"""


def scenario(browser, page, options):
    result = {}
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.call(domain + ".enable")
    browser.call("Emulation.setDeviceMetricsOverride", {
        "width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
    url = "file://" + os.path.abspath(page)
    start = time.monotonic()
    browser.call("Page.navigate", {"url": url})
    browser.wait_for("document.documentElement.dataset.shown === 'true'", timeout=60)
    result["seen_shown_ms"] = round((time.monotonic() - start) * 1000)
    # The page's own clock: milliseconds from opening it to each step (page.js, plumbTimes).
    result["times_ms"] = browser.evaluate(
        "Object.fromEntries(Object.entries(window.plumbTimes).map(([k, v]) => [k, Math.round(v)]))")
    # When the parser had read the whole page (the sources come after the script), on the same clock.
    browser.wait_for("performance.getEntriesByType('navigation')[0].loadEventEnd > 0", timeout=60)
    result["times_ms"]["loaded"] = round(browser.evaluate(
        "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
    result["heap_mb"] = round(browser.evaluate("performance.memory ? performance.memory.usedJSHeapSize / 1e6 : 0"))
    browser.frames()
    result["counts"] = browser.evaluate(COUNTS)
    if options.open_only:
        return result
    if options.colour:
        browser.click(f'#treemap input[name=colour][value="{options.colour}"]')
        browser.frames()
        result["coloured"] = browser.evaluate(COUNTS)
    shots = options.screenshots
    if shots:
        os.makedirs(shots, exist_ok=True)
        # The sticky navigation bar would cover the top of each section; the findings are shown
        # with their first rule open.
        browser.evaluate("document.querySelector('nav').style.visibility = 'hidden'")
        browser.evaluate("(() => { const d = document.querySelector('#findings details.rule'); if (d) d.open = true; })()")
        for section in ("treemap", "hotspots", "trend", "functions", "findings"):
            browser.screenshot(f"#{section}", os.path.join(shots, f"report-{section}.png"))
        browser.evaluate("(() => { const d = document.querySelector('#findings details.rule'); if (d) d.open = false; })()")
        browser.evaluate("document.querySelector('nav').style.visibility = ''")
        browser.evaluate("scrollTo(0, 0)")
    if options.folder is not None:
        browser.click(f'#treemap svg rect[data-folder="{options.folder}"]')
        browser.frames()
        result["zoomed"] = browser.evaluate(COUNTS)
    if options.sort:
        for clicks in (1, 2):
            started = time.monotonic()
            browser.click(f'#functions .head .cell[data-key="{options.sort}"]')
            browser.frames()
            result[f"sorted_{clicks}"] = browser.evaluate(COUNTS)
            result[f"sorted_{clicks}"]["ms"] = round((time.monotonic() - started) * 1000)
            result[f"sorted_{clicks}"]["aria"] = browser.evaluate(
                f"document.querySelector('#functions .head .cell[data-key=\"{options.sort}\"]').getAttribute('aria-sort')")
    if options.filter is not None:
        browser.click("#functions input[type=search]")
        browser.call("Input.insertText", {"text": options.filter})
        browser.wait_for("!document.querySelector('#functions .toolbar .hint').textContent.endsWith(' functions') || "
                         "document.querySelector('#functions .toolbar .hint').textContent.includes(' of ')", timeout=10)
        time.sleep(0.3)
        browser.frames()
        result["filtered"] = browser.evaluate(COUNTS)
    # Open the first row's function, read it, close it.
    browser.click("#functions .body .row:not([hidden])")
    browser.wait_for("!document.getElementById('source').hidden && document.querySelectorAll('#source .src-line:not([hidden])').length > 0")
    browser.frames()
    result["source"] = browser.evaluate(SOURCE)
    if shots:
        # The dialog's top, where the view scrolled to the function.
        clip = browser.evaluate("""(() => {
            const r = document.getElementById('source').getBoundingClientRect();
            return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: Math.min(r.height, 600), scale: 1};
        })()""")
        shot = browser.call("Page.captureScreenshot", {"format": "png", "clip": clip})
        with open(os.path.join(shots, "report-source.png"), "wb") as file:
            file.write(base64.b64decode(shot["data"]))
    browser.call("Input.dispatchKeyEvent", {"type": "keyDown", "key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27})
    browser.call("Input.dispatchKeyEvent", {"type": "keyUp", "key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27})
    browser.wait_for("document.getElementById('source').hidden", timeout=10)
    result["closed"] = True
    if options.filter is not None:
        # Clear the filter: all rows again, then scroll to the end of the table.
        browser.evaluate("(() => { const f = document.querySelector('#functions input[type=search]'); f.value = ''; f.dispatchEvent(new Event('input')); })()")
        time.sleep(0.3)
    started = time.monotonic()
    browser.evaluate("(() => { const v = document.querySelector('#functions .body'); v.scrollTop = v.scrollHeight; v.dispatchEvent(new Event('scroll')); })()")
    browser.frames()
    result["scrolled"] = browser.evaluate(COUNTS)
    result["scrolled"]["ms"] = round((time.monotonic() - started) * 1000)
    result["scrolled"]["last_row"] = browser.evaluate(
        "[...document.querySelectorAll('#functions .body .row:not([hidden])')].sort((a, b) => parseFloat(b.style.top) - parseFloat(a.style.top))[0]?.children[0].textContent")
    # A finding's link opens its file at its line.
    if browser.evaluate("document.querySelectorAll('#findings details.rule[data-rule]').length"):
        browser.click("#findings details.rule[data-rule] > summary")
        browser.wait_for("!!document.querySelector('#findings details.rule[data-rule] li a')")
        browser.click("#findings details.rule[data-rule] li a")
        browser.wait_for("!document.getElementById('source').hidden && document.querySelectorAll('#source .src-line:not([hidden])').length > 0")
        browser.frames()
        result["finding_source"] = browser.evaluate(SOURCE)
        browser.evaluate("history.back()")
        browser.wait_for("document.getElementById('source').hidden", timeout=10)
    browser.frames()
    if options.probe_policy:
        result["probe_from"] = len(browser.events)
        result["policy"] = probe_policy(browser)
    return result


PROBE = """(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
    let fetched;
    try { await fetch('https://example.com/plumb-probe'); fetched = 'fetched'; } catch (e) { fetched = 'refused'; }
    const image = new Image();
    const loaded = new Promise((r) => { image.onload = () => r('loaded'); image.onerror = () => r('refused'); });
    image.src = 'https://example.com/plumb-probe.png';
    const script = document.createElement('script');
    script.textContent = 'window.plumbProbe = 1';
    document.body.append(script);
    const style = document.createElement('style');
    style.textContent = 'body { color: rgb(1, 2, 3) }';
    document.head.append(style);
    const result = {
        fetch: fetched, image: await loaded, script: window.plumbProbe === 1 ? 'ran' : 'refused',
        style: getComputedStyle(document.body).color === 'rgb(1, 2, 3)' ? 'applied' : 'refused',
    };
    await new Promise((r) => setTimeout(r, 50));
    return Object.assign(result, { violations: [...new Set(violations)].sort() });
})()"""


def probe_policy(browser):
    """What the page's Content-Security-Policy lets a script do: fetch, load an image, run an
    injected script, apply an injected style sheet. Each should be refused, and none should
    reach the network."""
    return browser.evaluate(PROBE)


def record(events, page):
    """Console errors and warnings, and the requests the page made other than for itself: sent,
    and blocked by the browser before reaching the network (`Network.loadingFailed` with a
    `blockedReason`, such as `csp`)."""
    url = "file://" + os.path.abspath(page)
    console, requests, blocked = [], {}, {}
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
            text = " ".join(str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", []))
            console.append(f"console.{params['type']}: {text}")
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            console.append("exception: " + details.get("exception", {}).get("description", details.get("text", "")))
        elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
            entry = params["entry"]
            console.append(f"log.{entry['level']} ({entry.get('source')}): {entry.get('text')}")
        elif method == "Network.requestWillBeSent":
            request_url = params["request"]["url"]
            if request_url.split("#")[0] != url:
                requests[params["requestId"]] = request_url
        elif method == "Network.loadingFailed" and params.get("blockedReason"):
            blocked[params["requestId"]] = params["blockedReason"]
    sent = [request for key, request in requests.items() if key not in blocked]
    refused = [f"{request} ({blocked[key]})" for key, request in requests.items() if key in blocked]
    return console, sent, refused


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("page")
    parser.add_argument("--chromium", default=os.environ.get("PLUMB_CHROMIUM", "chromium"))
    parser.add_argument("--screenshots")
    parser.add_argument("--folder")
    parser.add_argument("--sort")
    parser.add_argument("--filter")
    parser.add_argument("--colour", help="colour the treemap by this (cyclomatic, cognitive, coverage) first")
    parser.add_argument("--open-only", action="store_true", help="open the page and count what it drew, nothing more")
    parser.add_argument("--probe-policy", action="store_true",
                        help="last, try what the page's policy forbids (its errors are not counted in `console`)")
    options = parser.parse_args()
    browser = Browser(options.chromium)
    try:
        result = scenario(browser, options.page, options)
    except RuntimeError as error:
        result = {"error": str(error)}
    finally:
        browser.close()
    # The probe's refusals are expected errors; its requests, if any, count.
    before_probe = result.pop("probe_from", len(browser.events))
    result["console"], _, _ = record(browser.events[:before_probe], options.page)
    _, result["requests"], result["blocked"] = record(browser.events, options.page)
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write("\n")
    sys.exit(1 if "error" in result else 0)


if __name__ == "__main__":
    main()

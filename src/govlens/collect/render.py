"""Pages rendered in a real browser: the DOM after JavaScript, axe-core, screenshots, metrics.

Debian's chromium, driven by Playwright (browser downloads are impossible here), renders only
what needs rendering (``--render home|key|all``) with one browser per run and a pool of
contexts recycled after ``recycle_after`` pages. The browser never touches the network on its
own: every request it makes is intercepted and answered here —

* the page itself from the response the crawl already archived (the DOM is the render *of the
  archived bytes*, so the WARC holds both and replay needs no browser);
* every other http(s) request through the crawl's :class:`~govlens.collect.http.Fetcher`, i.e.
  through the same name pins and address guard (a page cannot make the browser reach a private
  address the crawler would refuse), archived as ``subresource`` exchanges;
* WebSockets closed, service workers blocked, and the browser's own proxy set to a closed
  loopback port with no name resolution, so nothing can slip past the interception.

Per page it keeps: the serialised DOM, a viewport and a (height-capped) full-page screenshot,
axe-core's results (the WCAG A/AA and best-practice rules, as pa11y's axe runner runs them),
load metrics (LCP, CLS, a total-blocking-time estimate from long tasks, FCP, requests,
transferred bytes) and what a phone viewport shows (horizontal overflow, small tap targets,
small text), measured in the same page by DevTools' device emulation (no second load).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from govlens.collect.capture import Exchange, Rendering
from govlens.collect.http import Fetcher
from govlens.collect.settings import CrawlSettings

CHROMIUM = os.environ.get("GOVLENS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage", "--disable-extensions", "--mute-audio",
                 "--host-resolver-rules=MAP * ~NOTFOUND", "--disable-features=DnsOverHttps,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,"
                 "HttpsFirstModeV2ForTypicallySecureUsers,MediaRouter,OptimizationHints",
                 "--force-webrtc-ip-handling-policy=disable_non_proxied_udp")
# Every request the interception does not answer goes to a closed loopback port.
DEAD_PROXY = "http://127.0.0.1:9"
AXE_IN_PACKAGE = Path("axe-core") / "axe.min.js"
_REPO = Path(__file__).resolve().parents[3]
# What pa11y's axe runner runs for WCAG2AA (pa11y/lib/runners/axe.js): the same rule set, so
# findings can be compared rule for rule.
AXE_TAGS = ("wcag2a", "wcag21a", "wcag2aa", "wcag21aa", "best-practice")
MODES = ("none", "home", "key", "all")
HEAVY = ("image", "media", "font")
PHONE = (412, 823)  # Lighthouse's mobile viewport (Moto G Power)
MAX_NODES = 50  # failing elements kept per axe rule
MAX_SNIPPET = 300
MAX_DOM = 8 * 1024 * 1024


class BrowserUnavailable(RuntimeError):
    """chromium or Playwright is missing: pages are judged on their static HTML only."""


@dataclass(frozen=True)
class RenderSettings:
    mode: str = "home"  # none | home | key | all
    chromium: str = CHROMIUM
    axe_js: str = ""  # axe.min.js; "" = found (find_axe)
    axe: bool = True
    viewport: tuple[int, int] = (1280, 800)
    phone: tuple[int, int] = PHONE
    page_timeout_s: float = 20.0  # load of one page, then what is there is kept
    settle_ms: int = 500  # after load: quiet time for late scripts (network idle, capped)
    contexts: int = 2  # pages rendered at once
    recycle_after: int = 20  # pages per browser context before a fresh one
    block_heavy: bool = False  # third-party images, media and fonts not loaded
    full_page_max: int = 6000  # px of the full-page screenshot
    jpeg_quality: int = 70
    full_page: bool = True  # a full-page screenshot besides the viewport
    phone_shot: bool = True  # a screenshot at the phone viewport


def axe_candidates() -> list[Path]:
    return [_REPO / ".venv" / "npm" / "node_modules" / AXE_IN_PACKAGE,
            Path(sys.prefix) / "npm" / "node_modules" / AXE_IN_PACKAGE]


def find_axe(given: str = "") -> Path | None:
    """axe.min.js: ``given``, else ``$GOVLENS_AXE``, else the npm install of ``make setup``."""
    env = given or os.environ.get("GOVLENS_AXE", "")
    if env:
        return Path(env) if Path(env).is_file() else None
    return next((p for p in axe_candidates() if p.is_file()), None)


def browser_available(chromium: str = CHROMIUM) -> str:
    """"" when pages can be rendered here, else why not (one line for the user)."""
    if not Path(chromium).is_file():
        return f"chromium not found at {chromium} (apt-get install chromium)"
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install playwright)"
    return ""


def pages_to_render(mode: str, exchanges: Sequence[Exchange]) -> list[Exchange]:
    """The final exchanges of the HTML pages ``mode`` asks for, in crawl order (the home page
    first: the crawl fetches it before any other page)."""
    if mode not in MODES:
        raise ValueError(f"--render must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "none":
        return []
    from govlens.collect.crawl import looks_html

    last: dict[int, Exchange] = {}
    for ex in exchanges:
        if not ex.role.startswith("retried:"):
            last[ex.seq] = ex
    out = []
    for ex in sorted(last.values(), key=lambda e: e.seq):
        kind = ex.role.split(":")[0]
        if ex.error or not (200 <= ex.status < 300) or not looks_html(ex):
            continue
        if kind == "home" or (kind == "page" and (mode == "all" or (mode == "key" and ex.role.startswith("page:key")))):
            out.append(ex)
    return out


# In every page before its own scripts: the observers behind LCP, CLS and long tasks.
_OBSERVE = """
(() => {
  const g = window.__govlens = {lcp: 0, cls: 0, longtasks: []};
  const watch = (type, fn) => { try { new PerformanceObserver(l => l.getEntries().forEach(fn))
      .observe({type, buffered: true}); } catch (e) {} };
  watch('largest-contentful-paint', e => { g.lcp = e.renderTime || e.loadTime || e.startTime; });
  watch('layout-shift', e => { if (!e.hadRecentInput) g.cls += e.value; });
  watch('longtask', e => { g.longtasks.push([e.startTime, e.duration]); });
})();
"""

_METRICS = """
() => {
  const g = window.__govlens || {lcp: 0, cls: 0, longtasks: []};
  const paint = performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint');
  const fcp = paint ? paint.startTime : 0;
  const nav = performance.getEntriesByType('navigation')[0];
  // Total blocking time as Lighthouse estimates it: the part over 50 ms of each long task after FCP.
  const tbt = g.longtasks.filter(t => t[0] >= fcp).reduce((s, t) => s + Math.max(0, t[1] - 50), 0);
  return {lcp_ms: Math.round(g.lcp), cls: Math.round(g.cls * 1000) / 1000, tbt_ms: Math.round(tbt),
          fcp_ms: Math.round(fcp), load_ms: nav ? Math.round(nav.loadEventEnd) : 0,
          dom_nodes: document.getElementsByTagName('*').length};
}
"""

# At the phone viewport (device emulation honours <meta name=viewport>): what a phone shows.
_PHONE = """
() => {
  const vw = window.innerWidth, screenW = window.screen.width || vw;
  const scale = screenW / vw;  // < 1: a desktop layout shrunk onto the phone
  const doc = document.documentElement;
  const overflow = Math.max(0, Math.max(doc.scrollWidth, document.body ? document.body.scrollWidth : 0) - vw);
  let chars = 0, small = 0;
  const walker = document.createTreeWalker(document.body || doc, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.textContent.trim();
    if (!t || !n.parentElement) continue;
    const cs = getComputedStyle(n.parentElement);
    if (cs.display === 'none' || cs.visibility === 'hidden') continue;
    const r = n.parentElement.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    chars += t.length;
    if (parseFloat(cs.fontSize) * scale < 12) small += t.length;
  }
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, [role=button], [role=link], [onclick]';
  let targets = 0, tiny = 0; const examples = [];
  for (const el of document.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden') continue;
    targets++;
    if (r.width * scale < 24 || r.height * scale < 24) {
      // WCAG 2.5.8's inline exception: a link inside a sentence
      if (el.tagName === 'A' && cs.display === 'inline' && el.parentElement &&
          el.parentElement.textContent.trim().length > el.textContent.trim().length + 20) continue;
      tiny++;
      if (examples.length < 10) examples.push([el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''),
        (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 60),
        Math.round(r.width * scale), Math.round(r.height * scale)]);
    }
  }
  const meta = document.querySelector('meta[name=viewport]');
  return {width: vw, screen_width: screenW, overflow_px: Math.round(overflow), text_chars: chars,
          small_text_chars: small, targets, small_targets: tiny, small_target_examples: examples,
          viewport_meta: meta ? meta.getAttribute('content') || '' : null};
}
"""

_AXE_RUN = """
async (tags) => {
  const r = await window.axe.run(document, {runOnly: {type: 'tags', values: tags},
                                            resultTypes: ['violations']});
  const brief = (list) => list.map(v => ({id: v.id, impact: v.impact, tags: v.tags, help: v.help,
    helpUrl: v.helpUrl, nodes: v.nodes.slice(0, %d).map(n => ({target: n.target.map(String),
      html: (n.html || '').slice(0, %d), summary: (n.failureSummary || '').slice(0, %d)})),
    count: v.nodes.length}));
  return {version: window.axe.version, violations: brief(r.violations),
          incomplete: r.incomplete.map(v => ({id: v.id, impact: v.impact, tags: v.tags, count: v.nodes.length})),
          // the WCAG A/AA rules that applied and passed (best-practice ones only counted)
          passes: r.passes.filter(v => v.tags.some(t => /^wcag2[0-9]?a{1,2}$/.test(t))).map(v => v.id),
          best_practice_passes: r.passes.filter(v => !v.tags.some(t => /^wcag2[0-9]?a{1,2}$/.test(t))).length,
          inapplicable: r.inapplicable.map(v => v.id),
          url: r.url};
}
""" % (MAX_NODES, MAX_SNIPPET, MAX_SNIPPET)


def _fulfil_headers(ex: Exchange) -> dict[str, str]:
    """Response headers for the browser: content already decoded, no framing headers."""
    drop = {"content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive"}
    out: dict[str, str] = {}
    for k, v in ex.headers:
        if k not in drop:
            out[k] = f"{out[k]}\n{v}" if k in out and k == "set-cookie" else v
    return out


@dataclass
class _Tab:
    ctx: Any
    page: Any = None
    handler: Callable[[Any], Awaitable[None]] | None = None  # the render in progress
    used: int = 0
    cdp: Any = None  # the DevTools session of the page (device emulation)


class Renderer:
    """One chromium for a run; ``render`` is safe to call from many tasks at once."""

    def __init__(self, settings: RenderSettings, fetcher: Fetcher) -> None:
        self.s = settings
        self.f = fetcher
        self._pw: Any = None
        self._browser: Any = None
        self._slots: asyncio.Queue[_Tab | None] = asyncio.Queue()
        self._axe = ""
        self.axe_note = ""
        self.rendered = 0
        self.launches = 0
        self._relaunch = asyncio.Lock()

    async def __aenter__(self) -> Renderer:
        why = browser_available(self.s.chromium)
        if why:
            raise BrowserUnavailable(why)
        if self.s.axe:
            path = find_axe(self.s.axe_js)
            if path is None:
                self.axe_note = ("axe-core not found (make setup installs it into .venv/npm; "
                                 "or set GOVLENS_AXE): pages rendered without the axe audit")
            else:
                self._axe = path.read_text(encoding="utf-8")
        from playwright.async_api import async_playwright

        self._pw = await async_playwright().start()
        try:
            await self._launch()
        except Exception as exc:
            await self._pw.stop()
            raise BrowserUnavailable(f"chromium did not start: {str(exc).splitlines()[0][:300]}") from None
        for _ in range(max(1, self.s.contexts)):
            self._slots.put_nowait(None)
        return self

    async def __aexit__(self, *exc: object) -> None:
        while not self._slots.empty():
            tab = self._slots.get_nowait()
            if tab is not None:
                with contextlib.suppress(Exception):
                    await tab.ctx.close()
        if self._browser is not None:
            await self._browser.close()
        if self._pw is not None:
            await self._pw.stop()

    async def _launch(self) -> None:
        self._browser = await self._pw.chromium.launch(
            executable_path=self.s.chromium, headless=True, args=list(CHROMIUM_ARGS),
            proxy={"server": DEAD_PROXY, "bypass": "<-loopback>"})
        self.launches += 1

    async def _context(self) -> Any:
        if not self._browser.is_connected():  # chromium crashed or was killed: a new one
            async with self._relaunch:
                if not self._browser.is_connected():
                    await self._launch()
        ctx = await self._browser.new_context(
            viewport={"width": self.s.viewport[0], "height": self.s.viewport[1]},
            bypass_csp=True, service_workers="block", java_script_enabled=True,
            user_agent=self.f.settings.user_agent, locale="th-TH", accept_downloads=False)
        await ctx.route_web_socket("**/*", lambda ws: ws.close())
        await ctx.add_init_script(_OBSERVE)
        if self._axe:  # sent to the browser once per context, compiled in each page's top frame
            # only (as pa11y injects it): Playwright would carry the 0.5 MB source on every call
            await ctx.add_init_script("if (window === window.top) {\n" + self._axe + "\n}")
        return ctx

    async def _tab(self) -> _Tab:
        """A context with one page, reused for ``recycle_after`` renders: the init scripts
        (axe-core's 0.5 MB among them) go to the browser once per tab, not once per page."""
        ctx = await self._context()
        tab = _Tab(ctx)

        async def dispatch(rt: Any) -> None:
            handler = tab.handler
            if handler is None:  # between two renders: nothing may load
                with contextlib.suppress(Exception):
                    await rt.abort("blockedbyclient")
                return
            await handler(rt)

        await ctx.route("**/*", dispatch)
        tab.page = await ctx.new_page()
        return tab

    async def render(self, ex: Exchange, record: Callable[[Exchange], None] | None = None) -> Rendering:
        """Render the archived response ``ex``; subresources go to ``record`` as they arrive.

        Never raises for what the page does: a timeout, a crash or a refused request is
        recorded in the result (``error``) with whatever was obtained.
        """
        tab = await self._slots.get()
        if tab is not None and not self._browser.is_connected():
            tab = None  # its browser is gone
        try:
            if tab is None or tab.used >= self.s.recycle_after:
                if tab is not None:
                    await tab.ctx.close()
                tab = await self._tab()
            result = await self._render_in(tab, ex, record)
            tab.used += 1
            self.rendered += 1
            return result
        except Exception:
            if tab is not None:  # a context in an unknown state is not reused
                with contextlib.suppress(Exception):
                    await tab.ctx.close()
            tab = None
            raise
        finally:
            self._slots.put_nowait(tab)

    async def _render_in(self, tab: _Tab, ex: Exchange, record: Callable[[Exchange], None] | None) -> Rendering:
        t0 = time.perf_counter()
        r = Rendering(url=ex.url, seq=ex.seq, response_id=ex.record_id)
        body, _ = ex.body()
        site_host = urlsplit(ex.url).hostname or ""
        served = {"main": False, "closed": False}
        stats = {"requests": 1, "bytes": len(ex.raw)}
        busy = {"n": 0, "last": time.perf_counter()}  # requests being answered, last activity

        async def route(rt: Any) -> None:
            req = rt.request
            url = req.url
            if not served["main"] and url.split("#")[0] == ex.url and req.is_navigation_request():
                served["main"] = True
                await rt.fulfill(status=ex.status, headers=_fulfil_headers(ex), body=body)
                return
            if urlsplit(url).scheme not in ("http", "https"):
                await rt.abort("blockedbyclient")
                return
            if self.s.block_heavy and req.resource_type in HEAVY and urlsplit(url).hostname != site_host:
                r.blocked.append({"url": url[:300], "why": f"third-party {req.resource_type} not loaded (--block-heavy)"})
                await rt.abort("blockedbyclient")
                return
            if req.method != "GET" or req.is_navigation_request() and req.frame == tab.page.main_frame:
                r.blocked.append({"url": url[:300], "why": f"{req.method} navigation away from the page not followed"})
                await rt.abort("blockedbyclient")
                return
            busy["n"] += 1
            try:
                got = (await self.f.fetch(url, "subresource", want="any", retries=0))[-1]
            finally:
                busy["n"] -= 1
                busy["last"] = time.perf_counter()
            if served["closed"]:  # the render ended while this was fetched: nothing is kept
                with contextlib.suppress(Exception):
                    await rt.abort("blockedbyclient")
                return
            if record is not None:
                record(got)
            r.subresources += 1
            if got.error:
                r.blocked.append({"url": url[:300], "why": got.error + (f": {got.detail[:200]}" if got.detail else "")})
                await rt.abort("blockedbyclient" if got.error == "blocked-address" else "failed")
                return
            stats["requests"] += 1
            stats["bytes"] += len(got.raw)
            sub_body, _ = got.body()
            with contextlib.suppress(Exception):  # the page may have cancelled the request
                await rt.fulfill(status=got.status, headers=_fulfil_headers(got), body=sub_body)

        phases: dict[str, float] = {}
        mark = [time.perf_counter()]

        def lap(name: str) -> None:
            now = time.perf_counter()
            phases[name] = round((now - mark[0]) * 1000, 1)
            mark[0] = now

        page = tab.page
        tab.handler = route
        lap("open_ms")
        try:
            try:
                await page.goto(ex.url, wait_until="load", timeout=self.s.page_timeout_s * 1000)
            except Exception as exc:  # slow or broken page: keep what rendered
                r.error = f"load: {str(exc).splitlines()[0][:300]}"
            await _settle(busy, self.s.settle_ms / 1000)
            lap("load_ms")
            r.dom = (await page.content())[:MAX_DOM]
            r.metrics = await page.evaluate(_METRICS)
            r.metrics.update(stats)
            lap("dom_ms")
            if self._axe:
                if not await page.evaluate("() => typeof window.axe === 'object' && !!window.axe.run"):
                    await page.evaluate(self._axe)  # the page replaced or hid it: inject again
                r.axe = await page.evaluate(_AXE_RUN, list(AXE_TAGS))
            lap("axe_ms")
            r.shots["viewport"] = await page.screenshot(type="jpeg", quality=self.s.jpeg_quality)
            height = int(await page.evaluate("() => document.documentElement.scrollHeight") or 1)
            if self.s.full_page and height > self.s.viewport[1]:  # else the viewport is the whole page
                r.shots["full"] = await page.screenshot(
                    type="jpeg", quality=self.s.jpeg_quality, full_page=True,
                    clip={"x": 0, "y": 0, "width": self.s.viewport[0],
                          "height": min(height, self.s.full_page_max)})
            lap("shots_ms")
            if tab.cdp is None:
                tab.cdp = await tab.ctx.new_cdp_session(page)
            cdp = tab.cdp
            await cdp.send("Emulation.setDeviceMetricsOverride",
                           {"width": self.s.phone[0], "height": self.s.phone[1],
                            "deviceScaleFactor": 1, "mobile": True,
                            "screenWidth": self.s.phone[0], "screenHeight": self.s.phone[1]})
            r.phone = await page.evaluate(_PHONE)  # evaluate waits for the new layout
            if self.s.phone_shot:
                r.shots["phone"] = await page.screenshot(type="jpeg", quality=self.s.jpeg_quality)
            await cdp.send("Emulation.clearDeviceMetricsOverride")
            lap("phone_ms")
        except Exception as exc:
            r.error = (r.error + "; " if r.error else "") + f"render: {str(exc).splitlines()[0][:300]}"
        finally:
            served["closed"] = True
            tab.handler = None
            try:
                await page.goto("about:blank", wait_until="commit")  # stops the page's scripts and loads
            except Exception:  # a crashed or stuck page: the tab is replaced before the next render
                tab.used = self.s.recycle_after
            lap("close_ms")
        r.timings = phases
        if not served["main"]:  # what rendered is not the page (an error page, another address)
            r.error = r.error or "the browser never asked for the page"
            r.dom, r.axe, r.shots, r.phone = "", None, {}, {}
        r.elapsed_ms = round((time.perf_counter() - t0) * 1000, 1)
        return r


@contextlib.asynccontextmanager
async def open_renderer(settings: RenderSettings | None, fetcher: Fetcher) -> AsyncIterator[tuple[Renderer | None, str]]:
    """(renderer, note) for a run: None and why when rendering is off or impossible here (the
    run goes on with static HTML; the note is kept in each site's evidence)."""
    if settings is None or settings.mode == "none":
        yield None, ""
        return
    try:
        renderer = Renderer(settings, fetcher)
        await renderer.__aenter__()
    except BrowserUnavailable as exc:
        yield None, f"not rendered: {exc}"
        return
    try:
        yield renderer, renderer.axe_note
    finally:
        await renderer.__aexit__(None, None, None)


async def _settle(busy: dict[str, Any], limit_s: float, quiet_s: float = 0.1) -> None:
    """After load: wait until no request has been in flight for ``quiet_s`` (late scripts,
    XHR-built menus), at most ``limit_s``."""
    end = time.perf_counter() + limit_s
    while time.perf_counter() < end:
        if busy["n"] == 0 and time.perf_counter() - busy["last"] >= quiet_s:
            return
        await asyncio.sleep(0.02)


async def render_site(renderer: Renderer, mode: str, exchanges: Sequence[Exchange],
                      record: Callable[[Exchange], None] | None = None) -> list[Rendering]:
    """Render the pages of one site that ``mode`` asks for, one at a time (the pool is shared
    by all sites in flight)."""
    out = []
    for ex in pages_to_render(mode, exchanges):
        out.append(await renderer.render(ex, record))
    return out


async def _render_urls(urls: Sequence[str], settings: RenderSettings, crawl: CrawlSettings) -> list[Rendering]:
    async with Fetcher(crawl) as f, Renderer(settings, f) as r:
        async def one(url: str) -> Rendering:
            ex = (await f.fetch(url, "home"))[-1]
            if ex.error or not ex.status:
                return Rendering(url=url, error=f"fetch: {ex.error} {ex.detail}".strip())
            return await r.render(ex)

        sem = asyncio.Semaphore(max(1, settings.contexts))

        async def bounded(url: str) -> Rendering:
            async with sem:
                return await one(url)

        return list(await asyncio.gather(*(bounded(u) for u in urls)))


def render_urls(urls: Sequence[str], *, axe: bool = True, concurrency: int = 2,
                crawl: CrawlSettings | None = None, **settings: Any) -> list[Rendering]:
    """Fetch and render ``urls`` (benchmarks, quick looks): loopback needs ``crawl`` with
    ``allow_private`` or pins; the default allows private addresses only for 127.0.0.1 URLs."""
    if crawl is None:
        loop = all((urlsplit(u).hostname or "") in ("127.0.0.1", "localhost") for u in urls)
        crawl = CrawlSettings(allow_private=loop, respect_robots=False)
    rs = RenderSettings(axe=axe, contexts=concurrency, **settings)
    return asyncio.run(_render_urls(urls, rs, crawl))


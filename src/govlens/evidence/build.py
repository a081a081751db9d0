"""Capture → SiteEvidence. The one place where exchanges become evidence.

The live crawl and the WARC reader both produce a Capture, and both go through
:func:`build_site`, so an archive replays to equal evidence. Pages parsed during the crawl
(to find links) are passed in a cache and not parsed again.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from itertools import groupby

from govlens.collect.capture import Capture, Exchange, Rendering
from govlens.evidence.model import (
    AxeNode,
    AxeRule,
    Fetched,
    Hop,
    Page,
    Rendered,
    SiteEvidence,
    TLSInfo,
)
from govlens.evidence.parse import parse_html

MAX_DECODED = 20 * 1024 * 1024
MAX_FETCHED_TEXT = 5 * 1024 * 1024


def page_of(ex: Exchange) -> Page:
    """Parse a final exchange (the crawl's link finder and the builder both use this)."""
    body, cut = ex.body(MAX_DECODED)
    return parse_html(body, ex.url, status=ex.status, headers=tuple(ex.headers),
                      final_url=ex.url, size=len(ex.raw), truncated=ex.truncated or cut)


def rendered_page(served: Page, dom: str) -> Page:
    """The page as the browser built it: the DOM's links, forms and text, with the served
    page's response facts (status, headers, charset as declared, size, timing)."""
    page = parse_html(dom, served.final_url, status=served.status, headers=served.headers,
                      final_url=served.final_url)
    return dataclasses.replace(
        page, url=served.url, charset=served.charset, charset_source=served.charset_source,
        content_type=served.content_type, size=served.size, truncated=served.truncated,
        elapsed_ms=served.elapsed_ms, discovered_as=served.discovered_as, repair=served.repair,
        rendered=True)


_JS_NOTICE = re.compile(r"enable javascript|javascript (is )?(required|disabled)|turn on javascript|"
                        r"เปิด(การ)?(ใช้งาน)?\s*javascript|you need to enable", re.I)
_APP_ROOT = re.compile(r"<(div|main|app-root)\b[^>]*\bid=[\"']?(root|app|__next|__nuxt|q-app|main-app)\b[^>]*>\s*</\1>", re.I)


def built_by_script(page: Page) -> str:
    """Why ``page`` (as served) looks built by JavaScript, or "" — almost no text or links
    while scripts are there, an empty app root, or a notice asking for JavaScript."""
    if len(page.links) >= 10:  # each sign below needs fewer links: most pages stop here
        return ""
    html = page.html or ""
    scripts = len(page.scripts) + html.lower().count("<script")
    if not scripts:
        return ""
    if _APP_ROOT.search(html) and len(page.links) < 10:
        return f"an empty application root and {len(page.links)} links: the page is built by JavaScript"
    if len(page.text) < 200 and len(page.links) < 5:
        return (f"{len(page.text)} characters of text and {len(page.links)} links with {scripts} scripts: "
                "the content is built by JavaScript")
    if _JS_NOTICE.search(page.text) and len(page.links) < 10:
        return "the page asks for JavaScript and holds almost no links without it"
    return ""


def _tuples(v: object) -> object:
    return tuple(_tuples(x) for x in v) if isinstance(v, list) else v


def _rendered(r: Rendering) -> Rendered:
    axe = r.axe or {}
    rules = tuple(
        AxeRule(id=v["id"], impact=v.get("impact") or "", tags=tuple(v.get("tags", ())),
                help=v.get("help", ""), help_url=v.get("helpUrl", ""), count=v.get("count", len(v.get("nodes", ()))),
                nodes=tuple(AxeNode(" >>> ".join(n.get("target", ())), n.get("html", ""), n.get("summary", ""))
                            for n in v.get("nodes", ())))
        for v in axe.get("violations", ()))
    return Rendered(
        url=r.url, error=r.error, axe_version=axe.get("version", "") if r.axe is not None else "",
        violations=rules, passes=tuple(axe.get("passes", ())),
        incomplete=tuple(v["id"] for v in axe.get("incomplete", ())),
        metrics=tuple(sorted((k, v) for k, v in r.metrics.items() if isinstance(v, int | float))),
        phone=tuple(sorted((k, _tuples(v)) for k, v in r.phone.items())),
        shots=tuple(sorted((k[5:], v) for k, v in r.record_ids.items() if k.startswith("shot:"))),
        dom_record=r.record_ids.get("dom", ""),
        blocked=tuple(f"{b.get('url', '')}: {b.get('why', '')}" for b in r.blocked), elapsed_ms=r.elapsed_ms)


def _fetched(ex: Exchange) -> Fetched:
    body, _ = ex.body(MAX_FETCHED_TEXT)
    return Fetched(url=ex.url, status=ex.status, content_type=ex.content_type,
                   text=body.decode("utf-8", errors="replace"), size=len(ex.raw), error=ex.error)


def _hops(group: list[Exchange]) -> tuple[Hop, ...]:
    return tuple(Hop(e.url, e.status, e.header("location") or "") for e in group)


def _tls(ex: Exchange) -> TLSInfo | None:
    if ex.error.startswith("tls-"):
        return TLSInfo(ok=False, error=ex.error, detail=ex.detail)
    if ex.tls:
        t = ex.tls
        return TLSInfo(ok=bool(t.get("ok", True)), subject=t.get("subject", ""),
                       issuer=t.get("issuer", ""), not_before=t.get("not_before", ""),
                       not_after=t.get("not_after", ""), san=tuple(t.get("san", ())),
                       version=t.get("version", ""))
    return None


def build_site(cap: Capture, parsed: Mapping[int, Page] | None = None) -> SiteEvidence:
    """Evidence for one site from what was captured."""
    parsed = parsed or {}
    live = [e for e in cap.exchanges if not e.role.startswith("retried:")]
    groups = [list(g) for _, g in groupby(sorted(live, key=lambda e: e.seq), key=lambda e: e.seq)]
    by_role: dict[str, list[list[Exchange]]] = {}
    for g in groups:
        by_role.setdefault(g[-1].role.split(":")[0], []).append(g)

    def first(role: str) -> list[Exchange] | None:
        return by_role.get(role, [None])[0]  # type: ignore[list-item]

    pages: list[Page] = []
    seqs: list[int] = []

    failed: list[Hop] = []

    # here, not at the top: the crawler module brings aiohttp (0.1 s of every start of a
    # process that only judges pages, through checks.javascript's built_by_script)
    from govlens.collect.crawl import looks_html

    def add_page(g: list[Exchange], why: str) -> None:
        last = g[-1]
        if last.error or not (200 <= last.status < 300) or not looks_html(last):
            failed.append(Hop(g[0].url, last.status, last.error or last.mime))
            return
        page = parsed.get(last.seq) or page_of(last)
        pages.append(dataclasses.replace(
            page, url=g[0].url, elapsed_ms=round(sum(e.elapsed_ms for e in g), 1), discovered_as=why))
        seqs.append(last.seq)

    home = first("home")
    redirects: tuple[Hop, ...] = ()
    final_url = cap.url
    cookies: tuple[str, ...] = ()
    if home:
        redirects = _hops(home)
        final_url = home[-1].url
        cookies = tuple(v for e in home for v in e.header_all("set-cookie"))
        if cap.status == "ok":
            add_page(home, "home")
    for g in by_role.get("page", []):
        add_page(g, g[-1].role.split(":", 1)[1])

    robots = first("robots")
    sitemap = first("sitemap")
    https: bool | None = None
    http_to_https: bool | None = None
    tls: TLSInfo | None = None
    http_probe: tuple[Hop, ...] = ()
    https_last: Exchange | None = None
    if cap.url.startswith("https://"):
        if home:
            last = home[-1]
            if cap.status == "ok" or (not last.error and last.status > 0):
                https = True
            elif last.error.startswith("tls-"):
                https = False
            else:
                https = None  # never got as far as TLS (dns, connect, timeout …): unknown
            tls = _tls(last) or _tls(home[0])
            https_last = last if https else None
        probe = first("probe-http")
        if probe:
            http_probe = _hops(probe)
            last = probe[-1]
            if last.error and last.status == 0:
                http_to_https = None  # http not served at all
            else:
                http_to_https = any((h.location or "").startswith("https://") for h in http_probe)
    else:
        if home:
            http_probe = redirects
            http_to_https = final_url.startswith("https://")
            if http_to_https:
                https = cap.status == "ok"
                tls = _tls(home[-1])
                https_last = home[-1] if https else None
        probe = first("probe-https")
        if probe:
            last = probe[-1]
            ok = not last.error and 0 < last.status < 500
            if ok and not https:
                https_last = last
            https = bool(https) or ok
            tls = tls or _tls(last) or _tls(probe[0])
    served = tuple(pages)
    renders = tuple(_rendered(r) for r in cap.renders)
    for r in cap.renders:
        if r.dom and r.seq in seqs:
            i = seqs.index(r.seq)
            pages[i] = rendered_page(pages[i], r.dom)
    return SiteEvidence(
        renders=renders, static_pages=served if any(p.rendered for p in pages) else (),
        render_note=cap.render_note,
        site_url=cap.url, final_url=final_url, status=cap.status, reason=cap.reason,
        redirects=redirects, pages=tuple(pages),
        robots=_fetched(robots[-1]) if robots else None,
        sitemap=_fetched(sitemap[-1]) if sitemap else None,
        https=https, http_to_https=http_to_https, tls=tls, http_probe=http_probe,
        extra=tuple(_fetched(g[-1]) for g in by_role.get("extra", [])),
        cookies=cookies, https_headers=tuple(https_last.headers) if https_last else (),
        failed=tuple(failed), captured=cap.captured, decisions=tuple(cap.decisions),
    )

"""The 25 core checks, each against its own case file (cases/<check-id>.yaml), run by one
parametrised test — as act_cases/ + test_act_rules.py do for the W3C ACT rules.

A case is a small site written as the HTTP exchanges a crawl would have archived: robots.txt,
the home page (and its redirect chain), the probe of the other scheme, sitemap.xml, key
pages, with status, headers, body and TLS facts. :func:`_evidence` turns them into a
:class:`Capture`, writes it to a WARC and reads it back, and calls ``build_site`` on what was
read: the evidence is the one a replay of that archive gives. :func:`_run` is the one place
that calls a check. See cases/README.md for the case format.
"""

from __future__ import annotations

import gzip
import re
import tempfile
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import yaml

from govlens.checks.registry import OUTCOMES, CheckResult, all_checks, get_check
from govlens.collect.capture import Capture, Exchange
from govlens.collect.crawl import looks_html
from govlens.collect.failures import http_status
from govlens.collect.warc import SiteWarc, read_captures
from govlens.evidence.build import build_site
from govlens.evidence.model import SiteEvidence
from govlens.frameworks.checkids import CORE_CHECKS

CASES_DIR = Path(__file__).parent / "cases"
DEFAULT_URL = "https://www.example.go.th/"
DEFAULT_CAPTURED = "2025-06-15T03:00:00+00:00"
_DEFAULT_TYPE = {"home": "text/html; charset={charset}", "page": "text/html; charset={charset}",
                 "robots": "text/plain; charset={charset}", "sitemap": "application/xml; charset={charset}"}
_CODECS = {"windows-874": "cp874"}  # the WHATWG name of Thai Windows, as sites label it
_CASE_KEYS = {"name", "expect", "why", "site", "details", "xfail", "xfail_evidence", "pointer"}
_EXCHANGE_KEYS = {"url", "role", "status", "headers", "location", "body", "charset", "error", "detail", "tls"}


def _run(check_id: str, site: SiteEvidence) -> CheckResult:
    """The one call of a check (the check API is being refactored: change only this line)."""
    return get_check(check_id).run(site)


def _exchange(spec: dict[str, Any], base: str) -> Exchange:
    unknown = set(spec) - _EXCHANGE_KEYS
    assert not unknown, f"unknown exchange keys {unknown}"
    role = spec["role"]
    charset = spec.get("charset", "utf-8")
    headers = [(k.lower(), str(v)) for k, v in (spec.get("headers") or {}).items()]
    if spec.get("location"):
        headers.append(("location", spec["location"]))
    body = spec.get("body")
    raw = b""
    if body is not None:
        raw = body.encode(_CODECS.get(charset.lower(), charset))
        if not any(k == "content-type" for k, _ in headers):
            kind = _DEFAULT_TYPE.get(role.split(":")[0], "text/html; charset={charset}")
            headers.insert(0, ("content-type", kind.format(charset=charset)))
        if any(k == "content-encoding" and v.strip().lower() == "gzip" for k, v in headers):
            raw = gzip.compress(raw, mtime=0)
    error = spec.get("error", "")
    return Exchange(url=urljoin(base, spec["url"]), role=role,
                    status=spec.get("status", 0 if error else 200), headers=headers, raw=raw,
                    error=error, detail=spec.get("detail", ""), tls=spec.get("tls"))


def _home_status(ex: Exchange) -> tuple[str, str]:
    """The site's status from the home answer, as the crawl judges it (crawl.SiteCrawl._judge_home)."""
    if ex.error:
        return ex.error, ex.detail or ex.error
    if ex.status >= 400:
        return http_status(ex.status), f"home page answered HTTP {ex.status}"
    if 300 <= ex.status < 400:
        return ("too-many-redirects" if ex.header("location") else "http-4xx",
                f"redirect {ex.status} without a usable target")
    if not looks_html(ex):
        return "not-html", f"home page is {ex.mime or 'untyped'}, not HTML"
    return "ok", ""


def _evidence(site: dict[str, Any]) -> SiteEvidence:
    """A case's site → Capture → WARC → Capture read back → ``build_site``, as replay does.

    Exchanges are in crawl order; a 3xx with a Location followed by an exchange of the same
    role is one fetch (a redirect chain shares its ``seq``). A page that answered 4xx/5xx or
    not HTML gets the taxonomy status the crawl gives it; the site's status is judged from the
    last hop of the home fetch unless the case states ``status``/``reason``."""
    url = site.get("url", DEFAULT_URL)
    cap = Capture(url=url, captured=site.get("captured", DEFAULT_CAPTURED))
    seq = 0
    prev: Exchange | None = None
    for spec in site["exchanges"]:
        ex = _exchange(spec, url)
        chained = (prev is not None and prev.role == ex.role and 300 <= prev.status < 400
                   and prev.header("location"))
        seq = seq if chained else seq + 1
        ex.seq = seq
        if ex.role.startswith("page:") and not ex.error:
            if ex.status >= 400:
                ex.error, ex.detail = http_status(ex.status), f"HTTP {ex.status}"
            elif 200 <= ex.status < 300 and not looks_html(ex):
                ex.error, ex.detail = "not-html", f"{ex.mime or 'untyped'} is not HTML"
        cap.exchanges.append(ex)
        prev = ex
    homes = [e for e in cap.exchanges if e.role == "home"]
    assert homes, "a case site needs a home exchange"
    status, reason = _home_status(homes[-1])
    cap.status, cap.reason = site.get("status", status), site.get("reason", reason)
    with tempfile.TemporaryDirectory() as tmp:
        writer = SiteWarc(Path(tmp) / "case.warc.gz")
        for ex in cap.exchanges:
            writer.write(ex)
        path = writer.finish(cap)
        [replayed] = list(read_captures([path]))
    return build_site(replayed)


@cache
def _files() -> dict[str, dict[str, Any]]:
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(CASES_DIR.glob("*.yaml"))}


def _load() -> list[Any]:
    params = []
    for data in _files().values():
        for case in data["cases"]:
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
            params.append(pytest.param(data["check"], case, id=f"{data['check']}: {case['name']}", marks=marks))
    return params


def _live(cases: list[dict[str, Any]], expect: str) -> list[dict[str, Any]]:
    return [c for c in cases if c["expect"] == expect and not c.get("xfail")]


def _home_language(case: dict[str, Any]) -> str:
    """The home page's language, "th" or "en": its <html lang>, else whether it is in Thai script."""
    body = [e for e in case["site"]["exchanges"] if e["role"] == "home"][-1].get("body") or ""
    m = re.search(r"<html[^>]*\slang=\"([a-z]{2})", body, re.I)
    return m.group(1).lower() if m else ("th" if re.search("[\u0e00-\u0e7f]", body) else "en")


def test_every_core_check_has_a_case_file() -> None:
    by_check = {data["check"]: data for data in _files().values()}
    for cid in CORE_CHECKS:
        assert cid in by_check, f"no case file for {cid}"
        cases = by_check[cid]["cases"]
        passes, fails = _live(cases, "pass"), _live(cases, "fail")
        assert passes and fails, f"{cid}: needs a pass and a fail case"
        # the brief of the case files: a Thai and an English pass, two fails (one a decoy)
        assert {_home_language(c) for c in passes} >= {"th", "en"}, f"{cid}: a Thai and an English pass"
        assert len(fails) >= 2 and any("decoy" in c["name"] for c in fails), f"{cid}: two fails, one a decoy"


def test_every_case_file_names_a_registered_check() -> None:
    registered = {c.id: c for c in all_checks()}
    for name, data in _files().items():
        cid = data["check"]
        assert name == f"{cid}.yaml" and cid in registered, name
        names = [c["name"] for c in data["cases"]]
        assert len(names) == len(set(names)), f"{name}: case names repeat"
        for case in data["cases"]:
            assert not set(case) - _CASE_KEYS, f"{name}: {case['name']}: unknown keys"
            assert case["expect"] in OUTCOMES, f"{name}: {case['name']}"
            assert case.get("pointer", "locator") in ("locator", "url"), f"{name}: {case['name']}"
        if registered[cid].requires_home:  # an unreachable site must say error, never fail
            assert _live(data["cases"], "error"), f"{name}: needs an unreachable-site (error) case"


@pytest.mark.parametrize(("check_id", "case"), _load())
def test_check_case(check_id: str, case: dict[str, Any]) -> None:
    result = _run(check_id, _evidence(case["site"]))
    assert result.check_id == check_id
    assert result.outcome == case["expect"], (case.get("why", ""), result)
    for key, want in (case.get("details") or {}).items():  # what the check says about why
        assert result.details.get(key) == want, (key, result.details)
    if case["expect"] == "error":  # the site could not be judged; not a check that crashed
        assert result.details.get("reason", "").startswith("site-unreachable"), result
    if case["expect"] in ("not_applicable", "error"):
        assert result.score is None
        return
    if case["expect"] == "partial":
        assert result.score is not None and 0 < result.score < 1, result
    if case["expect"] != "pass":
        return
    # what a person can open: a URL, and (unless the case says the check gives only a URL)
    # the element or text that decided it
    need = case.get("pointer", "locator")
    ok = [p for p in result.evidence if p.url and (need == "url" or p.selector or p.snippet)]
    if case.get("xfail_evidence"):
        if not ok:
            pytest.xfail(case["xfail_evidence"])
        pytest.fail(f"xfail_evidence no longer holds (remove it): {result.evidence}")
    assert ok, f"pass without an evidence pointer ({need}): {result.evidence}"

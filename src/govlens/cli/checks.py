"""`govlens checks list|page`: the check registry, and the checks on one saved page."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Literal, Optional
from urllib.parse import urlsplit

import typer
from rich.table import Table

from govlens.cli.app import (
    CheckOption,
    Config,
    Encoding,
    app,
    check_options,
    console,
    fail,
    load_config_file,
    warn,
)
from govlens.cli.inputs import InputError, html_bytes, read_headers

checks_app = typer.Typer(help="List checks, or run them on one saved page.", no_args_is_help=True)
app.add_typer(checks_app, name="checks")


@checks_app.command("list")
def checks_list(fmt: Annotated[Literal["table", "json", "markdown"], typer.Option(
        "--format", metavar="table|json|markdown", help="A table, JSON, or the Markdown of docs/checks.md.")] = "table") -> None:
    """Every check: family, titles, needs, options, references, and the indicators using it."""
    from govlens.checks.registry import all_checks
    from govlens.frameworks.usage import checks_markdown, used_by

    checks = all_checks()
    if fmt == "markdown":
        sys.stdout.write(checks_markdown(checks))
        return
    usage = used_by(checks=checks)
    if fmt == "json":
        print(json.dumps([{"id": c.id, "family": c.category, "kind": c.kind, "core": c.core, "title": c.title,
                           "failure_title": c.failure_title, "description": c.description, "why": c.why,
                           "needs": list(c.needs), "options": {k: o.default for k, o in c.options.items()},
                           "references": list(c.references), "act_rule": c.act_rule,
                           "languages": list(c.languages), "page_level": c.page_level,
                           "used_by": [{"framework": f, "indicator": i, "answer": a} for f, i, a in usage[c.id]]}
                          for c in checks], ensure_ascii=False, indent=2))
        return
    t = Table(title=f"{len(checks)} checks")
    for col in ("id", "family", "title (en / th)", "needs", "used by"):
        t.add_column(col)
    for c in checks:
        t.add_row(c.id + (" *" if c.core else ""), c.category, f"{c.title['en']} / {c.title['th']}",
                  ",".join(c.needs), ", ".join(sorted({i for _, i, _ in usage[c.id]})))
    console.print(t)
    console.print("* core check")


def _page_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise fail("--url", f"{url!r} is not an absolute http(s) URL", "e.g. --url https://www.example.go.th/")
    return url.strip()


PageFormat = Annotated[Literal["table", "json", "jsonl"], typer.Option(
    "--format", metavar="table|json|jsonl",
    help="One page: a table or JSON. Many pages: jsonl (one JSON object per page) or a table of counts.")]


@checks_app.command("page")
def checks_page(
    files: Annotated[list[Path], typer.Argument(
        metavar="PAGES...", help="Saved HTML files, folders of them, globs, or a CSV of id,path,url.")],
    url: Annotated[Optional[str], typer.Option(metavar="URL", help="The URL the page was saved from (links are resolved against it); with many pages, taken from each page's 'saved from' comment or the CSV.")] = None,  # noqa: UP007
    headers: Annotated[Optional[Path], typer.Option(metavar="FILE", help="A file of 'Name: value' response headers (enables the header checks and the HTTP Observatory grade).")] = None,  # noqa: UP007
    fmt: PageFormat = "table",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write the jsonl here instead of standard output.")] = None,  # noqa: UP007
    encoding: Encoding = None,
    check_option: CheckOption = None,
    config: Config = None,
) -> None:
    """Run every check that can run on saved documents, offline: one page in detail, or many
    (a folder, a glob, a CSV of path,url) as one JSON object per page, parsed once each.

    The page's encoding is read as a browser does (headers, BOM, <meta>, Thai detection);
    --encoding overrides it."""
    if len(files) > 1 or fmt == "jsonl" or any(f.is_dir() or f.suffix.lower() == ".csv" for f in files):
        _batch(files, url, fmt, output, check_options(load_config_file(config), check_option))
        return
    file = files[0]
    if url is None:
        raise fail("--url", "one page needs the URL it was saved from", "e.g. --url https://www.example.go.th/")
    from govlens.checks import observatory
    from govlens.checks.act import act_report
    from govlens.checks.registry import all_checks, run_checks
    from govlens.collect.decode import codec_for
    from govlens.evidence.model import SiteEvidence
    from govlens.evidence.parse import parse_html

    options = check_options(load_config_file(config), check_option)
    url = _page_url(url)
    try:
        raw = html_bytes(file)
        hdrs: list[tuple[str, str]] = []
        if headers is not None:
            hdrs, bad = read_headers(headers)
            if bad:
                warn(f"{headers}: {bad} line(s) are not 'Name: value' headers and were skipped")
    except InputError as exc:
        raise fail(exc.thing, exc.problem, exc.hint) from None
    ctype = next((v for k, v in hdrs if k == "content-type"), "")
    if ctype and "html" not in ctype.lower():
        raise fail(str(headers), f"Content-Type {ctype!r} is not HTML: the checks judge HTML pages")
    if encoding:
        if codec_for(encoding) is None:
            raise fail("--encoding", f"unknown encoding {encoding!r} (e.g. utf-8, windows-874, tis-620)")
        hdrs = [(k, v) for k, v in hdrs if k != "content-type"] + [("content-type", f"text/html; charset={encoding}")]
    page = parse_html(raw, url, headers=tuple(hdrs))
    site = SiteEvidence(site_url=url, final_url=url, status="ok", reason="", redirects=(), pages=(page,))
    checks = [c for c in all_checks() if c.page_level]
    results = run_checks(site, checks, options)
    acts = act_report(page.html, url)
    grade = observatory.grade(hdrs, html=page.html, url=url, cookies=[v for k, v in hdrs if k == "set-cookie"],
                              redirect_chain=None, https_ok=url.startswith("https://")) if hdrs else None
    if fmt == "json":
        doc = {"url": url, "file": str(file), "charset": page.charset,
               "checks": {k: r.to_dict() for k, r in results.items()}, "act": acts}
        if grade is not None:
            doc["headers_grade"] = {"score": grade.score, "grade": grade.grade, "algorithm": grade.algorithm,
                                    "tests": grade.tests}
        print(json.dumps(doc, ensure_ascii=False, indent=2, default=str))
        return
    t = Table(title=f"{url} ({page.charset})")
    for col in ("check", "outcome", "score", "evidence"):
        t.add_column(col)
    for cid, r in results.items():
        ev = r.evidence[0] if r.evidence else None
        t.add_row(cid, r.outcome, "" if r.score is None else f"{r.score:.2f}",
                  (ev.snippet or ev.note or ev.selector) if ev else str(r.details.get("reason", "")))
    console.print(t)
    a = Table(title="W3C ACT rules")
    for col in ("rule", "outcome", "failing elements"):
        a.add_column(col)
    for rule, r in acts.items():
        a.add_row(rule, r["outcome"], ", ".join(f["selector"] for f in r["failed"])[:200])
    console.print(a)
    if grade is not None:
        console.print(f"HTTP Observatory (v{grade.algorithm}): {grade.score} {grade.grade}")


def _batch(items: list[Path], url: str | None, fmt: str, output: Path | None, options: dict) -> None:
    """Many saved pages: one JSON line each (``govlens evaluate --pages`` reads them)."""
    from govlens.progress import progress_bar
    from govlens.run.pages import collect_inputs, judge_pages

    missing = [str(p) for p in items if not any(ch in str(p) for ch in "*?[") and not p.exists()]
    if missing:
        raise fail(missing[0], "no such file or folder")
    pages = collect_inputs(items, _page_url(url) if url else None)
    if not pages:
        raise fail(" ".join(map(str, items)), "no HTML files found (looked for .html, .htm, .php … and CSV rows)")
    out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    judged = skipped = 0
    counts: dict[str, dict[str, int]] = {}
    from govlens.cli.app import err, state

    prog, tick = progress_bar(len(pages), "pages", err, mode=state.progress)
    try:
        with prog:
            for row in judge_pages(pages, options):
                if "skipped" in row:
                    skipped += 1
                    warn(f"skipped {row['skipped']}")
                else:
                    judged += 1
                    if fmt == "table":
                        for cid, r in row["checks"].items():
                            counts.setdefault(cid, {}).setdefault(r["outcome"], 0)
                            counts[cid][r["outcome"]] += 1
                if fmt != "table":
                    out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                tick(row["file"], "skipped" if "skipped" in row else "ok")
    finally:
        if output:
            out.close()
    if fmt == "table":
        t = Table(title=f"{judged} pages judged, {skipped} skipped")
        for col in ("check", "pass", "partial", "fail", "not_applicable", "info", "error"):
            t.add_column(col)
        for cid, c in sorted(counts.items()):
            t.add_row(cid, *(str(c.get(k, 0)) for k in ("pass", "partial", "fail", "not_applicable", "info", "error")))
        console.print(t)
    elif state.progress != "off":
        err.print(f"{judged} pages judged, {skipped} skipped" + (f"; wrote {output}" if output else ""))

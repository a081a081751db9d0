"""`govlens checks list|page`: the check registry, and the checks on one saved page."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from govlens.cli.app import (
    CheckOption,
    Config,
    app,
    check_options,
    console,
    err,
)

checks_app = typer.Typer(help="List checks, or run them on one saved page.", no_args_is_help=True)
app.add_typer(checks_app, name="checks")


@checks_app.command("list")
def checks_list(fmt: Annotated[str, typer.Option("--format", help="table | json | markdown")] = "table") -> None:
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


@checks_app.command("page")
def checks_page(
    file: Annotated[Path, typer.Argument(help="A saved HTML document.")],
    url: Annotated[str, typer.Option(help="The URL the page was saved from.")],
    headers: Annotated[Optional[Path], typer.Option(help="File of 'Name: value' response headers.")] = None,  # noqa: UP007
    fmt: Annotated[str, typer.Option("--format", help="json | table")] = "table",
    check_option: CheckOption = None,
    config: Config = None,
) -> None:
    """Run every check that can run on one document, offline."""
    from govlens.checks import observatory
    from govlens.checks.act import act_report
    from govlens.checks.registry import all_checks, run_checks
    from govlens.evidence.model import SiteEvidence
    from govlens.evidence.parse import parse_html

    options = check_options(config, check_option)
    if not file.exists():
        err.print(f"[red]no such file: {file}")
        raise typer.Exit(2)
    hdrs: list[tuple[str, str]] = []
    if headers:
        for line in headers.read_text(encoding="utf-8", errors="replace").splitlines():
            if ":" in line and not line.upper().startswith("HTTP/"):
                k, v = line.split(":", 1)
                hdrs.append((k.strip().lower(), v.strip()))
    page = parse_html(file.read_bytes(), url, headers=tuple(hdrs))
    site = SiteEvidence(site_url=url, final_url=url, status="ok", reason="", redirects=(), pages=(page,))
    checks = [c for c in all_checks() if c.page_level]
    results = run_checks(site, checks, options)
    acts = act_report(page.html, url)
    grade = observatory.grade(hdrs, html=page.html, url=url, cookies=[v for k, v in hdrs if k == "set-cookie"],
                              redirect_chain=None, https_ok=url.startswith("https://")) if hdrs else None
    if fmt == "json":
        doc = {"url": url, "charset": page.charset, "checks": {k: r.to_dict() for k, r in results.items()},
               "act": acts}
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



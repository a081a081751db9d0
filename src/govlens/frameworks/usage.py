"""Which framework indicators use each check — read from the framework files, never declared
by the checks — and the check reference (docs/checks.md) generated from the registry.

``docs/checks.md`` is the output of :func:`checks_markdown`; a test fails when the file and
the registry differ, so the reference cannot drift. Regenerate it with
``govlens checks list --format markdown > docs/checks.md``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govlens.checks.core import CORE_CHECKS
from govlens.checks.options import DEFAULTS
from govlens.checks.registry import NEEDS, UNREACHABLE_RULE, CheckInfo, all_checks
from govlens.frameworks.loader import load_all
from govlens.frameworks.schema import Framework, iter_check_ids


def used_by(frameworks: Iterable[Framework] | None = None,
            checks: Iterable[CheckInfo] | None = None) -> dict[str, list[tuple[str, str, str]]]:
    """check id → ``(framework id, indicator id, answer mode)`` of every indicator whose rule
    reads the check; patterns such as ``a11y.act-*`` count for every check they match."""
    fws = list(frameworks) if frameworks is not None else load_all()
    ids = [c.id for c in (checks if checks is not None else all_checks())]
    answers = {(f.id, i.id): i.answer for f in fws for i in f.indicators}
    out: dict[str, list[tuple[str, str, str]]] = {cid: [] for cid in ids}
    for fid, iid, ref in iter_check_ids(fws):
        targets = [c for c in ids if c.startswith(ref[:-1])] if ref.endswith("*") else [ref]
        for cid in targets:
            entry = (fid, iid, answers[(fid, iid)])
            if cid in out and entry not in out[cid]:
                out[cid].append(entry)
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _used(entries: list[tuple[str, str, str]]) -> str:
    if not entries:
        return "—"
    by_fw: dict[str, list[str]] = {}
    for fid, iid, answer in entries:
        by_fw.setdefault(fid, []).append(iid + ("" if answer == "automated" else f" ({answer})"))
    return "; ".join(f"{fid}: {', '.join(iids)}" for fid, iids in sorted(by_fw.items()))


PREAMBLE = """# Checks

Generated from the check registry and the framework files by
`govlens checks list --format markdown > docs/checks.md`; a test fails when this file and the
registry differ. How to add a check, a word or an indicator: [new-check.md](new-check.md).

Every check is a pure function of a site's evidence that returns an outcome — `pass`, `fail`,
`partial` (a score between 0 and 1), `not_applicable` (nothing to judge: no images, no
cookies), `error` (could not be judged) or `info` (an inventory: reported, never scored) —
with evidence pointers (URL plus selector or snippet) a person can open in the archive.

**Unreachable sites.** """ + UNREACHABLE_RULE + """

**"A link to X"** means an `<a href>` (or `<area>`) on a crawled page — home page first, later
pages weigh 0.85 — whose text, image alt, title or aria-label names the lexicon concept X (Thai
or English, `src/govlens/lexicon/data/`), or whose URL words do; a link whose label names X
only inside an excluded phrase ("ปีงบประมาณ" for budget) does not count. Links that exist only
inside JavaScript are not seen. When every link found leads to a page that failed, the check
is `partial` (0.5).

**Needs** say what evidence a check reads (the registry gives it nothing else): """ + "; ".join(
    f"`{k}` {v}" for k, v in NEEDS.items()) + """.

**Used by** lists the framework indicators whose rules read the check (from
`src/govlens/frameworks/data/*.yaml`; "(assisted)": a person confirms the value).
"""


def checks_markdown(checks: list[CheckInfo] | None = None,
                    frameworks: Iterable[Framework] | None = None) -> str:
    """docs/checks.md: the core set first, then every family's checks, with their rules,
    needs, options, references and the indicators that use them."""
    checks = checks if checks is not None else all_checks()
    usage = used_by(frameworks, checks)
    by_id = {c.id: c for c in checks}
    lines = [PREAMBLE, f"## Core checks ({len(CORE_CHECKS)})", "",
             "| id | pass (en / th) | fail | rule | needs | used by |", "|---|---|---|---|---|---|"]
    for cid in CORE_CHECKS:
        c = by_id[cid]
        lines.append(f"| `{c.id}` | {_cell(c.title['en'])} / {_cell(c.title['th'])} | "
                     f"{_cell(c.failure_title['en'])} | {_cell(c.description['en'])} | "
                     f"{', '.join(c.needs)} | {_cell(_used(usage[c.id]))} |")
    families: dict[str, list[CheckInfo]] = {}
    for c in checks:
        families.setdefault(c.category, []).append(c)
    lines += ["", f"## Every registered check ({len(checks)})", ""]
    for fam, members in families.items():
        lines += [f"### {fam}", "",
                  "| id | title (en / th) | rule | why it matters | needs | options | references | used by |",
                  "|---|---|---|---|---|---|---|---|"]
        for c in members:
            opts = ", ".join(f"`{k}`={o.default!r}" for k, o in DEFAULTS.get(c.id, {}).items()) or "—"
            kind = " *(inventory)*" if c.kind == "inventory" else ""
            lines.append(f"| `{c.id}`{kind} | {_cell(c.title['en'])} / {_cell(c.title['th'])} | "
                         f"{_cell(c.description['en'])} | {_cell(c.why['en'])} | {', '.join(c.needs)} | "
                         f"{opts} | {_cell('; '.join(c.references)) or '—'} | {_cell(_used(usage[c.id]))} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"

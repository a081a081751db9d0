"""The check reference cannot drift: docs/checks.md is the registry's own output, and "used by"
comes from the framework files."""

from pathlib import Path

from govlens.checks.core import CORE_CHECKS
from govlens.checks.registry import all_checks
from govlens.frameworks.loader import load_all, load_framework
from govlens.frameworks.schema import iter_check_ids
from govlens.frameworks.usage import checks_markdown, used_by

DOC = Path(__file__).resolve().parents[2] / "docs" / "checks.md"


def test_docs_checks_md_is_the_generated_reference():
    assert DOC.read_text(encoding="utf-8") == checks_markdown(), (
        "docs/checks.md differs from the registry: run `govlens checks list --format markdown > docs/checks.md`")


def test_used_by_is_read_from_the_framework_files():
    usage = used_by()
    assert set(usage) == {c.id for c in all_checks()}
    losi = load_framework("un-losi-2024")
    for ind in losi.indicators:
        for ref in ind.check_ids:
            targets = [c for c in usage if c.startswith(ref[:-1])] if ref.endswith("*") else [ref]
            for cid in targets:
                assert ("un-losi-2024", ind.id, ind.answer) in usage[cid], (cid, ind.id)
    # a pattern reaches every check it matches
    patterned = {(f, i) for f, i, ref in iter_check_ids(load_all()) if ref == "a11y.act-*"}
    for cid in (c for c in usage if c.startswith("a11y.act-")):
        assert patterned <= {(f, i) for f, i, _ in usage[cid]}, cid


def test_the_reference_lists_every_check_and_the_core_set():
    md = checks_markdown()
    for c in all_checks():
        assert f"`{c.id}`" in md
    core = md.split("## Every registered check")[0]
    assert all(f"`{cid}`" in core for cid in CORE_CHECKS)

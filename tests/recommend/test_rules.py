"""Recommendation rules are data; a broken rules file names the file, the rule and the field."""

from __future__ import annotations

import pytest

from govlens.checks.registry import all_checks
from govlens.recommend.rules import LEVELS, RulesError, load_rules

KNOWN = frozenset(c.id for c in all_checks())

GOOD = """
rules:
- id: r1
  level: policy
  checks: [opendata.datasets]
  aims: [transparency]
  effort: L
  effort_reason: {en: big, th: ใหญ่}
  title: {en: T, th: ท}
  text: {en: X, th: ข}
"""


def test_bundled_rules_cover_the_three_levels_in_both_languages():
    rs = load_rules(known_checks=KNOWN)
    assert {r.level for r in rs.rules} == set(LEVELS)
    for r in rs.rules:
        for field in (r.title, r.text, r.effort_reason):
            assert field.get("en") and field.get("th"), r.id
    assert set(rs.aims) == {"efficiency", "business", "transparency", "participation"}
    assert all(rs.aims[a].get("th") for a in rs.aims)


@pytest.mark.parametrize("change, field", [
    (("level: policy", "level: national"), "level"),
    (("checks: [opendata.datasets]", "checks: [opendata.dataset]"), "checks"),
    (("effort: L", "effort: XL"), "effort"),
    (("aims: [transparency]", "aims: [speed]"), "aims"),
    (("title: {en: T, th: ท}", "title: {}"), "title"),
])
def test_a_broken_rule_names_file_rule_and_field(tmp_path, change, field):
    p = tmp_path / "rules.yaml"
    p.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(RulesError) as exc:
        load_rules(p, KNOWN)
    msg = str(exc.value)
    assert str(p) in msg and "'r1'" in msg and f"{field}:" in msg


def test_duplicate_ids_and_bad_yaml(tmp_path):
    p = tmp_path / "rules.yaml"
    p.write_text(GOOD + GOOD.split("rules:\n", 1)[1], encoding="utf-8")
    with pytest.raises(RulesError, match="used twice"):
        load_rules(p, KNOWN)
    p.write_text("rules: [", encoding="utf-8")
    with pytest.raises(RulesError, match="not valid YAML"):
        load_rules(p)

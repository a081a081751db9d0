"""The fill-in template for assessors, with the automated suggestions pre-filled.

One row per site (or organisation) and indicator that needs a person: every ``manual`` and
``assisted`` indicator (``include_automated`` adds the automated ones, to allow overriding).
``suggested`` holds the automated value (1 / 0, empty when the checks could not decide) and
``suggested_from`` the checks behind it; ``answer`` is left empty for the assessor — an
untouched row imports as no answer, so a suggestion never becomes a person's answer unseen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from govlens.frameworks.manual import ManualAnswer
from govlens.frameworks.rules import CheckResults
from govlens.frameworks.schema import Framework
from govlens.frameworks.values import framework_values


def template_rows(
    framework: Framework,
    check_results: Mapping[str, CheckResults],
    organisations: Mapping[str, str] | None = None,
    include_automated: bool = False,
    manual: Iterable[ManualAnswer] = (),
) -> list[dict[str, Any]]:
    orgs = organisations or {}
    values = framework_values(framework, check_results, manual, orgs)
    kinds = {"manual", "assisted"} | ({"automated"} if include_automated else set())
    rows: list[dict[str, Any]] = []
    for site, vals in values.items():
        for ind in framework.indicators:
            if ind.answer not in kinds:
                continue
            v = vals[ind.id]
            suggested = "" if v.automated_value is None else f"{v.automated_value:g}"
            ref = v.answer_ref or {}
            rows.append({
                "framework": framework.id, "site": site, "organisation": orgs.get(site, ""),
                "indicator": ind.id, "code": ind.code, "criterion": ind.criterion,
                "answer_type": ind.answer, "name_en": ind.name.get("en", ""),
                "name_th": ind.name.get("th", ""), "question": ind.question,
                "guidance": ind.guidance, "suggested": suggested,
                "suggested_from": " ".join(v.checks),
                "checks_missing": v.note if v.automated_value is None and ind.rule else "",
                "answer": ref.get("answer", ""), "evidence_url": ref.get("evidence_url", ""),
                "assessor": ref.get("assessor", ""), "date": ref.get("date", ""),
                "note": ref.get("note", ""),
            })
    return rows

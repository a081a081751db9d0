"""The check ids a framework rule may name.

The 25 core checks of docs/checks.md, the checks being added by the checks issue (treated as
existing so that the frameworks can map to them now), the ACT-rule family ``a11y.act-<id>``,
and anything registered in :mod:`govlens.checks.registry` at run time.
"""

from __future__ import annotations

import re
from functools import lru_cache

CORE_CHECKS: tuple[str, ...] = (
    "site.reachable",
    "security.https", "security.https-redirect", "security.hsts",
    "content.search", "content.contact", "content.sitemap", "content.privacy-policy",
    "content.faq", "content.news", "content.about", "content.foreign-language",
    "content.freshness",
    "participation.social-media", "participation.feedback",
    "services.eservice-links", "services.online-forms",
    "opendata.link",
    "tech.viewport", "tech.html-lang", "tech.title", "tech.robots-txt", "tech.sitemap-xml",
    "a11y.img-alt", "a11y.form-labels",
)

PLANNED_CHECKS: tuple[str, ...] = (
    "security.headers-grade", "security.tls-certificate", "security.mixed-content",
    "security.cookies", "security.security-txt",
    "services.login", "services.maturity", "services.payment", "services.catalogue",
    "participation.e-petition", "participation.consultation", "participation.survey",
    "participation.chat", "participation.procurement", "participation.budget",
    "content.org-chart", "content.executives",
    "opendata.datasets", "opendata.metadata", "opendata.licence",
    "tech.cms", "tech.third-parties", "tech.page-weight", "tech.compression", "tech.caching",
)

ACT_PATTERN = re.compile(r"^a11y\.act-([0-9a-z]{6}|\*)$")


@lru_cache(maxsize=1)
def registered_checks() -> frozenset[str]:
    """Ids in the live registry, when the check families can be imported (else empty)."""
    try:
        from govlens.checks.registry import all_checks

        return frozenset(c.id for c in all_checks())
    except Exception:  # the families module may not exist yet in a partial tree
        return frozenset()


def known_checks() -> frozenset[str]:
    return frozenset(CORE_CHECKS) | frozenset(PLANNED_CHECKS) | registered_checks()


def is_known_check(check_id: str) -> bool:
    """True for a known id, an ACT rule id (``a11y.act-b5c3f8``) or the ``a11y.act-*`` family."""
    if ACT_PATTERN.match(check_id):
        return True
    if check_id.endswith("*"):
        prefix = check_id[:-1]
        return any(c.startswith(prefix) for c in known_checks())
    return check_id in known_checks()

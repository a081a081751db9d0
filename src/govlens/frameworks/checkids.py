"""The check ids a framework rule may name.

Only checks registered in :mod:`govlens.checks.registry` (so a framework file cannot point
at a check that does not exist), plus the ACT-rule family ``a11y.act-<id>`` / ``a11y.act-*``.
``CORE_CHECKS`` are the 25 of the core issue, which docs/checks.md defines.
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


ACT_PATTERN = re.compile(r"^a11y\.act-([0-9a-z]{6}|\*)$")


@lru_cache(maxsize=1)
def registered_checks() -> frozenset[str]:
    """Ids in the live check registry: a rule may only name a check that exists."""
    from govlens.checks.registry import all_checks

    return frozenset(c.id for c in all_checks())


def known_checks() -> frozenset[str]:
    return registered_checks()


def is_known_check(check_id: str) -> bool:
    """True for a known id, an ACT rule id (``a11y.act-b5c3f8``) or the ``a11y.act-*`` family."""
    if ACT_PATTERN.match(check_id):
        return True
    if check_id.endswith("*"):
        prefix = check_id[:-1]
        return any(c.startswith(prefix) for c in known_checks())
    return check_id in known_checks()

"""The check ids a framework rule may name.

Only checks registered in :mod:`govlens.checks.registry` (so a framework file cannot point
at a check that does not exist), plus the ACT-rule family ``a11y.act-<id>`` / ``a11y.act-*``.
``CORE_CHECKS`` (from :mod:`govlens.checks.core`) are the core set.
"""

from __future__ import annotations

import re
from functools import lru_cache

from govlens.checks.core import CORE_CHECKS  # noqa: F401  (re-exported: one list)

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

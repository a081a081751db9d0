"""The check registry: small, self-describing, pure functions of site evidence.

A check is declared with :func:`check`; the decorator records its metadata (the same idea
as Lighthouse audits and sqlfluff rules) so that ``govlens checks list``, the frameworks and
the reports all read one source of truth.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from govlens.evidence.model import SiteEvidence

Outcome = Literal["pass", "fail", "partial", "not_applicable", "error"]
OUTCOMES: tuple[str, ...] = ("pass", "fail", "partial", "not_applicable", "error")

# What a check may need. "page" checks can run on a single saved document; "site" ones need
# the crawl (robots.txt, redirects, several pages).
Need = Literal["page", "pages", "headers", "robots", "sitemap", "https", "tls", "site"]


@dataclass(frozen=True, slots=True)
class Pointer:
    """Evidence a person can open: a URL plus a selector or a text snippet."""

    url: str
    selector: str = ""
    snippet: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, str]:
        return {k: v for k, v in (("url", self.url), ("selector", self.selector),
                                  ("snippet", self.snippet), ("note", self.note)) if v}


@dataclass(frozen=True, slots=True)
class CheckResult:
    check_id: str
    outcome: Outcome
    score: float | None  # 0–1; None when not applicable or error
    evidence: tuple[Pointer, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"outcome": self.outcome, "score": self.score,
                             "evidence": [p.to_dict() for p in self.evidence]}
        if self.details:
            d["details"] = self.details
        if self.confidence != 1.0:
            d["confidence"] = round(self.confidence, 3)
        return d


CheckFn = Callable[[SiteEvidence], CheckResult]


@dataclass(frozen=True, slots=True)
class CheckInfo:
    id: str
    title: dict[str, str]  # {"en": …, "th": …}
    description: dict[str, str]
    category: str  # the family: site, security, content, participation, services, opendata, tech, a11y
    needs: tuple[str, ...]
    fn: CheckFn
    standard: str = ""  # the clause or rule it implements (e.g. "ACT 23a2a8", "LOSI #214")
    act_rule: str = ""
    languages: tuple[str, ...] = ()  # lexicon languages it matches, when text-based
    requires_home: bool = False  # judged on the home page: an unreachable site gives "error"

    @property
    def page_level(self) -> bool:
        """True when the check can run on one saved document without a crawl."""
        return set(self.needs) <= {"page", "pages", "headers"}

    def run(self, site: SiteEvidence) -> CheckResult:
        """Run the check; an exception becomes an ``error`` outcome, never a crash.

        A check that needs the home page cannot judge a site that was not reached: it says
        ``error`` (scores keep it missing), never a silent fail."""
        if self.requires_home and site.home is None:
            return unreachable(self.id, site)
        try:
            result = self.fn(site)
        except Exception as exc:  # a bug in one check must not lose the site's other results
            return CheckResult(self.id, "error", None, details={"error": f"{type(exc).__name__}: {exc}"})
        if result.check_id != self.id:
            raise ValueError(f"check {self.id} returned a result for {result.check_id}")
        return result


_REGISTRY: dict[str, CheckInfo] = {}


def check(
    id: str,
    *,
    title: dict[str, str],
    description: dict[str, str],
    needs: Iterable[str] = ("page",),
    standard: str = "",
    act_rule: str = "",
    languages: Iterable[str] = (),
    requires_home: bool = False,
) -> Callable[[CheckFn], CheckFn]:
    """Register a check; its category is the part of the id before the first dot."""

    def deco(fn: CheckFn) -> CheckFn:
        if id in _REGISTRY:
            raise ValueError(f"duplicate check id {id}")
        if set(title) < {"en", "th"} or set(description) < {"en", "th"}:
            raise ValueError(f"check {id} needs en and th title and description")
        _REGISTRY[id] = CheckInfo(
            id=id, title=dict(title), description=dict(description), category=id.split(".")[0],
            needs=tuple(needs), fn=fn, standard=standard, act_rule=act_rule,
            languages=tuple(languages), requires_home=requires_home,
        )
        return fn

    return deco


def all_checks() -> list[CheckInfo]:
    """Every registered check, in id order (importing the families registers them)."""
    import govlens.checks.families  # noqa: F401  (registration side effect)

    return [_REGISTRY[k] for k in sorted(_REGISTRY)]


def get_check(check_id: str) -> CheckInfo:
    all_checks()
    return _REGISTRY[check_id]


def run_checks(site: SiteEvidence, checks: Iterable[CheckInfo] | None = None) -> dict[str, CheckResult]:
    return {c.id: c.run(site) for c in (checks if checks is not None else all_checks())}


# Small constructors keep the check bodies short and uniform.
def passed(cid: str, *evidence: Pointer, score: float = 1.0, **details: Any) -> CheckResult:
    return CheckResult(cid, "pass", score, tuple(evidence), details)


def failed(cid: str, *evidence: Pointer, score: float = 0.0, **details: Any) -> CheckResult:
    return CheckResult(cid, "fail", score, tuple(evidence), details)


def partial(cid: str, score: float, *evidence: Pointer, **details: Any) -> CheckResult:
    return CheckResult(cid, "partial", score, tuple(evidence), details)


def unreachable(cid: str, site: SiteEvidence) -> CheckResult:
    """The site was not reached, so the check could not judge it: ``error``, kept missing."""
    return CheckResult(cid, "error", None, (), {"reason": f"site-unreachable: {site.status}"})


def not_applicable(cid: str, reason: str) -> CheckResult:
    return CheckResult(cid, "not_applicable", None, (), {"reason": reason})

"""The check registry: one shape for every check, in the spirit of Lighthouse's audits.

A check is metadata declared once — id, titles in English and Thai (what passing and what
failing look like), why it matters, the evidence it needs, its options with their defaults
(:mod:`govlens.checks.options`) and the references it implements — plus a pure function that
receives only the evidence it declares (a :class:`~govlens.checks.view.SiteView`) and
returns a :class:`Verdict` without naming its own id::

    @check("content.faq", title={"en": "FAQ", "th": "คำถามที่พบบ่อย"}, ...)
    def faq(ev: SiteView) -> Verdict:
        ...
        return passed(hit.pointer(), matched=hit.name)

The registry stamps the id, narrows the evidence, applies the unreachable-site rule
(:data:`UNREACHABLE_RULE`: a site that was not reached is judged by the checks that need no
answer from it — ``requires_home=False`` — and, when the certificate is what failed, by the
certificate checks; every other check says ``error``, which scoring keeps missing) and turns
an exception into an ``error`` outcome, so a bug in one check never loses a site's results.
Which frameworks use a check is read from the framework files, not declared here.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from govlens.checks.core import CORE_CHECKS
from govlens.checks.options import DEFAULTS, Option, resolve
from govlens.checks.view import Derived, SiteView
from govlens.evidence.model import SiteEvidence

Outcome = Literal["pass", "fail", "partial", "not_applicable", "error", "info"]
# ``info``: an inventory (what CMS, which third parties) that judges nothing and is never scored.
OUTCOMES: tuple[str, ...] = ("pass", "fail", "partial", "not_applicable", "error", "info")

# What a check may need (SiteView enforces it). "page" checks can run on one saved document;
# the others need the crawl.
NEEDS: dict[str, str] = {
    "page": "the home page only (its markup, links, forms, images, text)",
    "pages": "every crawled page, and the pages the crawl could not get",
    "headers": "the home page's response headers",
    "robots": "/robots.txt as fetched",
    "sitemap": "the XML sitemap as fetched",
    "https": "the HTTPS probe: whether https answers, the http→https redirect, HTTPS headers",
    "tls": "the TLS certificate",
    "cookies": "the cookies the home page set",
    "markup": "the HTML validator's messages for the home page",
    "render": "the browser's renderings: rendered DOM, axe-core results, page metrics, phone viewport, screenshots",
    "site": "everything the crawl learnt (redirect chain, other resources, decisions)",
}
PAGE_NEEDS = frozenset({"page", "pages", "headers"})
KINDS = ("judgement", "inventory")

UNREACHABLE_RULE = (
    "A site that was not reached (any status but `ok`) is judged only on what is known without "
    "reaching it and on what its failure shows: `site.reachable` fails, `site.government-domain` "
    "judges the catalog URL's host, and when the failure is the certificate itself (a `tls-*` "
    "status) `security.https` and `security.tls-certificate` fail too. Every other check says "
    "`error` with `details.reason = \"site-unreachable: <status>\"`, and scoring keeps it missing, "
    "never zero — an HTTP 5xx home page or a non-HTML answer is not evidence about HTTPS, HSTS or "
    "content. A site with too little judged to cover a framework is not ranked (docs/scoring.md).")


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
class Verdict:
    """What a check function returns: an outcome with its evidence, not yet tied to an id."""

    outcome: Outcome
    score: float | None  # 0–1; None when not applicable, error or info
    evidence: tuple[Pointer, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class CheckResult:
    """A verdict stamped with its check's id: what is stored, exported and scored."""

    check_id: str
    outcome: Outcome
    score: float | None
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


CheckFn = Callable[..., Verdict]


@dataclass(frozen=True, slots=True)
class CheckInfo:
    id: str
    title: dict[str, str]  # what passing looks like: {"en": …, "th": …}
    failure_title: dict[str, str]  # what failing looks like
    description: dict[str, str]  # the rule: what passes, what is partial, what fails
    why: dict[str, str]  # why it matters to the people the site serves
    category: str  # the family: the part of the id before the first dot
    needs: tuple[str, ...]
    fn: CheckFn
    kind: str = "judgement"  # judgement | inventory (outcome info, never scored)
    references: tuple[str, ...] = ()  # what it implements: WCAG SC, ACT rule, RFC, standard clause
    act_rule: str = ""
    languages: tuple[str, ...] = ()  # lexicon languages it matches, when text-based
    requires_home: bool = True  # judged on the home page: an unreachable site gives "error"
    # unreachable sites whose status starts with one of these are still judged: their failure
    # is the evidence (the certificate checks on a tls-* failure); see UNREACHABLE_RULE
    judges_unreachable: tuple[str, ...] = ()
    options: Mapping[str, Option] = field(default_factory=dict)

    @property
    def core(self) -> bool:
        """In the core set (:data:`govlens.checks.core.CORE_CHECKS`)."""
        return self.id in CORE_CHECKS

    @property
    def page_level(self) -> bool:
        """True when the check can run on one saved document without a crawl."""
        return set(self.needs) <= PAGE_NEEDS

    def run(self, site: SiteEvidence, options: Mapping[str, Any] | None = None,
            view: SiteView | None = None) -> CheckResult:
        """Run the check on ``site``; never raises (an exception is an ``error`` outcome)."""
        if self.requires_home and site.home is None and not (
                self.judges_unreachable and site.status.startswith(self.judges_unreachable)):
            return unreachable(self.id, site)
        ev = view.narrow(self.needs) if view is not None else SiteView(site, self.needs)
        opts = resolve(self.id, options) if self.options else None  # a bad option is the caller's error
        try:
            verdict = self.fn(ev, opts) if self.options else self.fn(ev)
        except Exception as exc:  # a bug in one check must not lose the site's other results
            return CheckResult(self.id, "error", None, details={"error": f"{type(exc).__name__}: {exc}"})
        if not isinstance(verdict, Verdict):
            raise TypeError(f"check {self.id} returned {type(verdict).__name__}, not a Verdict")
        if self.kind == "inventory" and verdict.outcome not in ("info", "not_applicable", "error"):
            raise ValueError(f"inventory check {self.id} judged ({verdict.outcome}); it may only say info")
        return CheckResult(self.id, verdict.outcome, verdict.score, verdict.evidence, verdict.details,
                           verdict.confidence)


_REGISTRY: dict[str, CheckInfo] = {}


def _both(what: str, cid: str, d: Mapping[str, str] | None) -> dict[str, str]:
    if not d or not d.get("en") or not d.get("th"):
        raise ValueError(f"check {cid} needs an English and a Thai {what}")
    return dict(d)


def check(
    id: str,
    *,
    title: dict[str, str],
    failure_title: dict[str, str],
    description: dict[str, str],
    why: dict[str, str],
    needs: Iterable[str] = ("page",),
    kind: str = "judgement",
    references: Iterable[str] = (),
    act_rule: str = "",
    languages: Iterable[str] = (),
    requires_home: bool = True,
    judges_unreachable: Iterable[str] = (),
) -> Callable[[CheckFn], CheckFn]:
    """Register a check. Its options are those :data:`govlens.checks.options.DEFAULTS` lists
    under its id; a check with options takes them as a second argument."""

    def deco(fn: CheckFn) -> CheckFn:
        if id in _REGISTRY:
            raise ValueError(f"duplicate check id {id}")
        bad = set(needs) - set(NEEDS)
        if bad:
            raise ValueError(f"check {id}: unknown needs {sorted(bad)}")
        if kind not in KINDS:
            raise ValueError(f"check {id}: kind must be one of {KINDS}")
        opts = DEFAULTS.get(id, {})
        arity = len(inspect.signature(fn).parameters)
        if arity != (2 if opts else 1):
            raise ValueError(f"check {id}: takes (evidence{', options' if opts else ''}), "
                             f"has {arity} parameter(s)")
        _REGISTRY[id] = CheckInfo(
            id=id, title=_both("title", id, title), failure_title=_both("failure title", id, failure_title),
            description=_both("description", id, description), why=_both("why", id, why),
            category=id.split(".")[0], needs=tuple(needs), fn=fn, kind=kind,
            references=tuple(references), act_rule=act_rule, languages=tuple(languages),
            requires_home=requires_home, judges_unreachable=tuple(judges_unreachable), options=opts,
        )
        return fn

    return deco


def all_checks() -> list[CheckInfo]:
    """Every registered check, in id order (importing the families registers them)."""
    import govlens.checks.families  # noqa: F401  (registration side effect)

    unknown = set(DEFAULTS) - set(_REGISTRY)
    if unknown:
        raise ValueError(f"checks/options.py has options for unknown checks: {sorted(unknown)}")
    return [_REGISTRY[k] for k in sorted(_REGISTRY)]


def get_check(check_id: str) -> CheckInfo:
    all_checks()
    return _REGISTRY[check_id]


def run_checks(site: SiteEvidence, checks: Iterable[CheckInfo] | None = None,
               options: Mapping[str, Mapping[str, Any]] | None = None,
               derived: Derived | None = None) -> dict[str, CheckResult]:
    """Run ``checks`` (default: all) on one site. Derived evidence (parse trees, shared
    analyses) is computed once for the site and shared by every check of this call (and by
    the caller, when it passes the site's ``derived``)."""
    view = SiteView(site, tuple(NEEDS), derived)
    todo = checks if checks is not None else all_checks()
    return {c.id: c.run(site, (options or {}).get(c.id), view) for c in todo}


# Small constructors keep the check bodies short and uniform.
def passed(*evidence: Pointer, score: float = 1.0, confidence: float = 1.0, **details: Any) -> Verdict:
    return Verdict("pass", score, evidence, details, confidence)


def failed(*evidence: Pointer, score: float = 0.0, confidence: float = 1.0, **details: Any) -> Verdict:
    return Verdict("fail", score, evidence, details, confidence)


def partial(score: float, *evidence: Pointer, confidence: float = 1.0, **details: Any) -> Verdict:
    return Verdict("partial", score, evidence, details, confidence)


def info(*evidence: Pointer, confidence: float = 1.0, **details: Any) -> Verdict:
    """An inventory finding: reported with its evidence, never scored."""
    return Verdict("info", None, evidence, details, confidence)


def not_applicable(reason: str, **details: Any) -> Verdict:
    return Verdict("not_applicable", None, (), {"reason": reason, **details})


def cannot_judge(reason: str, **details: Any) -> Verdict:
    """The evidence does not allow a judgement (e.g. the site was not reached): ``error``."""
    return Verdict("error", None, (), {"reason": reason, **details})


def unreachable_reason(site: SiteEvidence | SiteView) -> str:
    return f"site-unreachable: {site.status}"


def unreachable(cid: str, site: SiteEvidence) -> CheckResult:
    """The site was not reached, so the check could not judge it: ``error``, kept missing."""
    return CheckResult(cid, "error", None, (), {"reason": unreachable_reason(site)})

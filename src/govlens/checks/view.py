"""What a check sees: the site's evidence narrowed to what it declared, plus derived evidence.

:class:`SiteView` lets a check read only the evidence its ``needs`` name (a check that
declares ``page`` sees the home page and nothing else), so ``govlens checks page`` can run
exactly the checks one saved document can decide, and a reader knows from the metadata what
a check looks at.

:class:`Derived` holds what is computed from the evidence once per site and shared by every
check of one ``run_checks`` call, like Lighthouse's computed artifacts: parse trees (through
the parser's nesting guard), and analyses several checks share (logins feed both
``services.login`` and ``services.maturity``). It lives as long as one site's evaluation,
belongs to no module and no thread, so worker threads cannot see each other's sites.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from selectolax.lexbor import LexborHTMLParser

from govlens.evidence.model import Page, SiteEvidence
from govlens.evidence.parse import page_tree

T = TypeVar("T")

ALWAYS = frozenset({"site_url", "final_url", "status", "reason", "captured", "ok"})
BY_NEED: dict[str, frozenset[str]] = {
    "page": frozenset({"home", "pages"}),
    "pages": frozenset({"home", "pages", "failed"}),
    "headers": frozenset({"home", "pages"}),
    "robots": frozenset({"robots"}),
    "sitemap": frozenset({"sitemap"}),
    "https": frozenset({"https", "http_to_https", "http_probe", "https_headers"}),
    "tls": frozenset({"tls"}),
    "cookies": frozenset({"cookies"}),
    "markup": frozenset({"markup"}),
    "render": frozenset({"renders", "render_note", "served_home", "served_pages", "static_pages"}),
}
SITE_FIELDS = frozenset(SiteEvidence.__dataclass_fields__) | {"home", "ok", "served_home", "served_pages"}
_ALLOWED: dict[tuple[str, ...], tuple[frozenset[str], bool]] = {}  # by needs: what a view may read


class EvidenceNotDeclared(AttributeError):
    """A check read evidence its ``needs`` do not name: fix the metadata, not the check."""


class Derived:
    """Derived evidence of one site, computed on first use."""

    __slots__ = ("_memo", "_trees")

    def __init__(self) -> None:
        self._memo: dict[Any, Any] = {}
        self._trees: dict[int, tuple[Page, LexborHTMLParser]] = {}

    def tree(self, page: Page) -> LexborHTMLParser:
        """The page's parse tree, parsed once, through the parser's nesting guard."""
        got = self._trees.get(id(page))
        if got is None or got[0] is not page:
            got = (page, page_tree(page.html or ""))  # the evidence parser's tree when still kept
            self._trees[id(page)] = got
        return got[1]

    def per_page(self, name: str, page: Page, make: Callable[[], T]) -> T:
        """``make()`` for ``page``, computed once (keyed by the page object, kept alive with it)."""
        key = (name, id(page))
        got = self._memo.get(key)
        if got is None or got[0] is not page:
            got = (page, make())
            self._memo[key] = got
        return got[1]

    def memo(self, key: Any, make: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]


class SiteView:
    """A site's evidence as one check may read it."""

    __slots__ = ("_site", "_allowed", "_home_only", "derived")

    def __init__(self, site: SiteEvidence, needs: Iterable[str], derived: Derived | None = None) -> None:
        needs = tuple(needs)
        self._site = site
        got = _ALLOWED.get(needs)
        if got is None:
            if "site" in needs:
                allowed = SITE_FIELDS
            else:
                allowed = ALWAYS.union(*(BY_NEED[n] for n in needs if n in BY_NEED))
            got = _ALLOWED[needs] = (allowed, "pages" not in needs and "site" not in needs)
        self._allowed, self._home_only = got
        self.derived = derived if derived is not None else Derived()

    def narrow(self, needs: Iterable[str]) -> SiteView:
        """The same site and derived evidence, seen through other needs."""
        return SiteView(self._site, needs, self.derived)

    @property
    def scope(self) -> str:
        return "home" if self._home_only else "site"

    @property
    def pages(self) -> tuple[Page, ...]:
        if "pages" not in self._allowed:
            raise EvidenceNotDeclared("pages: declare needs=('page',) or ('pages',)")
        pages = self._site.pages
        return pages[:1] if self._home_only else pages

    def tree(self, page: Page) -> LexborHTMLParser:
        return self.derived.tree(page)

    def __getattr__(self, name: str) -> Any:
        if name in self._allowed:
            return getattr(self._site, name)
        if name in SITE_FIELDS:
            raise EvidenceNotDeclared(f"{name}: the check's needs do not include it")
        raise AttributeError(name)


def computed(fn: Callable[..., T]) -> Callable[..., T]:
    """Make ``fn(view, *args)`` a derived analysis: computed once per site (per page when a
    page is an argument) and shared by every check that asks for it."""

    @wraps(fn)
    def inner(ev: SiteView, *args: Any) -> T:
        # (asked some 60 times per page: the key is built without a generator, the memo read
        # without a closure)
        scope = "home" if ev._home_only else "site"  # ev.scope, without the property call
        if not args:
            key: tuple[Any, ...] = (fn, scope)
        elif len(args) == 1:
            a = args[0]
            key = (fn, scope, id(a) if isinstance(a, Page) else a)
        else:
            key = (fn, scope, *[id(a) if isinstance(a, Page) else a for a in args])
        memo = ev.derived._memo
        if key not in memo:
            memo[key] = fn(ev, *args)
        return memo[key]

    return inner


def page_view(page: Page, *, captured: str = "") -> SiteView:
    """A one-page view (a saved document), for helpers and tests that judge a single page."""
    site = SiteEvidence(site_url=page.final_url, final_url=page.final_url, status="ok", reason="",
                        redirects=(), pages=(page,), captured=captured)
    return SiteView(site, ("pages",))

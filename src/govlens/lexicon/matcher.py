"""Lexicon matching: concept words per language, loaded from data files.

Latin-script terms match as whole words; terms in scripts written without spaces (Thai, Lao,
Khmer, Burmese, Chinese, Japanese) match as substrings of the normalised label — a Thai menu
item "ติดต่อเรา" is often glued to neighbouring words. Korean is written with spaces, but its
nouns compound and its particles attach (민원신청, 계약정보공개, 조직도를), so Hangul terms
match as substrings too. Adding a language is adding a YAML file, not code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

# the regular-expression parser (Python >= 3.11), to read which characters a pattern starts with
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

_SPACES = re.compile(r"\s+")
# libyaml when installed: the same safe schema, ten times faster at every start
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# characters of scripts written without spaces between words (Thai, Lao, Burmese, Khmer, Japanese,
# Chinese, Korean): terms in them are matched as substrings, not as whole words
NO_SPACE_SCRIPTS = re.compile(r"[\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
_NO_SPACE_SCRIPTS = NO_SPACE_SCRIPTS  # the former private name, kept for existing callers
_URL_SPLIT = re.compile(r"[/\-_.?=&+,;: ]+")
_URL_SEGMENTS = re.compile(r"[/?=&\s]+")


_CATEGORIES = {_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_NOT_DIGIT: r"\D", _sre.CATEGORY_SPACE: r"\s",
               _sre.CATEGORY_NOT_SPACE: r"\S", _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_NOT_WORD: r"\W"}
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)


def _first_set(items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]] | None:
    """Set items (as the parser writes them) holding every character a match of ``items`` can
    start with, or None when that is not known here (a match that may be empty, a negated
    set, any character, a group with its own flags …)."""
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # \b, ^, lookarounds: the character after them starts the match
        if op is _sre.LITERAL:
            return [(op, av)]
        if op is _sre.IN:
            return None if any(o is _sre.NEGATE for o, _ in av) else list(av)
        if op is _sre.SUBPATTERN:
            _group, add, remove, sub = av
            return None if add or remove else _first_set(list(sub))
        if op is _sre.BRANCH:
            out: list[tuple[Any, Any]] = []
            for alt in av[1]:
                got = _first_set(list(alt))
                if got is None:
                    return None
                out += got
            return out
        if op in _REPEATS:
            low, _high, sub = av
            return _first_set(list(sub)) if low >= 1 else None
        return None
    return None  # the pattern may match the empty string


def _set_source(items: list[tuple[Any, Any]]) -> str | None:
    out = []
    for op, av in items:
        if op is _sre.LITERAL:
            out.append(f"\\U{av:08x}")
        elif op is _sre.RANGE:
            out.append(f"\\U{av[0]:08x}-\\U{av[1]:08x}")
        elif op is _sre.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:
            return None
    return "".join(out)


def screened(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, with a lookahead for the characters a match can start
    with in front when the pattern starts with what re cannot skip ahead to (a word boundary,
    alternatives led by one): at most places one test fails instead of every alternative
    being tried. The same matches (a lookahead consumes nothing and holds wherever a match
    starts), same groups; as written when the first characters are not known (:func:`_first_set`)."""
    plain = re.compile(pattern, flags)
    try:
        items = list(_sre_parse.parse(pattern, flags))
    except re.error:
        return plain
    op, av = items[0] if items else (None, None)
    if op in (_sre.LITERAL, _sre.IN) or (op is _sre.AT and av in (_sre.AT_BEGINNING, _sre.AT_BEGINNING_STRING)) or (
            op is _sre.BRANCH and not flags & re.IGNORECASE and all(alt and alt[0][0] is _sre.LITERAL for alt in av[1])):
        return plain  # re finds where such a pattern can start by itself, faster than any lookahead
    first = _first_set(items)
    source = _set_source(first) if first else None
    if not source:
        return plain
    try:
        got = re.compile(f"(?=[{source}])(?:{pattern})", flags)
    except re.error:  # e.g. global inline flags, which must open the pattern
        return plain
    return got if got.groups == plain.groups and got.groupindex == plain.groupindex else plain


def _required(items: list[tuple[Any, Any]]) -> set[str] | None:
    """Strings one of which every match of the parsed sequence ``items`` holds, or None."""
    run: list[str] = []
    best = ""
    for op, av in items:
        if op is _sre.LITERAL:
            run.append(chr(av))
            if len(run) > len(best):
                best = "".join(run)
        else:
            run = []
    if len(best) >= 2:
        return {best}
    for op, av in items:
        got: set[str] | None = None
        if op is _sre.SUBPATTERN and not av[1] and not av[2]:
            got = _required(list(av[3]))
        elif op is _sre.BRANCH:
            alts = [_required(list(alt)) for alt in av[1]]
            got = set().union(*alts) if alts and all(alts) else None  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            got = _required(list(av[2]))
        if got:
            return got
    return {best} if best else None


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` holds as written (a text holding none
    of them cannot match), or None when that is not known here (case-insensitive or verbose
    patterns, an alternative without a literal run)."""
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE | re.LOCALE):
        return None
    got = _required(list(parsed))
    return frozenset(got) if got else None


def _norm(text: str) -> str:
    t = unicodedata.normalize("NFC", text)
    # every character \s matches but the plain space is a separator or a control, which
    # isprintable() refuses: a printable text without a double space has nothing to collapse
    # (page texts come collapsed from the parser), so the substitution is skipped
    if not t.isprintable() or "  " in t:
        t = _SPACES.sub(" ", t)
    if "İ" in t:  # Turkish dotted capital I: lower() would make it "i" plus a combining dot
        t = t.replace("İ", "i")
    return t.strip().lower()


_norm_cached = lru_cache(maxsize=8192)(_norm)
_LONG_SIZE = 16
_long: dict[int, tuple[str, str]] = {}  # id → (text, normalised): the last few long texts


def normalise(text: str) -> str:
    """NFC, lower case, whitespace collapsed: the form every label is matched in.

    Short labels are cached (menus repeat on every page of a site); of whole page texts only
    the last few are kept, by identity (several checks normalise the same page's text) — a
    cache of them all would keep thousands of dead pages alive over a long run."""
    if len(text) <= 512:
        return _norm_cached(text)
    got = _long.get(id(text))
    if got is not None and got[0] is text:
        return got[1]
    out = _norm(text)
    if len(_long) >= _LONG_SIZE:
        _long.clear()
    _long[id(text)] = (text, out)
    return out


@lru_cache(maxsize=8192)
def url_words(url: str) -> tuple[str, ...]:
    """Words of a URL's path and query: ``/th/contact-us.php`` → th, contact, us, php, contact-us."""
    parts = urlsplit(url)
    path = unquote(parts.path + " " + parts.query).lower()
    words = [w for w in _URL_SPLIT.split(path) if w]
    # keep hyphenated segments too ("contact-us"), as lexicons list them
    segs = [s.rsplit(".", 1)[0] for s in _URL_SEGMENTS.split(path) if s]
    have = set(words)  # the words alone, as before: a segment that occurs twice is kept twice
    return tuple(words + [s for s in segs if s not in have])


def prefix_tree(words: Iterable[str]) -> str:
    """A pattern of ``words`` factored by common prefixes: at a position it matches the
    longest of them that starts there (the text picks one branch at every character, and a
    word that ends inside another is an optional tail, tried longest first)."""
    root: dict[str, dict] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


_UNSEEN = object()  # a text not in a memo (None is an answer)
_MEMO_TEXT = 256  # longer texts (whole pages, long headings) are not memoised
_MEMO_SIZE = 16384  # entries per concept (short strings): a batch of pages holds thousands of
# distinct labels and headings, and a smaller memo was cleared over and over


@dataclass(frozen=True)
class Concept:
    name: str
    word_re: re.Pattern[str] | None  # latin terms, whole-word
    substrings: tuple[str, ...]  # Thai and other unspaced-script terms
    url: frozenset[str]
    exclude: re.Pattern[str] | None = None  # phrases that only look like the concept
    latin: tuple[str, ...] = ()  # the terms of word_re, as written into it (screens read them)
    # memo of match_text / only_excluded for short texts (labels repeat across pages and sites):
    # a pure function of the text, bounded (cleared when full), so no outcome depends on it
    # (two dicts keyed by the text itself, read with ``get``: most lookups miss, and a miss
    # that raises KeyError, or a tuple key built per call, costs more than the lookup)
    _memo: dict[str, str | None] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)
    _excluded_memo: dict[str, bool] = field(default_factory=dict, init=False, repr=False, compare=False,
                                            hash=False)
    # every unspaced-script term in one prefix-tree pattern: a text in which it finds none holds
    # none of them, told in one search instead of an ``in`` pass per term (None: no screen)
    _subs_screen: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.substrings and "" not in self.substrings:
            object.__setattr__(self, "_subs_screen", re.compile(prefix_tree(self.substrings)))

    def without_exclusions(self, text: str) -> str:
        """``text`` normalised, with the phrases that only look like the concept blanked out."""
        t = normalise(text)
        return self.exclude.sub(" ", t) if self.exclude is not None else t

    def match_text(self, text: str) -> str | None:
        """The matched term in ``text`` (exclusions blanked out first), or None."""
        if not text:
            return None
        if len(text) > _MEMO_TEXT:
            return self._match(self.without_exclusions(text))
        memo = self._memo
        got = memo.get(text, _UNSEEN)
        if got is not _UNSEEN:
            return got  # type: ignore[return-value]
        got = self._match(self.without_exclusions(text))
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        memo[text] = got
        return got

    def only_excluded(self, text: str) -> bool:
        """``text`` names the concept, but only inside an excluded phrase ("ปีงบประมาณ" for
        budget): such a label is not about the concept, whatever its URL says."""
        if self.exclude is None or not text:
            return False
        if len(text) > _MEMO_TEXT:
            return bool(self._match(normalise(text)) and self.match_text(text) is None)
        memo = self._excluded_memo
        got = memo.get(text)
        if got is not None:
            return got
        got = bool(self._match(normalise(text)) and self.match_text(text) is None)
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        memo[text] = got
        return got

    def _match(self, t: str) -> str | None:
        # every unspaced-script term holds a character of those scripts: without one, none is in t
        if self.substrings and NO_SPACE_SCRIPTS.search(t) is not None and (
                self._subs_screen is None or self._subs_screen.search(t) is not None):
            for s in self.substrings:  # the first term in their order, wherever it occurs
                if s in t:
                    return s
        if self.word_re is not None:
            m = self.word_re.search(t)
            if m:
                return m.group(0)
        return None

    def match_url(self, url: str) -> str | None:
        for w in url_words(url):
            if w in self.url:
                return w
        return None


@dataclass(frozen=True)
class Lexicon:
    languages: tuple[str, ...]
    concepts: dict[str, Concept]
    data: dict  # the tables: hosts, URL patterns, fingerprints (keys unique across files)

    def concept(self, name: str) -> Concept:
        return self.concepts[name]


def _data_dir() -> Path:
    return Path(str(resources.files("govlens.lexicon") / "data"))


def _longest_first(term: str) -> tuple[int, str]:
    return (-len(term), term)


# Languages whose sites often drop the accents (capitalised menus: "SERVICIOS EN LINEA",
# "TRAMITES"): their terms match without accents too. Not Vietnamese, where the marks
# tell words apart.
_UNACCENTED_TOO = frozenset(("es", "pt", "fr", "it", "ca", "de", "nl", "fi", "pl", "tr", "ro", "cs", "el"))


def _unaccented(term: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", term)
                   if not unicodedata.combining(ch)).replace("ł", "l")


def _whole_words(terms: list[str]) -> re.Pattern[str]:
    r"""``(?<!\w)(?:t1|t2|…)(?!\w)`` of ``terms`` (longest first), written as one branch per first
    character — each term's rest in the same order — so that re skips in C to a character a
    term starts with, and tries there only the terms that start with it: the same term wins.
    The boundary before a term is asked after its first character (``(?<!\w(?s:.))``: no
    word character before that one)."""
    if "" in terms:  # an empty term matches between words: as written
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")(?!\w)")
    by_first: dict[str, list[str]] = {}
    for t in terms:
        by_first.setdefault(t[0], []).append(t[1:])
    branches = [re.escape(ch) + r"(?<!\w(?s:.))(?:" + "|".join(map(re.escape, rests)) + ")"
                for ch, rests in sorted(by_first.items())]
    return re.compile("(?:" + "|".join(branches) + r")(?!\w)")


@cache
def load_lexicon(extra_dir: str | None = None) -> Lexicon:
    """Merge every language file (and those in ``extra_dir``) into one concept table."""
    files = sorted(_data_dir().glob("*.yaml"))
    if extra_dir:
        files += sorted(Path(extra_dir).glob("*.yaml"))
    terms: dict[str, set[str]] = {}
    urls: dict[str, set[str]] = {}
    excludes: dict[str, set[str]] = {}
    langs: list[str] = []
    data: dict = {}
    for f in files:
        doc = yaml.load(f.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}  # noqa: S506 - safe loader
        if "concepts" not in doc:
            for k, v in doc.items():
                if k in data:
                    raise ValueError(f"{f.name}: table {k!r} is already defined in another lexicon file")
                data[k] = v
            continue
        if doc["language"] not in langs:
            langs.append(doc["language"])
        for name, c in doc["concepts"].items():
            got = {normalise(str(t)) for t in c.get("terms", [])}
            if doc["language"] in _UNACCENTED_TOO:
                got |= {_unaccented(t) for t in got}
            terms.setdefault(name, set()).update(got)
            urls.setdefault(name, set()).update(str(u).lower() for u in c.get("url", []))
            excludes.setdefault(name, set()).update(str(x) for x in c.get("exclude", []))
    concepts = {}
    for name in terms:
        # longest first, then alphabetical: the same term wins on every run (a set's order
        # depends on the process's hash seed)
        latin = sorted((t for t in terms[name] if not NO_SPACE_SCRIPTS.search(t)), key=_longest_first)
        subs = tuple(sorted((t for t in terms[name] if NO_SPACE_SCRIPTS.search(t)), key=_longest_first))
        word_re = _whole_words(latin) if latin else None
        ex = sorted(excludes.get(name, ()), key=_longest_first)
        concepts[name] = Concept(name, word_re, subs, frozenset(urls.get(name, ())),
                                 re.compile("|".join(f"(?:{x})" for x in ex)) if ex else None, tuple(latin))
    return Lexicon(tuple(langs), concepts, data)

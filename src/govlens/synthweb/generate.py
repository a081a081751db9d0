"""A seeded synthetic government web: fictional sites with ground-truth labels.

``generate(n, seed, today)`` decides, for every site, what it shows (a :class:`SitePlan`)
and what each check in ``docs/checks.md`` must say about it (``SynthSite.labels``). Nothing
is rendered here: page bodies are produced on demand by :mod:`govlens.synthweb.render`
(``SynthSite.files`` / ``SynthSite.resource``), so generating thousands of sites is cheap.

Features are dealt, not drawn: for each feature a shuffled deck with exact proportions is
dealt over the reachable sites, so every check has both passing and failing sites for any
seed once ``n`` is large enough (≥ 30).
"""

from __future__ import annotations

import datetime as _dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from govlens.checks.core import CORE_CHECKS

GENERATOR_META = "govlens-synthweb (fictional)"

CHECK_IDS: tuple[str, ...] = CORE_CHECKS  # the ground truth covers the core set

# feature name (plan) → check id
FEATURE_CHECKS: dict[str, str] = {
    "contact": "content.contact",
    "sitemap": "content.sitemap",
    "privacy": "content.privacy-policy",
    "faq": "content.faq",
    "news": "content.news",
    "about": "content.about",
    "search": "content.search",
    "foreign": "content.foreign-language",
    "social": "participation.social-media",
    "feedback": "participation.feedback",
    "eservice": "services.eservice-links",
    "forms": "services.online-forms",
    "opendata": "opendata.link",
}
FEATURES: tuple[str, ...] = tuple(FEATURE_CHECKS)

# Share of reachable sites with each feature: (present, present-but-target-answers-404).
_FEATURE_ODDS: dict[str, tuple[float, float]] = {
    "contact": (0.55, 0.06),
    "sitemap": (0.42, 0.05),
    "privacy": (0.48, 0.05),
    "faq": (0.45, 0.05),
    "news": (0.58, 0.0),
    "about": (0.55, 0.05),
    "search": (0.55, 0.0),
    "foreign": (0.50, 0.0),
    "social": (0.55, 0.0),
    "feedback": (0.50, 0.0),
    "eservice": (0.45, 0.0),
    "forms": (0.45, 0.0),
    "opendata": (0.40, 0.0),
}

# Hostile behaviours in priority order (small n gets the first ones) → expected status.
HOSTILE_KINDS: dict[str, str] = {
    "home-404": "http-4xx",
    "redirect-loop": "too-many-redirects",
    "slow-headers": "timeout-read",
    "oversized": "too-large",
    "not-html": "not-html",
    "robots-disallowed": "robots-disallowed",
    "dns": "dns",
    "connect": "connect",
    "tls-hostname": "tls-hostname",
    "tls-untrusted": "tls-untrusted",
    "tls-expired": "tls-expired",
    "slow-body": "timeout-total",
    "home-500": "http-5xx",
}

# Security set-ups of reachable sites.
#   redirect     https ok, http:// redirects to https://
#   https-only   https ok, port 80 closed (catalog lists https)
#   both         https ok, http serves the same content without redirecting
#   http-only    port 443 closed
#   http-badcert http serves content; https answers with a certificate for another name
SECURITY_MODES: dict[str, float] = {
    "redirect": 0.45, "https-only": 0.08, "both": 0.15, "http-only": 0.22, "http-badcert": 0.10,
}
HSTS_PASS = 15768000


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name_en: str
    name_th: str
    suffix: str  # DNS suffix of its sites (always under the reserved .test TLD)
    languages: tuple[str, ...]  # the site language first, then switch targets
    #: where its sites sit, from 0 (poorest) to 1 (richest), when a world of 30 or more
    #: sites deals the same feature cards out by maturity (see ``_by_maturity``)
    maturity: float = 0.5


COUNTRIES: dict[str, Country] = {
    "THA": Country("THA", "Thailand (fictional)", "ประเทศไทย (สมมุติ)", "fictional.go.th.test",
                   ("th", "en"), 0.45),
    "SGP": Country("SGP", "Singapore (fictional)", "สิงคโปร์ (สมมุติ)", "fictional.gov.sg.test",
                   ("en", "zh", "ms"), 0.85),
    "DNK": Country("DNK", "Denmark (fictional)", "เดนมาร์ก (สมมุติ)", "fictional.dk.test",
                   ("en", "da"), 0.9),
    "KOR": Country("KOR", "Republic of Korea (fictional)", "สาธารณรัฐเกาหลี (สมมุติ)",
                   "fictional.go.kr.test", ("en", "ko"), 0.75),
    "MYS": Country("MYS", "Malaysia (fictional)", "มาเลเซีย (สมมุติ)", "fictional.gov.my.test",
                   ("en", "ms"), 0.55),
    "VNM": Country("VNM", "Viet Nam (fictional)", "เวียดนาม (สมมุติ)", "fictional.gov.vn.test",
                   ("en", "vi"), 0.3),
}
#: Small worlds (under 30 sites) have two peers, dealt like Thailand; larger ones have five
#: peers of graded maturity, so that a benchmark has leaders and laggards to compare with.
SMALL_PEERS: tuple[str, ...] = ("SGP", "DNK")
GRADED_PEERS: tuple[str, ...] = ("SGP", "DNK", "KOR", "MYS", "VNM")
GRADED_FROM = 30
# Thai ministries and the national portal live under this suffix (moph-001.fictional-gov.test).
THAI_CENTRAL_SUFFIX = "fictional-gov.test"
HOST_SUFFIXES: tuple[str, ...] = (THAI_CENTRAL_SUFFIX, *(c.suffix for c in COUNTRIES.values()))


@dataclass(frozen=True, slots=True)
class Org:
    id: str
    kind: str  # national-portal | ministry | department | province | local | other
    sector: str
    name_en: str
    name_th: str
    country: str
    parent: str | None = None
    abbr: str = ""


@dataclass(frozen=True, slots=True)
class Feature:
    """How one feature shows on a site (decided at generation; texts chosen at render time)."""

    present: bool
    broken: bool = False  # the link exists but its target answers 404 (check → partial)
    variant: str = ""  # search: form-type|form-q|form-placeholder|form-aria|link;
    # feedback: link|form; forms: where the service form is (home-feedback|contact-page|
    # eservice-page|feedback-page|projects-page); opendata: text|portal|dataset-path|file


@dataclass(frozen=True, slots=True)
class SitePlan:
    lang: str  # th | en (the site's own language)
    alt_langs: tuple[str, ...]  # languages a switch may lead to
    encoding: str  # utf-8 | utf-8-bom | utf-8-meta | tis-620-header | windows-874-meta
    layout: str  # modern | table | classic
    footer_only: bool  # feature links only in the footer
    path_style: str  # pretty | cms
    abs_links: bool
    home_path: str
    security: str  # see SECURITY_MODES
    hsts: str  # long | short | none | http-decoy
    viewport: str  # ok | none | decoy
    html_lang: str | None  # the attribute value; None = no attribute
    html_lang_ok: bool
    title: str  # ok | missing | empty
    robots: str  # ok | 404 | 410 | disallow-all (the robots-disallowed hostile site)
    robots_sitemap_line: bool
    robots_badbot: bool
    crawl_delay: bool
    sitemap_xml: str  # root | robots-only | index | 404 | empty | html
    freshness: str  # fresh | partial | stale | none
    newest: _dt.date | None
    future_decoy: bool  # an upcoming-event date after `today` (must be ignored)
    date_style: str
    img_alt: str  # pass | partial | fail
    form_labels: str | None  # pass | partial | fail | None (no fields on the home page)
    login: int  # visible fields of the staff-login form on the home page (0: none)
    features: dict[str, Feature] = field(default_factory=dict)
    decoys: tuple[str, ...] = ()  # contact-lens | social-text | english-text | js-link | comment-link

    def has(self, name: str) -> bool:
        return self.features[name].present

    def home_field_count(self) -> int:
        """Visible (non-button, non-hidden) form fields on the home page."""
        n = self.login
        s = self.features["search"]
        if s.present and s.variant.startswith("form"):
            n += 1
        if self.features["forms"].present and self.features["forms"].variant == "home-feedback":
            n += 3
        return n


@dataclass(eq=False)
class SynthSite:
    index: int
    host: str
    scheme: str  # the scheme of the catalog URL
    language: str
    org: Org
    plan: SitePlan
    labels: dict[str, str]
    expected_status: str  # "ok" for reachable sites, else the failure taxonomy
    behaviour: str | None  # a HOSTILE_KINDS key, None for ordinary sites
    serves: dict[str, str]  # {"http": content|redirect|closed, "https": content|closed}
    cert: str  # ok | hostname | untrusted | expired (the certificate served on https)
    seed: int
    today: _dt.date

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}/"

    @property
    def country(self) -> str:
        return self.org.country

    @property
    def content_scheme(self) -> str:
        """The scheme on which the site's pages are served (https wins when both do)."""
        return "https" if self.serves["https"] == "content" and self.cert == "ok" else (
            "http" if self.serves["http"] == "content" else "https")

    # Rendering is lazy and not cached here: every call renders again (deterministically).
    def files_for(self, scheme: str) -> dict[str, Any] | None:
        """path → Resource as served on ``scheme``; None when that port is closed."""
        from govlens.synthweb.render import SiteRenderer

        return SiteRenderer(self).files_for(scheme)

    @property
    def files(self) -> dict[str, Any]:
        """The site's pages (path → Resource) as served where its content lives."""
        return self.files_for(self.content_scheme) or {}

    @property
    def http_files(self) -> dict[str, Any] | None:
        return self.files_for("http")

    @property
    def https_files(self) -> dict[str, Any] | None:
        return self.files_for("https")


@dataclass(eq=False)
class SynthWeb:
    n: int
    seed: int
    today: _dt.date
    hostile: bool
    sites: list[SynthSite]
    by_host: dict[str, SynthSite] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_host = {s.host: s for s in self.sites}

    @property
    def catalog_id(self) -> str:
        return f"synthweb-{self.n}-{self.seed}"

    def site(self, host: str) -> SynthSite | None:
        return self.by_host.get(host.lower().rstrip("."))

    def label_rows(self) -> list[tuple[str, str, str]]:
        return [(s.url, c, s.labels[c]) for s in self.sites for c in CHECK_IDS if c in s.labels]

    def reachable(self) -> list[SynthSite]:
        return [s for s in self.sites if s.behaviour is None]


# --------------------------------------------------------------------------- dealing


def deal(rng: random.Random, m: int, shares: dict[str, float]) -> list[str]:
    """``m`` values with exact proportions (largest remainder), shuffled."""
    if m <= 0:
        return []
    total = sum(shares.values())
    raw = {k: m * v / total for k, v in shares.items()}
    counts = {k: int(v) for k, v in raw.items()}
    rest = m - sum(counts.values())
    for k in sorted(raw, key=lambda k: (raw[k] - counts[k]), reverse=True)[:rest]:
        counts[k] += 1
    deck = [k for k, c in counts.items() for _ in range(c)]
    rng.shuffle(deck)
    return deck


# --------------------------------------------------------------------------- organisations

_SECTORS: tuple[tuple[str, str, str, str, str, str], ...] = (
    # sector, abbr, ministry en, ministry th, department en, department th
    ("health", "moph", "Ministry of Public Wellbeing", "กระทรวงสุขภาวะประชาชน",
     "Department of Community Health", "กรมอนามัยชุมชน"),
    ("education", "moe", "Ministry of Learning", "กระทรวงการเรียนรู้",
     "Department of Basic Schooling", "กรมการศึกษาขั้นพื้นฐาน"),
    ("finance", "mof", "Ministry of Public Finance", "กระทรวงการคลังสาธารณะ",
     "Department of Revenue Collection", "กรมจัดเก็บรายได้"),
    ("interior", "moi", "Ministry of Home Affairs", "กระทรวงกิจการภายใน",
     "Department of Civil Registration", "กรมทะเบียนราษฎร์"),
    ("agriculture", "moac", "Ministry of Farming", "กระทรวงเกษตรกรรม",
     "Department of Irrigation Works", "กรมงานชลประทาน"),
    ("transport", "mot", "Ministry of Roads and Transport", "กระทรวงทางหลวงและขนส่ง",
     "Department of Land Transport Licensing", "กรมใบอนุญาตขนส่งทางบก"),
    ("labour", "mol", "Ministry of Work", "กระทรวงการงาน",
     "Department of Employment Promotion", "กรมส่งเสริมการจ้างงาน"),
    ("justice", "moj", "Ministry of Justice Affairs", "กระทรวงกิจการยุติธรรม",
     "Department of Rights Protection", "กรมคุ้มครองสิทธิ"),
    ("environment", "mnre", "Ministry of Natural Resources", "กระทรวงทรัพยากรธรรมชาติ",
     "Department of Water Resources", "กรมทรัพยากรน้ำบาดาล"),
    ("digital", "mdes", "Ministry of Digital Affairs", "กระทรวงกิจการดิจิทัล",
     "Department of Digital Infrastructure", "กรมโครงสร้างพื้นฐานดิจิทัล"),
    ("social-protection", "msdhs", "Ministry of Social Welfare", "กระทรวงสวัสดิการสังคม",
     "Department of Older Persons", "กรมกิจการผู้สูงวัย"),
    ("tourism", "mots", "Ministry of Tourism and Games", "กระทรวงท่องเที่ยวและกีฬา",
     "Department of Tourism Quality", "กรมคุณภาพการท่องเที่ยว"),
)
_PLACES = (
    ("Suan Klang", "สวนกลาง"), ("Na Thong", "นาทอง"), ("Khao Kaew", "เขาแก้ว"),
    ("Nong Bua Ngam", "หนองบัวงาม"), ("Ban Rim Nam", "บ้านริมน้ำ"), ("Pa Daeng", "ป่าแดง"),
    ("Thung Sai", "ทุ่งทราย"), ("Wang Mai", "วังใหม่"), ("Huai Yen", "ห้วยเย็น"),
    ("Lam Phai", "ลำไผ่"), ("Don Chan", "ดอนจันทร์"), ("Mae Sai Ngam", "แม่สายงาม"),
)
_KIND_SHARES = {"ministry": 0.16, "department": 0.40, "province": 0.18, "local": 0.16,
                "other": 0.10}


def _org_for(i: int, width: int, country: str, kind: str, rng: random.Random,
             ministries: dict[tuple[str, str], str]) -> Org:
    oid = f"syn-{i + 1:0{width}d}"
    num = f"{i + 1:0{width}d}"
    sector, abbr, min_en, min_th, dep_en, dep_th = _SECTORS[rng.randrange(len(_SECTORS))]
    place_en, place_th = _PLACES[rng.randrange(len(_PLACES))]
    parent = None
    if kind == "national-portal":
        sector, abbr = "general", "portal"
        en = {"SGP": "Gov Portal", "DNK": "Citizen Portal"}.get(country, "Government Portal")
        th = "เว็บท่าภาครัฐ"
    elif kind == "ministry":
        en, th = min_en, min_th
        ministries.setdefault((country, sector), oid)
    elif kind == "department":
        en, th = dep_en, dep_th
        abbr = "d" + abbr[1:] if abbr.startswith("m") else "d" + abbr
        parent = ministries.get((country, sector))
    elif kind == "province":
        sector, abbr = "interior", "prov"
        en, th = f"{place_en} Province Office", f"ศาลากลางจังหวัด{place_th}"
    elif kind == "local":
        sector, abbr = "interior", "sao"  # Thai local government falls under Interior (DLA)
        en = f"{place_en} Subdistrict Administrative Organisation"
        th = f"องค์การบริหารส่วนตำบล{place_th}"
    else:
        sector, abbr = rng.choice((("digital", "dsa"), ("finance", "fpa"), ("health", "hsa")))
        en = {"digital": "Digital Economy Promotion Agency", "finance": "Public Funds Agency",
              "health": "Health Standards Office"}[sector]
        th = {"digital": "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล", "finance": "สำนักงานกองทุนสาธารณะ",
              "health": "สำนักงานมาตรฐานสุขภาพ"}[sector]
    return Org(id=oid, kind=kind, sector=sector, parent=parent, country=country, abbr=abbr,
               name_en=f"{en} {num} (fictional)", name_th=f"{th} {num} (สมมุติ)")


def _host_for(i: int, width: int, org: Org) -> str:
    num = f"{i + 1:0{width}d}"
    if org.country == "THA" and org.kind in ("ministry", "national-portal"):
        return f"{org.abbr}-{num}.{THAI_CENTRAL_SUFFIX}"
    return f"{org.abbr}-{num}.{COUNTRIES[org.country].suffix}"


# --------------------------------------------------------------------------- plans


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


_TH_DATE_STYLES = {"th-abbr": 4, "th-full": 3, "th-slash": 3, "th-abbr-2digit": 1,
                   "th-prefixed": 2, "iso": 1, "en-mdy": 1}
_EN_DATE_STYLES = {"en-mdy": 4, "en-dmy": 3, "en-abbr": 2, "iso": 2}


def _base_plan(rng: random.Random, country: Country, today: _dt.date, thai_english: bool,
               dealt: dict[str, str]) -> SitePlan:
    """A site's plan from its dealt cards (``dealt``) plus free per-site choices."""
    lang = "en" if (country.code != "THA" or thai_english) else "th"
    alt_langs = ("th",) if (country.code == "THA" and lang == "en") else country.languages[1:]
    if lang == "th":
        encoding = _pick(rng, {"utf-8": 5, "utf-8-bom": 1, "utf-8-meta": 2, "tis-620-header": 2,
                               "windows-874-meta": 2})
    else:
        encoding = _pick(rng, {"utf-8": 6, "utf-8-bom": 1, "utf-8-meta": 2})
    layout = _pick(rng, {"modern": 5, "table": 3, "classic": 2})
    path_style = "cms" if rng.random() < 0.2 else "pretty"
    home_path = "/"
    r = rng.random()
    if path_style == "cms" or r < 0.08:
        home_path = "/index.php"
    elif r < 0.16 and lang == "th":
        home_path = "/th/"

    security = dealt["security"]
    hsts = dealt["hsts"]
    robots = dealt["robots"]
    sitemap_xml = dealt["sitemap_xml"]
    if sitemap_xml == "robots-only" and robots != "ok":
        sitemap_xml = "index"  # keep it passing: /sitemap.xml is a sitemap index then

    freshness = dealt["freshness"]
    if freshness == "fresh":
        age: int | None = rng.randint(0, 45)
    elif freshness == "partial":
        age = rng.randint(120, 300)
    elif freshness == "stale":
        age = rng.randint(420, 1500)
    else:
        age = None
    newest = today - _dt.timedelta(days=age) if age is not None else None
    date_style = _pick(rng, _TH_DATE_STYLES if lang == "th" else _EN_DATE_STYLES)

    html_lang_kind = dealt["html_lang"]
    if html_lang_kind == "ok":
        html_lang: str | None = rng.choice(("th", "th", "th-TH")) if lang == "th" else rng.choice(
            ("en", "en", "en-GB", "en-SG" if country.code == "SGP" else "en-US"))
    elif html_lang_kind == "missing":
        html_lang = rng.choice((None, None, ""))
    else:
        html_lang = "th_TH" if lang == "th" else rng.choice(("en_US", "en_GB"))

    features: dict[str, Feature] = {}
    for name in FEATURES:
        card = dealt[name]
        features[name] = Feature(present=card != "absent", broken=card == "broken")

    decoys = []
    for d, p in (("contact-lens", 0.35), ("social-text", 0.3), ("english-text", 0.25),
                 ("js-link", 0.25), ("comment-link", 0.2)):
        if rng.random() < p:
            decoys.append(d)

    return SitePlan(
        lang=lang, alt_langs=tuple(alt_langs), encoding=encoding, layout=layout,
        footer_only=rng.random() < 0.15, path_style=path_style, abs_links=rng.random() < 0.2,
        home_path=home_path, security=security, hsts=hsts,
        viewport=dealt["viewport"], html_lang=html_lang, html_lang_ok=html_lang_kind == "ok",
        title=dealt["title"], robots=robots, robots_sitemap_line=False,
        robots_badbot=rng.random() < 0.25, crawl_delay=rng.random() < 0.3,
        sitemap_xml=sitemap_xml, freshness=freshness, newest=newest,
        future_decoy=freshness in ("stale", "none") and rng.random() < 0.4,
        date_style=date_style, img_alt=dealt["img_alt"], form_labels=None,
        login=0, features=features, decoys=tuple(decoys),
    )


def _finish_plan(plan: SitePlan, rng: random.Random) -> SitePlan:
    """Variants that depend on several features (search form, feedback form, form placement)."""
    f = dict(plan.features)
    if f["search"].present:
        f["search"] = Feature(True, variant=_pick(rng, {"form-type": 3, "form-q": 3,
                                                        "form-placeholder": 2, "form-aria": 2,
                                                        "link": 3}))
    if f["forms"].present:
        options = ["projects-page"]
        if f["feedback"].present:
            options += ["home-feedback", "home-feedback"]
            if plan.path_style == "pretty":
                options.append("feedback-page")
            if f["contact"].present and not f["contact"].broken:
                options.append("contact-page")  # a contact form is a feedback form too
        if f["eservice"].present:
            options += ["eservice-page", "eservice-page"]
        f["forms"] = Feature(True, variant=rng.choice(options))
    if f["feedback"].present:
        form_home = f["forms"].present and f["forms"].variant == "home-feedback"
        f["feedback"] = Feature(True, variant="form" if form_home else "link")
    if f["opendata"].present:
        f["opendata"] = Feature(True, variant=_pick(rng, {"text": 4, "portal": 2,
                                                          "dataset-path": 2, "file": 2}))
    robots_sitemap_line = plan.robots == "ok" and (
        plan.sitemap_xml == "robots-only" or rng.random() < 0.5)
    login = 0
    if rng.random() < 0.45:
        login = 3 if rng.random() < 0.4 else 2
    return _replace(plan, features=f, robots_sitemap_line=robots_sitemap_line, login=login)


def _replace(plan: SitePlan, **changes: Any) -> SitePlan:
    d = {k: getattr(plan, k) for k in SitePlan.__dataclass_fields__}
    d.update(changes)
    return SitePlan(**d)


def labels_for(plan: SitePlan) -> dict[str, str]:
    """What every check must say about a reachable site with this plan (docs/checks.md)."""
    https_ok = plan.security in ("redirect", "https-only", "both")
    labels: dict[str, str] = {"site.reachable": "pass"}
    labels["security.https"] = "pass" if https_ok else "fail"
    labels["security.https-redirect"] = (
        "pass" if plan.security in ("redirect", "https-only") else "fail")
    if https_ok and plan.hsts == "long":
        labels["security.hsts"] = "pass"
    elif https_ok and plan.hsts == "short":
        labels["security.hsts"] = "partial"
    else:
        labels["security.hsts"] = "fail"
    for name, check in FEATURE_CHECKS.items():
        feat = plan.features[name]
        labels[check] = "partial" if feat.broken else ("pass" if feat.present else "fail")
    labels["content.freshness"] = {"fresh": "pass", "partial": "partial"}.get(
        plan.freshness, "fail")
    labels["tech.viewport"] = "pass" if plan.viewport == "ok" else "fail"
    labels["tech.html-lang"] = "pass" if plan.html_lang_ok else "fail"
    labels["tech.title"] = "pass" if plan.title == "ok" else "fail"
    labels["tech.robots-txt"] = "pass" if plan.robots == "ok" else "fail"
    labels["tech.sitemap-xml"] = (
        "pass" if plan.sitemap_xml in ("root", "robots-only", "index") else "fail")
    labels["a11y.img-alt"] = plan.img_alt
    if plan.form_labels is not None:
        labels["a11y.form-labels"] = plan.form_labels
    return {c: labels[c] for c in CHECK_IDS if c in labels}


def _feature_shares(name: str) -> dict[str, float]:
    present, broken = _FEATURE_ODDS[name]
    shares = {"present": present - broken, "absent": 1.0 - present}
    if broken:
        shares["broken"] = broken
    return shares


def _deal_all(rng: random.Random, m: int) -> list[dict[str, str]]:
    decks: dict[str, list[str]] = {name: deal(rng, m, _feature_shares(name)) for name in FEATURES}
    decks["security"] = deal(rng, m, SECURITY_MODES)
    decks["viewport"] = deal(rng, m, {"ok": 0.6, "none": 0.3, "decoy": 0.1})
    decks["html_lang"] = deal(rng, m, {"ok": 0.6, "missing": 0.25, "malformed": 0.15})
    decks["title"] = deal(rng, m, {"ok": 0.7, "missing": 0.15, "empty": 0.15})
    # robots.txt failures are 4xx only: RFC 9309 reads a 5xx robots.txt as "disallow all",
    # which would make the whole site unreachable rather than fail tech.robots-txt.
    decks["robots"] = deal(rng, m, {"ok": 0.62, "404": 0.3, "410": 0.08})
    decks["sitemap_xml"] = deal(rng, m, {"root": 0.3, "robots-only": 0.15, "index": 0.1,
                                         "404": 0.25, "empty": 0.1, "html": 0.1})
    decks["freshness"] = deal(rng, m, {"fresh": 0.4, "partial": 0.15, "stale": 0.3, "none": 0.15})
    decks["img_alt"] = deal(rng, m, {"pass": 0.45, "partial": 0.2, "fail": 0.35})
    out = [{k: v[i] for k, v in decks.items()} for i in range(m)]
    # HSTS only means something with working https: deal it over those sites.
    https_idx = [i for i, d in enumerate(out) if d["security"] in ("redirect", "https-only", "both")]
    for i, card in zip(https_idx, deal(rng, len(https_idx),
                                       {"long": 0.45, "short": 0.15, "none": 0.4}), strict=True):
        out[i]["hsts"] = card
    for d in out:
        if "hsts" not in d:
            d["hsts"] = "http-decoy" if (d["security"] == "http-only" and rng.random() < 0.3) \
                else "none"
    return out


_GOOD_CARDS = {"security": ("redirect", "https-only"), "hsts": ("long",), "viewport": ("ok",),
               "html_lang": ("ok",), "title": ("ok",), "robots": ("ok",),
               "sitemap_xml": ("root", "robots-only", "index"), "freshness": ("fresh",),
               "img_alt": ("pass",)}


def _richness(cards: dict[str, str]) -> int:
    """How much a site dealt these cards would pass: features present and working, plus
    good technical cards."""
    return (sum(cards[f] == "present" for f in FEATURES)
            + sum(cards[k] in good for k, good in _GOOD_CARDS.items()))


def _by_maturity(rng: random.Random, dealt: list[dict[str, str]],
                 maturity: list[float]) -> list[dict[str, str]]:
    """The same card sets, handed out so that sites of mature countries get the richer ones.

    The multiset of cards is unchanged (so the world's label shares, and the accuracy
    measured on it, stay those of the deck); only who gets which set moves. Each site's
    rank is its country's maturity plus noise, so every country has strong and weak sites.
    """
    by_site = sorted(range(len(dealt)), key=lambda i: maturity[i] + rng.gauss(0, 0.2))
    by_cards = sorted(range(len(dealt)), key=lambda j: _richness(dealt[j]) + rng.random())
    out: list[dict[str, str]] = [{}] * len(dealt)
    for i, j in zip(by_site, by_cards, strict=True):
        out[i] = dealt[j]
    return out


def _deal_form_labels(rng: random.Random, plans: list[SitePlan]) -> list[SitePlan]:
    with_fields = [i for i, p in enumerate(plans) if p.home_field_count() > 0]
    three = [i for i in with_fields if plans[i].home_field_count() >= 3]
    rng.shuffle(three)
    partial = set(three[: round(0.15 * len(with_fields))])
    rest = [i for i in with_fields if i not in partial]
    cards = dict(zip(rest, deal(rng, len(rest), {"pass": 0.5, "fail": 0.5}), strict=True))
    cards.update({i: "partial" for i in partial})
    out = []
    for i, p in enumerate(plans):
        card = cards.get(i)
        f = p.features
        if card in ("fail", "partial") and f["search"].variant == "form-aria":
            # an unlabelled search box must still be recognisable as search
            f = dict(f)
            f["search"] = Feature(True, variant="form-type")
        out.append(_replace(p, form_labels=card, features=f))
    return out


# --------------------------------------------------------------------------- generate


def _hostile_count(n: int) -> int:
    return max(round(n / 8), min(len(HOSTILE_KINDS), n // 2))


def _countries_for(n: int, rng: random.Random) -> list[str]:
    if n >= GRADED_FROM:
        each, names = max(3, round(0.08 * n)), GRADED_PEERS
    else:
        each, names = (round(0.15 * n) if n >= 10 else 0), SMALL_PEERS
    codes = ["THA"] * (n - len(names) * each) + [c for c in names for _ in range(each)]
    head, tail = codes[:1], codes[1:]  # index 0 stays the Thai national portal
    rng.shuffle(tail)
    return head + tail


def generate(n: int, seed: int = 0, today: _dt.date | None = None,
             hostile: bool = True) -> SynthWeb:
    """``n`` fictional government sites with ground-truth labels; deterministic for
    (n, seed, today, hostile)."""
    if n < 0:
        raise ValueError("n must be ≥ 0")
    today = today or _dt.date.today()
    rng = random.Random(f"synthweb:{n}:{seed}")
    width = max(3, len(str(n)))
    codes = _countries_for(n, rng)

    # kinds: one national portal per country with enough sites (5; 3 in a graded world)
    kinds = deal(rng, n, _KIND_SHARES)
    seen_portal: set[str] = set()
    per_country = {c: codes.count(c) for c in set(codes)}
    graded = n >= GRADED_FROM
    for i, c in enumerate(codes):
        if c not in seen_portal and (c == "THA" or per_country[c] >= (3 if graded else 5)):
            kinds[i] = "national-portal"
            seen_portal.add(c)
        elif kinds[i] == "province" and c != "THA":
            kinds[i] = "other"

    # hostile positions: never the national portals
    hostile_at: dict[int, str] = {}
    if hostile:
        candidates = [i for i in range(n) if kinds[i] != "national-portal"]
        rng.shuffle(candidates)
        names = list(HOSTILE_KINDS)
        for j, i in enumerate(candidates[: _hostile_count(n)]):
            hostile_at[i] = names[j % len(names)]

    # ministries first so departments can name a parent
    ministries: dict[tuple[str, str], str] = {}
    org_rng = random.Random(f"synthweb-orgs:{seed}")
    orgs: list[Org | None] = [None] * n
    order = sorted(range(n), key=lambda i: (kinds[i] != "ministry", i))
    for i in order:
        orgs[i] = _org_for(i, width, codes[i], kinds[i], org_rng, ministries)

    normal = [i for i in range(n) if i not in hostile_at]
    dealt = _deal_all(rng, len(normal))
    if graded:
        dealt = _by_maturity(random.Random(f"synthweb-maturity:{seed}"), dealt,
                             [COUNTRIES[codes[i]].maturity for i in normal])
    plans: dict[int, SitePlan] = {}
    site_rngs = {i: random.Random(f"synthweb-site:{seed}:{i}") for i in range(n)}
    for i, cards in zip(normal, dealt, strict=True):
        r = site_rngs[i]
        country = COUNTRIES[codes[i]]
        plans[i] = _finish_plan(_base_plan(r, country, today, r.random() < 0.08, cards), r)
    finished = _deal_form_labels(rng, [plans[i] for i in normal])
    plans.update(zip(normal, finished, strict=True))

    sites: list[SynthSite] = []
    for i in range(n):
        org = orgs[i]
        assert org is not None
        host = _host_for(i, width, org)
        r = site_rngs[i]
        behaviour = hostile_at.get(i)
        if behaviour is None:
            plan = plans[i]
            labels = labels_for(plan)
            scheme, serves, cert = _security_setup(plan.security, r)
            status = "ok"
        else:
            cards = {name: ("present" if r.random() < 0.5 else "absent") for name in FEATURES}
            cards.update(security="redirect", hsts="none", viewport="ok", html_lang="ok",
                         title="ok", robots="ok", sitemap_xml="root", freshness="fresh",
                         img_alt="pass")
            country = COUNTRIES[codes[i]]
            plan = _finish_plan(_base_plan(r, country, today, False, cards), r)
            if behaviour == "robots-disallowed":
                plan = _replace(plan, robots="disallow-all")
            labels = {"site.reachable": "fail"}
            status = HOSTILE_KINDS[behaviour]
            scheme, serves, cert = _hostile_setup(behaviour, r)
        sites.append(SynthSite(index=i, host=host, scheme=scheme, language=plan.lang, org=org,
                               plan=plan, labels=labels, expected_status=status,
                               behaviour=behaviour, serves=serves, cert=cert, seed=seed,
                               today=today))
    return SynthWeb(n=n, seed=seed, today=today, hostile=hostile, sites=sites)


def _security_setup(mode: str, rng: random.Random) -> tuple[str, dict[str, str], str]:
    if mode == "redirect":
        return (rng.choice(("http", "https", "https")),
                {"http": "redirect", "https": "content"}, "ok")
    if mode == "https-only":
        return "https", {"http": "closed", "https": "content"}, "ok"
    if mode == "both":
        return rng.choice(("http", "https")), {"http": "content", "https": "content"}, "ok"
    if mode == "http-only":
        return "http", {"http": "content", "https": "closed"}, "ok"
    if mode == "http-badcert":
        return "http", {"http": "content", "https": "content"}, "hostname"
    raise ValueError(mode)


def _hostile_setup(behaviour: str, rng: random.Random) -> tuple[str, dict[str, str], str]:
    if behaviour.startswith("tls-"):
        return "https", {"http": "closed", "https": "content"}, behaviour[4:]
    if rng.random() < 0.5:
        return "https", {"http": "redirect", "https": "content"}, "ok"
    return "http", {"http": "content", "https": "closed"}, "ok"


def check_ids_in(doc_text: str) -> list[str]:
    """Check ids listed in the table of docs/checks.md (first column, in backticks)."""
    import re

    return re.findall(r"^\|\s*`([a-z0-9]+\.[a-z0-9.-]+)`\s*\|", doc_text, flags=re.M)


def label_counts(web: SynthWeb) -> dict[str, dict[str, int]]:
    """check id → {expected: count}; handy for tests and for the evaluation report."""
    out: dict[str, dict[str, int]] = {c: {} for c in CHECK_IDS}
    for s in web.sites:
        for c, v in s.labels.items():
            out[c][v] = out[c].get(v, 0) + 1
    return out


__all__: Sequence[str] = (
    "CHECK_IDS", "COUNTRIES", "FEATURES", "FEATURE_CHECKS", "GENERATOR_META", "HOSTILE_KINDS",
    "Country", "Feature", "Org", "SitePlan", "SynthSite", "SynthWeb", "generate", "labels_for",
)

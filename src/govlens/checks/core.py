"""The core checks: the set every assessment runs and every figure is reported on.

One list, read by the registry (``CheckInfo.core``), the frameworks' check-id validation,
the synthetic web's ground truth, the accuracy reports and docs/checks.md. Add a core check
here and nowhere else.
"""

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

"""The HTML validator's messages as evidence: the home page as it was served, sent to the
checker (:mod:`govlens.collect.htmlvalid`), its messages attached to the site's evidence."""

from __future__ import annotations

import dataclasses

from govlens.collect.decode import charset_from_content_type
from govlens.collect.htmlvalid import _BOMS, Markup, Validator, ValidatorError
from govlens.evidence.model import SiteEvidence


def served_document(ev: SiteEvidence) -> tuple[bytes, str] | None:
    """The home page as served: (bytes, Content-Type), rebuilt from the decoded evidence.

    The page is re-encoded in the encoding it was decoded with (a BOM restored, legacy
    encodings such as windows-874 kept), and sent with the header's Content-Type, so the
    checker sees what a browser saw: a charset named only in ``<meta>`` is found there,
    a missing declaration is reported as missing.
    """
    home = ev.served_home
    if home is None or not home.html:
        return None
    codec = home.charset or "utf-8"
    try:
        body = home.html.encode(codec, errors="xmlcharrefreplace")
    except (LookupError, UnicodeError):
        codec, body = "utf-8", home.html.encode("utf-8", errors="xmlcharrefreplace")
    if home.charset_source == "bom":
        body = _BOMS.get(codec, b"") + body
    ctype = (home.content_type or "").strip()
    mime = ctype.split(";", 1)[0].strip().lower()
    if home.charset_source == "given":  # parsed from a str: nothing was served, it is UTF-8
        ctype = "text/html; charset=utf-8"
    elif mime not in ("text/html", "application/xhtml+xml"):
        # a page parsed as HTML whatever its label (text/plain, missing …): check it as HTML
        label = charset_from_content_type(ctype)
        ctype = f"text/html; charset={label}" if label else "text/html"
    return body, ctype


def with_markup(ev: SiteEvidence, validator: Validator | None) -> SiteEvidence:
    """``ev`` with ``markup`` set to the checker's messages about the home page.

    Unchanged (``markup`` stays None: not validated) without a validator, a reachable home
    page or its HTML. A checker failure is recorded as one ``non-document-error`` message, so
    ``tech.html-valid`` reports an error rather than a silent "not validated".
    """
    if validator is None:
        return ev
    doc = served_document(ev)
    if doc is None:
        return ev
    body, ctype = doc
    try:
        markup = validator.validate(body, ctype)
    except ValidatorError as exc:
        markup = (Markup(type="non-document-error", message=f"validator failed: {exc}"[:500],
                         subtype="internal"),)
    return dataclasses.replace(ev, markup=tuple(markup))

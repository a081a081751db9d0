"""What a form is for, from its fields, labels, names, action and text — not one word.

A search box is a form with one or two short text inputs that a lexicon or field name
calls search; a login form has a password; a feedback form takes free text and a way to
answer back; an application takes files or many fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govlens.evidence.model import Form, FormField
from govlens.lexicon.matcher import load_lexicon

KINDS = ("search", "login", "feedback", "registration", "application", "newsletter", "other")
_BUTTON_TYPES = {"submit", "button", "reset", "image", "hidden"}
_SEARCH_NAMES = re.compile(r"^(q|query|keywords?|search\w*|s|kw|k|txtsearch|searchword|searchtext|find|term|wd)$", re.I)
_EMAIL = re.compile(r"e-?mail|อีเมล", re.I)
_PHONE = re.compile(r"phone|tel|mobile|โทร", re.I)
_NAME = re.compile(r"name|ชื่อ", re.I)
_SUBSCRIBE = re.compile(r"subscribe|newsletter|สมัครรับข่าว|รับข่าวสาร", re.I)
_APPLY = re.compile(r"คำร้อง|คำขอ|ขออนุญาต|ใบสมัคร|สมัคร|ยื่น|แจ้งซ่อม|apply|application|request|permit|licen[cs]e|register", re.I)
_SEARCH_ID = re.compile(r"search|ค้นหา|สืบค้น|query", re.I)
_CAPTCHA = re.compile(r"captcha|security code|verification code|รหัสยืนยัน|รหัสตามภาพ|otp", re.I)


def visible_fields(form: Form) -> list[FormField]:
    return [f for f in form.fields if not f.hidden and f.type not in _BUTTON_TYPES]


def _words(f: FormField) -> str:
    return " ".join((f.label, f.placeholder, f.title, f.name, f.id))


@dataclass(frozen=True, slots=True)
class FormKind:
    """What a form is for, how sure the rule that decided it is, and which rule it was."""

    kind: str
    confidence: float
    why: str


def classify(form: Form) -> str:
    """One of KINDS."""
    return explain(form).kind


def explain(form: Form) -> FormKind:
    """The form's kind with the rule that decided it (each rule's confidence reflects how
    often that kind of evidence misleads: a password field rarely does, a field count often)."""
    lex = load_lexicon()
    fields = visible_fields(form)
    types = {f.type for f in fields}
    buttons = " ".join(_words(f) for f in form.fields if f.type in _BUTTON_TYPES and f.type != "hidden")
    all_words = " ".join([*(_words(f) for f in fields), buttons, form.text, form.id, form.name])
    if "password" in types:
        # a login may also ask for a captcha and "remember me"; a registration asks for the
        # password twice or for several details besides the user name
        pw = sum(1 for f in fields if f.type == "password")
        others = [f for f in fields if f.type not in ("password", "checkbox", "radio", "hidden")
                  and not _CAPTCHA.search(_words(f))]
        if pw >= 2 or len(others) >= 3:
            return FormKind("registration", 0.9, "password field with a second password or several details")
        return FormKind("login", 0.95, "password field with at most two other details")
    if not fields:
        return FormKind("other", 0.9, "no visible field")
    if all(f.type in ("radio", "checkbox") for f in fields) and len({f.name for f in fields}) == 1:
        return FormKind("other", 0.8, "one group of choices (a poll)")
    has_text_area = "textarea" in types
    if len(fields) <= 2 and not has_text_area and "file" not in types:
        search = lex.concept("search")
        if "search" in types or form.role == "search":
            return FormKind("search", 0.98, "input type=search or role=search")
        if any(_SEARCH_NAMES.match(f.name or "") for f in fields):
            return FormKind("search", 0.9, "a field named like a search term (q, keyword, search …)")
        if search.match_text(all_words) or search.match_url(form.action):
            return FormKind("search", 0.85, "labels, button or action name search")
        if len(fields) == 1 and ("email" in types or _EMAIL.search(all_words)) and _SUBSCRIBE.search(all_words):
            return FormKind("newsletter", 0.85, "one e-mail field and a subscribe word")
    contact_fields = sum(1 for f in fields if _EMAIL.search(_words(f)) or _PHONE.search(_words(f)))
    if not has_text_area and "file" not in types and not contact_fields and (
            "search" in types or form.role == "search" or any(_SEARCH_NAMES.match(f.name or "") for f in fields)
            or _SEARCH_ID.search(" ".join((buttons, form.id, form.name, form.action)))):
        # an advanced search: a query with filters (selects, radios, dates), named search by
        # its button, id or action, and asking nothing about the person
        return FormKind("search", 0.8, "a search form with filters (button, id or action say search)")
    if lex.concept("login").match_text(all_words) and len(fields) <= 3:
        return FormKind("login", 0.75, "login words with at most three fields")
    contactish = has_text_area and "file" not in types and sum(
        1 for f in fields if _EMAIL.search(_words(f)) or _PHONE.search(_words(f)) or _NAME.search(_words(f))) >= 2
    if contactish and len(fields) <= 9 and not _APPLY.search(all_words):
        return FormKind("feedback", 0.7, "a message box with the writer's name, e-mail or phone: a contact form")
    if len(fields) >= 6 and not lex.concept("feedback").match_text(all_words):
        return FormKind("application", 0.6, "six or more fields, no feedback words")
    if has_text_area and (any(_EMAIL.search(_words(f)) or _PHONE.search(_words(f)) or _NAME.search(_words(f))
                              for f in fields) or lex.concept("feedback").match_text(all_words)):
        return FormKind("feedback", 0.75, "free text with a name/e-mail/phone field or feedback words")
    if "file" in types or len(fields) >= 3 or has_text_area:
        return FormKind("application", 0.55, "a file field, free text or three or more fields")
    return FormKind("other", 0.5, "no rule matched")

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
# the writer's details, in the languages of the corpus: a field for a way to answer back
# (e-mail, phone) or for the person's name — "Company names that contain" is not one
_EMAIL = re.compile(r"e-?mail|อีเมล|correo|courriel|sähköposti|thư điện tử|e-post", re.I)
_PHONE = re.compile(r"phone|(?<![a-z])tel(?![a-z])|telefon|teléfono|telefone|téléphone|puhelin|mobile|"
                    r"โทร|điện thoại", re.I)
_NAME = re.compile(r"(?<![a-z])(?:(?:full|first|last|sur|family|given|user|your)[ _-]?)?name(?![a-z])|"
                   r"(?<![a-z])(?:nombre|nome|nom|prénom|nimi|naam|họ và tên|họ tên|tên)(?![a-z])|"
                   r"ชื่อ(?!เอกสาร|เรื่อง|ไฟล์|หนังสือ|โครงการ|หน่วยงาน|ผู้ใช้)|นามสกุล", re.I)
# a look-up by identifier (tax id and year, a tracking number): a service, not a site search
_LOOKUP = re.compile(r"เลข|รหัส|บัตร|ตรวจสอบ|สถานะ|(?<![a-z])(?:id|number|code|reference|tracking|status|"
                     r"check|track)(?![a-z])", re.I)
_NOT_PERSON = re.compile(r"(?:company|organi[sz]ation|business|entity|document|file|product|place|street|project)"
                         r"[ _-]?names?", re.I)
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


@dataclass(frozen=True, slots=True)
class FormFacts:
    """What a form asks for, read once: the rules below are questions about these."""

    fields: list[FormField]
    types: set[str]
    words: str  # labels, names, buttons, the form's text, id and name
    buttons: str
    text_area: bool
    files: bool
    reply: int  # fields for a way to answer back: e-mail or phone, by type or by words
    person: int  # fields for who writes: reply fields and names
    free_text: int  # one-line text inputs
    choices: int  # selects, radios, checkboxes, dates: filters when beside one query


_REPLY_TYPES = {"email", "tel"}
_CHOICE_TYPES = {"select", "radio", "checkbox", "date", "month", "number", "range"}
# "Password" in the languages of the corpus: a form that names it but shows no field has its
# fields drawn by a server control or a script (<asp:TextBox>, <x-input>): a login all the same
_PASSWORD = re.compile(r"password|passwort|contraseña|mot de passe|senha|wachtwoord|hasło|parola|salasana|"
                       r"kata sandi|mật khẩu|รหัสผ่าน|パスワード|비밀번호|密码|密碼|пароль|şifre|رمز عبور|كلمة المرور|"
                       r"पासवर्ड|পাসওয়ার্ড", re.I)
_REMEMBER = re.compile(r"remember me|keep me signed in|stay signed in|จดจำ(?:ฉัน|การเข้าสู่ระบบ|รหัส)", re.I)
# the labels a form shows as text beside unlabelled inputs ("ชื่อ-นามสกุล * อีเมล * โทรศัพท์")
_TEXT_REPLY = re.compile(r"e-?mail|อีเมล|อีเมล์|โทรศัพท์|เบอร์โทร|หมายเลขติดต่อ|phone|telephone|"
                         r"thư điện tử|điện thoại|teléfono|correo|telefone", re.I)


def form_facts(form: Form) -> FormFacts:
    fields = visible_fields(form)
    types = {f.type for f in fields}
    buttons = " ".join(_words(f) for f in form.fields if f.type in _BUTTON_TYPES and f.type != "hidden")
    words = " ".join([*(_words(f) for f in fields), buttons, form.text, form.id, form.name])
    reply = sum(1 for f in fields if f.type in _REPLY_TYPES or _EMAIL.search(_words(f)) or _PHONE.search(_words(f)))
    if not reply and any(not _words(f).strip() for f in fields) and _TEXT_REPLY.search(form.text):
        reply = 1  # unlabelled inputs under visible labels: the form's text says what they take
    person = reply + sum(1 for f in fields if f.type not in _REPLY_TYPES
                         and _NAME.search(_NOT_PERSON.sub(" ", _words(f)))
                         and not (_EMAIL.search(_words(f)) or _PHONE.search(_words(f))
                                  or _SEARCH_NAMES.match(f.name or "") or _SEARCH_ID.search(_words(f))))
    return FormFacts(fields, types, words, buttons, "textarea" in types, "file" in types, reply, person,
                  sum(1 for f in fields if f.type in ("text", "search", "")),
                  sum(1 for f in fields if f.type in _CHOICE_TYPES))


_EXPLAINED: dict[int, tuple[Form, FormKind]] = {}  # id → (form, its kind): the last forms asked about


def explain(form: Form) -> FormKind:
    """The form's kind with the rule that decided it (each rule's confidence reflects how
    often that kind of evidence misleads: a password field rarely does, a field count often).

    Remembered per form object (a form is immutable and several checks ask about the same
    forms of a page; bounded, and the form is kept with its answer so its id is not reused)."""
    got = _EXPLAINED.get(id(form))
    if got is not None and got[0] is form:
        return got[1]
    kind = _explain(form)
    if len(_EXPLAINED) >= 4096:
        _EXPLAINED.clear()
    _EXPLAINED[id(form)] = (form, kind)
    return kind


def _explain(form: Form) -> FormKind:
    lex = load_lexicon()
    x = form_facts(form)
    fields, types = x.fields, x.types
    if "password" in types:
        # a login may also ask for a captcha and "remember me"; a registration asks for the
        # password twice or for several details besides the user name
        pw = sum(1 for f in fields if f.type == "password")
        others = [f for f in fields if f.type not in ("password", "checkbox", "radio", "hidden")
                  and not _CAPTCHA.search(_words(f))]
        if pw >= 2 or len(others) >= 3:
            return FormKind("registration", 0.9, "password field with a second password or several details")
        if pw == 1 and not others and not lex.concept("login").match_text(x.words) and _CASE_ID.search(
                " ".join([form.text, *(f"{f.label} {f.placeholder} {f.title}" for f in fields)])):
            # "หมายเลขประจำตัวประชาชน [••••] Track": an ID number masked as it is typed, no account
            # name to sign in with: a look-up of one's request
            return FormKind("other", 0.75, "one masked field for a case or ID number, no account name: a look-up")
        return FormKind("login", 0.95, "password field with at most two other details")
    if not fields:
        if _PASSWORD.search(form.text) and lex.concept("login").match_text(form.text):
            return FormKind("login", 0.7, "login words and a password named, the fields drawn by a control")
        return FormKind("other", 0.9, "no visible field")
    if all(f.type in ("radio", "checkbox") for f in fields) and len({f.name for f in fields}) == 1:
        return FormKind("other", 0.8, "one group of choices (a poll)")
    if len(fields) <= 3 and not x.text_area and any(f.type == "checkbox" and _REMEMBER.search(_words(f))
                                                    for f in fields):
        return FormKind("login", 0.85, "an account name and \"remember me\": a sign-in without a password step")
    search = lex.concept("search")
    if len(fields) <= 2 and not x.text_area and not x.files and ("search" in types or form.role == "search"):
        return FormKind("search", 0.98, "input type=search or role=search")
    names = [f.name.lower() for f in fields if f.name]
    if form.role != "search" and "search" not in types and not x.text_area and not x.files \
            and (search.match_text(x.words) or _SEARCH_ID.search(" ".join((x.buttons, form.id, *names)))) \
            and case_lookup(form, form.text) and not lex.concept("login").match_text(x.words):
        # "กรุณากรอกรหัสคำร้อง", "เลขบัตรประชาชน 13 หลัก" beside a ค้นหา button: a look-up of
        # one's own request or record, not a search of the site or a catalogue
        return FormKind("other", 0.75, "asks only for one's case or ID number: a look-up")
    if len(fields) <= 2 and not x.text_area and not x.files:
        if any(_SEARCH_NAMES.match(f.name or "") for f in fields):
            return FormKind("search", 0.9, "a field named like a search term (q, keyword, search …)")
        if search.match_text(x.words) or search.match_url(form.action):
            return FormKind("search", 0.85, "labels, button or action name search")
        if len(fields) == 1 and ("email" in types or _EMAIL.search(x.words)) and _SUBSCRIBE.search(x.words):
            return FormKind("newsletter", 0.85, "one e-mail field and a subscribe word")
        if form.method == "GET" and not x.words.strip() and sum(f.type in ("text", "") for f in fields) == 1:
            # nothing but one unnamed box and a button drawn as an icon, sent in the URL: the
            # header's search box (a newsletter or a login names its field)
            return FormKind("search", 0.6, "one bare text box sent by GET, no word at all")
    if not x.text_area and not x.files and names and len(names) == len(fields) \
            and all(n.startswith(("filter[", "filter_", "filters[", "search[", "search_")) for n in names):
        # every field a filter over a list ("filter[approval_title]", "search_year"): the
        # table's search, however many columns it filters
        return FormKind("search", 0.8, "every field named as a filter or search term")
    if not x.text_area and not x.files and form.method == "GET" and x.buttons and search.match_text(x.buttons):
        # a directory's search by name and province ("ชื่อ - สกุล", จังหวัด … [ค้นหา]): sent in the
        # URL by a search button, a query; an application is posted
        return FormKind("search", 0.8, "sent by GET with a search button: a query, not an application")
    if not x.text_area and not x.files and not x.person:
        # an advanced search: a query with filters (selects, radios, dates), asking nothing
        # about the person, named search by its button, id, action or text — or one query
        # box beside nothing but choices
        if ("search" in types or form.role == "search" or any(_SEARCH_NAMES.match(f.name or "") for f in fields)
                or _SEARCH_ID.search(" ".join((x.buttons, form.id, form.name, form.action)))):
            return FormKind("search", 0.8, "a search form with filters (button, id or action say search)")
        if search.match_text(x.words) and x.free_text <= 2:
            return FormKind("search", 0.75, "a query with filters, its text says search")
        if x.free_text == 1 and 1 <= x.choices == len(fields) - 1 and x.choices <= 6 and not _LOOKUP.search(x.words):
            return FormKind("search", 0.6, "one query box beside filters only")
    if lex.concept("login").match_text(x.words) and len(fields) <= 3:
        return FormKind("login", 0.75, "login words with at most three fields")
    if x.text_area and len(fields) <= 10 and not _APPLY.search(x.words) and (x.person or len(fields) <= 3):
        # a message to the agency with a way to answer back, perhaps an attachment: a contact
        # or comment form (an application asks for the case, not for a message)
        return FormKind("feedback", 0.7, "a message box with the writer's name, e-mail or phone: a contact form")
    if len(fields) >= 6 and not lex.concept("feedback").match_text(x.words):
        return FormKind("application", 0.6, "six or more fields, no feedback words")
    if x.text_area and (x.person or lex.concept("feedback").match_text(x.words)):
        return FormKind("feedback", 0.75, "free text with a name/e-mail/phone field or feedback words")
    if x.files or len(fields) >= 3 or x.text_area:
        return FormKind("application", 0.55, "a file field, free text or three or more fields")
    return FormKind("other", 0.5, "no rule matched")


# the number of the visitor's own case (a request, a booking, a queue ticket, a parcel) or the
# visitor's own identity number: a form that asks only for it looks the case up
_CASE_ID = re.compile(r"(?:รหัส|เลขที่|หมายเลข|เลข)\s*(?:คำร้อง|คำขอ|ใบสมัคร|การจอง|จองคิว|คิว|พัสดุ|ติดตาม|"
                      r"เรื่องร้องเรียน|การฝากส่ง|(?:ประจำตัว|บัตร|บัตรประจำตัว)ประชาชน)|"
                      r"(?:tracking|reference|application|case|order|request|booking|receipt|queue)\s*(?:number|no\.?|id|code)",
                      re.I)


def case_lookup(form: Form, title: str) -> str | None:
    """The case-number wording of a look-up form (its title, its field's label or hint), when
    it has one or two text fields: "กรุณากรอกรหัสคำร้อง", "Enter your reference number". Such a
    form serves one person's case (an e-service), it does not search the site."""
    fields = [f for f in visible_fields(form) if f.type in ("text", "search", "number", "tel", "email", "")]
    if not 1 <= len(fields) <= 2:
        return None
    words = " ".join([title, *(f"{f.label} {f.placeholder} {f.title}" for f in fields)])
    m = _CASE_ID.search(words)
    return m.group(0) if m else None

"""Page-corpus accuracy: labels 1/0/? against batch output, per feature and per form kind."""

from govlens.accuracy import page_tally

BATCH = {
    "a": {"checks": {"content.contact": {"outcome": "pass"}, "content.faq": {"outcome": "fail"},
                     "content.language": {"outcome": "info", "details": {"language": "th"}}},
          "forms": [{"kind": "search"}, {"kind": "feedback"}]},
    "b": {"checks": {"content.contact": {"outcome": "fail"}, "content.faq": {"outcome": "partial"},
                     "content.language": {"outcome": "info", "details": {"language": "en"}}},
          "forms": [{"kind": "login"}]},
    "c": {"skipped": "c.html: a PNG image, not an HTML page"},
}
LABELS = [
    {"id": "a", "feature": "contact", "value": "1"}, {"id": "b", "feature": "contact", "value": "1"},
    {"id": "a", "feature": "faq", "value": "0"}, {"id": "b", "feature": "faq", "value": "?"},
    {"id": "a", "feature": "page_language", "value": "th"}, {"id": "b", "feature": "page_language", "value": "mixed"},
    {"id": "a", "feature": "staff_system", "value": "1"},
]
FORMS = [{"id": "a", "form": "1", "kind": "search"}, {"id": "a", "form": "2", "kind": "contact"},
         {"id": "b", "form": "1", "kind": "search"}]


def test_features_unknowns_and_missing_detectors_are_counted():
    t = page_tally(LABELS, BATCH, FORMS)
    contact = t.features["contact"]
    assert (contact.tp, contact.fn, contact.fp, contact.precision, contact.recall) == (1, 1, 0, 1.0, 0.5)
    assert t.features["faq"].tn == 1 and t.features["faq"].total == 1  # b's "?" is dropped
    assert t.dropped == {"faq": 1} and t.no_detector == {"staff_system": 1}
    assert (t.language.total, t.language.agree) == (2, 1)
    assert t.skipped_pages == ["c"]


def test_form_kinds_one_against_the_rest():
    t = page_tally([], BATCH, FORMS)
    assert (t.forms["search"].tp, t.forms["search"].fn) == (1, 1)
    assert t.forms["contact"].tp == 1  # a free-text contact form is "feedback" in govlens
    assert (t.forms["login"].fp, t.forms["login"].tp) == (1, 0)


def test_a_part_of_the_corpus_only():
    t = page_tally(LABELS, BATCH, FORMS, ids={"a"})
    assert t.features["contact"].total == 1 and t.forms["search"].total == 1

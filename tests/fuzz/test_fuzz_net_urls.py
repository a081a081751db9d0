"""URL handling and the address guard on arbitrary input: only the documented errors."""

from __future__ import annotations

import contextlib

from hypothesis import given
from hypothesis import strategies as st
from strategies import URLS

from govlens.collect.discover import (
    canonical,
    crawlable,
    same_site,
    strip_session,
    trap_reason,
    url_shape,
)
from govlens.collect.failures import BlockedAddress
from govlens.collect.http import retry_after
from govlens.collect.net import PinnedResolver, forbidden, parse_connect_to, parse_resolve


@given(URLS)
def test_url_helpers_are_total(url: str) -> None:
    try:
        c = canonical(url)
    except ValueError:  # urllib refuses some hosts (bad IPv6 literals): the crawler drops those links
        return
    s = strip_session(c)
    assert strip_session(s) == s
    trap_reason(s)
    url_shape(s)
    crawlable(s)
    same_site(s, ["a.test"])


@given(st.text(max_size=60))
def test_forbidden_is_a_predicate(addr: str) -> None:
    assert forbidden(addr) in (True, False)


@given(URLS)
def test_check_literal_only_ever_blocks(url: str) -> None:
    with contextlib.suppress(BlockedAddress):
        PinnedResolver().check_literal(url)


@given(st.text(max_size=60))
def test_pin_rules_parse_or_value_error(rule: str) -> None:
    for parse in (parse_resolve, parse_connect_to):
        with contextlib.suppress(ValueError):
            parse(rule)


@given(st.one_of(st.text(max_size=40), st.sampled_from(["nan", "inf", "-1", "1e400", "Wed, 21 Oct 2015 07:28:00 GMT",
                                                        "Wed, 21 Oct 99999 07:28:00 GMT", "0"])))
def test_retry_after_parses_or_none(value: str) -> None:
    got = retry_after(value, 30.0)
    assert got is None or 0 <= got <= 30

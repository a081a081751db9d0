"""Check options and their defaults, in one place (as Scrapy keeps its settings).

A check with options lists them here under its id; the registry hands the resolved values
to the check as its second argument. A run's overrides come from ``govlens.toml``
(``[checks."content.freshness"] max_days = 120``) or the command line
(``--check-option content.freshness.max_days=120``) and are stored with the run, so a
result can always be traced to the options that produced it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Option:
    default: Any
    help: str

    @property
    def type(self) -> type:
        return type(self.default)


DEFAULTS: dict[str, dict[str, Option]] = {
    "content.freshness": {
        "max_days": Option(90, "newest date at most this many days before the crawl: pass"),
        "partial_days": Option(365, "newest date at most this many days old: partial (0.5)"),
    },
    "security.hsts": {
        "min_max_age": Option(15_768_000, "HSTS max-age (seconds) that passes; any shorter is partial"),
    },
    "security.tls-certificate": {
        "expiry_warning_days": Option(14, "a certificate expiring within this many days is partial"),
    },
    "tech.page-weight": {
        "max_html_bytes": Option(2_000_000, "home page HTML bytes that pass"),
        "max_resources": Option(100, "resources the home page loads that pass"),
        "soft_html_bytes": Option(4_000_000, "HTML bytes still partial (0.5)"),
        "soft_resources": Option(200, "resources still partial (0.5)"),
    },
    "services.catalogue": {
        "min_services": Option(5, "service links a block needs to be a list of services"),
        "max_block_links": Option(60, "a block with more links is the whole page, not a list"),
    },
    "tech.html-valid": {
        "max_partial_errors": Option(10, "validator errors still partial; more fail"),
    },
}


class OptionError(ValueError):
    """A check option that does not exist or has a value of the wrong type."""


def resolve(check_id: str, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The options of ``check_id``: its defaults, with ``overrides`` validated on top."""
    known = DEFAULTS.get(check_id, {})
    out = {k: o.default for k, o in known.items()}
    for k, v in (overrides or {}).items():
        if k not in known:
            raise OptionError(f"{check_id} has no option {k!r} (options: {', '.join(known) or 'none'})")
        out[k] = coerce(check_id, k, v)
    return out


def coerce(check_id: str, name: str, value: Any) -> Any:
    """``value`` as the option's type (strings from the command line are converted)."""
    opt = DEFAULTS[check_id][name]
    want = opt.type
    if isinstance(value, want) and not (want is int and isinstance(value, bool)):
        return value
    try:
        if want is bool:
            if str(value).lower() in ("1", "true", "yes", "on"):
                return True
            if str(value).lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(value)
        return want(value)
    except (TypeError, ValueError):
        raise OptionError(f"{check_id}.{name} must be {want.__name__}, got {value!r}") from None


def parse_overrides(items: Iterable[str]) -> dict[str, dict[str, Any]]:
    """``["content.freshness.max_days=120"]`` → ``{"content.freshness": {"max_days": 120}}``."""
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        cid, dot, name = key.strip().rpartition(".")
        if not sep or not dot or cid not in DEFAULTS:
            known = ", ".join(f"{c}.{n}" for c, opts in DEFAULTS.items() for n in opts)
            raise OptionError(f"{item!r}: expected CHECK.OPTION=VALUE with one of: {known}")
        resolve(cid, {name: value.strip()})  # validates name and type
        out.setdefault(cid, {})[name] = coerce(cid, name, value.strip())
    return out


def validate(overrides: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Overrides from a config file, checked and converted."""
    out: dict[str, dict[str, Any]] = {}
    for cid, opts in overrides.items():
        if cid not in DEFAULTS:
            raise OptionError(f"no check {cid!r} has options (checks with options: {', '.join(DEFAULTS)})")
        resolve(cid, opts)
        out[cid] = {k: coerce(cid, k, v) for k, v in opts.items()}
    return out

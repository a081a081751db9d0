"""URL normalisation for catalog sites.

Two spellings of one site (``HTTPS://WWW.MOPH.GO.TH:443`` and ``https://www.moph.go.th/``)
must compare equal, or a catalog could list a site twice and the crawler fetch it twice.
This module gives every site URL one canonical spelling and rejects what cannot be crawled.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LABEL_RE = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_url(url: str) -> str:
    """Canonical form of a site URL; ValueError (with a readable message) if it is unusable.

    The scheme and host are lower-cased, a non-ASCII host is IDNA-encoded, a trailing dot on
    the host and the default port are dropped, an empty path becomes ``/`` and the fragment
    is removed. The path and query are kept as written. Only http and https are accepted;
    user names, passwords and whitespace are refused.
    """
    if not isinstance(url, str):
        raise ValueError(f"URL must be text, not {type(url).__name__}")
    text = url.strip()
    if not text:
        raise ValueError("URL is empty")
    if any(ch.isspace() for ch in text):
        raise ValueError(f"URL {text!r} contains whitespace (percent-encode spaces as %20)")
    match = _SCHEME_RE.match(text)
    # "moph.go.th:443/" and "localhost:8000/" parse as schemes; they are hosts without one.
    if not match or "." in match.group() or match.group().lower() == "localhost:":
        raise ValueError(f"URL {text!r} has no scheme (start it with https:// or http://)")
    try:
        parts = urlsplit(text)
    except ValueError as exc:  # e.g. an unbalanced IPv6 bracket
        raise ValueError(f"URL {text!r} cannot be parsed: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError(f"URL {text!r} has unsupported scheme {scheme!r} (use http or https)")
    if not parts.netloc:
        raise ValueError(f"URL {text!r} has no host")
    if "@" in parts.netloc:
        raise ValueError(f"URL {text!r} contains a user name or password")
    host = _normalise_host(parts.hostname or "", text)
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"URL {text!r} has an invalid port") from None
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{scheme}://{netloc}{path}{query}"


def _normalise_host(host: str, text: str) -> str:
    if not host:
        raise ValueError(f"URL {text!r} has no host")
    if ":" in host:  # IPv6 literal; urlsplit already removed the brackets
        return host.lower()
    host = host.rstrip(".").lower()
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise ValueError(f"URL {text!r} has an invalid host name") from None
    labels = host.split(".")
    if not all(_LABEL_RE.match(label) for label in labels) or len(host) > 253:
        raise ValueError(f"URL {text!r} has an invalid host name {host!r}")
    return host

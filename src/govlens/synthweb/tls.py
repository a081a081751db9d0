"""Certificates for the synthetic web: one trusted CA (trustme) and three kinds of bad cert.

* default: a wildcard certificate for every host suffix, signed by the trusted CA;
* ``hostname``: a certificate, signed by the trusted CA, for a name no site has;
* ``untrusted``: certificates for the right hosts, signed by a CA nobody trusts;
* ``expired``: certificates for the right hosts, signed by the trusted CA, whose
  ``not_valid_after`` is in the past (built with ``cryptography``).

The server picks one per TLS handshake from the SNI name (``ssl_context.sni_callback``).
"""

from __future__ import annotations

import datetime as _dt
import ssl
import tempfile
from collections.abc import Iterable
from pathlib import Path

import trustme
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

MISMATCH_NAME = "shared-hosting.example.test"


def _server_context() -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def expired_cert_pem(ca: trustme.CA, hosts: Iterable[str], days_ago: int = 30
                     ) -> tuple[bytes, bytes]:
    """(cert PEM, key PEM) for ``hosts`` signed by ``ca``, expired ``days_ago`` days ago."""
    ca_key = serialization.load_pem_private_key(ca.private_key_pem.bytes(), password=None)
    ca_cert = x509.load_pem_x509_certificate(ca.cert_pem.bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    hosts = list(hosts) or ["expired.invalid"]
    now = _dt.datetime.now(_dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "govlens synthweb (fictional)"),
            x509.NameAttribute(NameOID.COMMON_NAME, hosts[0]),
        ]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _dt.timedelta(days=days_ago + 365))
        .not_valid_after(now - _dt.timedelta(days=days_ago))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts]),
                       critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
            ca_cert.public_key()), critical=False)  # type: ignore[arg-type]
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                       critical=False)
        .sign(ca_key, hashes.SHA256())  # type: ignore[arg-type]
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


class CertSet:
    """The trusted CA, the server contexts and the SNI routing between them."""

    def __init__(self, suffixes: Iterable[str], bad_hosts: dict[str, str],
                 workdir: Path | None = None) -> None:
        self._tmp = None
        if workdir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="synthweb-tls-")
            workdir = Path(self._tmp.name)
        self.workdir = workdir
        self.ca = trustme.CA(organization_name="govlens synthweb fictional CA")
        self.ca_pem: bytes = self.ca.cert_pem.bytes()
        self.ca_file = workdir / "synthweb-ca.pem"
        self.ca_file.write_bytes(self.ca_pem)
        self.bad_hosts = {h.lower(): k for h, k in bad_hosts.items()}

        self.default = _server_context()
        self.ca.issue_cert(*(f"*.{s}" for s in suffixes),
                           common_name="govlens synthweb (fictional)").configure_cert(self.default)
        self.contexts: dict[str, ssl.SSLContext] = {}
        by_kind: dict[str, list[str]] = {}
        for h, k in self.bad_hosts.items():
            by_kind.setdefault(k, []).append(h)
        if "hostname" in by_kind:
            ctx = _server_context()
            self.ca.issue_cert(MISMATCH_NAME).configure_cert(ctx)
            self.contexts["hostname"] = ctx
        if "untrusted" in by_kind:
            self.untrusted_ca = trustme.CA(organization_name="Untrusted fictional CA")
            ctx = _server_context()
            self.untrusted_ca.issue_cert(*sorted(by_kind["untrusted"])).configure_cert(ctx)
            self.contexts["untrusted"] = ctx
        if "expired" in by_kind:
            cert_pem, key_pem = expired_cert_pem(self.ca, sorted(by_kind["expired"]))
            cert_file, key_file = workdir / "expired-cert.pem", workdir / "expired-key.pem"
            cert_file.write_bytes(cert_pem)
            key_file.write_bytes(key_pem)
            ctx = _server_context()
            ctx.load_cert_chain(str(cert_file), str(key_file))
            self.contexts["expired"] = ctx
        self.default.sni_callback = self._sni

    def _sni(self, sslobj: ssl.SSLObject, server_name: str | None, _ctx: ssl.SSLContext
             ) -> None:
        if server_name:
            kind = self.bad_hosts.get(server_name.lower().rstrip("."))
            if kind is not None and kind in self.contexts:
                sslobj.context = self.contexts[kind]
        return None

    def client_context(self) -> ssl.SSLContext:
        """A client context that trusts only the synthetic CA (verification on)."""
        ctx = ssl.create_default_context(cadata=self.ca_pem.decode())
        return ctx

    def close(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

"""The loopback server: virtual hosts over HTTP and HTTPS, bad certificates, hostile sites."""

from __future__ import annotations

import asyncio
import datetime as dt
import http.client
import socket
import ssl

import aiohttp
import pytest

from govlens.synthweb import generate, serve, serve_in_thread
from govlens.synthweb.serve import StaticResolver, parse_rule

TODAY = dt.date(2025, 1, 15)
WEB = generate(40, seed=0, today=TODAY)


def by(behaviour=None, **plan):
    for s in WEB.sites:
        if s.behaviour != behaviour:
            continue
        if all(getattr(s.plan, k) == v for k, v in plan.items()):
            return s
    raise LookupError((behaviour, plan))


def by_security(mode, scheme=None):
    return next(s for s in WEB.reachable() if s.plan.security == mode
                and (scheme is None or s.scheme == scheme))


def run(coro):
    return asyncio.run(coro)


async def _get(running, url, **kw):
    timeout = kw.pop("timeout", aiohttp.ClientTimeout(total=10))
    async with aiohttp.ClientSession(connector=running.connector(), timeout=timeout) as sess, \
            sess.get(url, **kw) as resp:
        return resp.status, resp.headers.copy(), await resp.read(), str(resp.url), resp.history


def test_connect_rules_cover_every_host_but_the_dns_one():
    async def main():
        async with serve(WEB) as running:
            rules = [parse_rule(r) for r in running.connect_rules]
            assert all(addr == "127.0.0.1" for _, _, addr, _ in rules)
            hosts = {h for h, *_ in rules}
            dns = [s for s in WEB.sites if s.behaviour == "dns"]
            assert dns and all(s.host not in hosts for s in dns)
            assert hosts == {s.host for s in WEB.sites if s.behaviour != "dns"}
            for s in WEB.sites:
                if s.behaviour == "dns":
                    continue
                got = {port: p2 for h, port, _, p2 in rules if h == s.host}
                assert set(got) == {80, 443}
                if s.behaviour == "connect":
                    assert got == {80: running.closed_port, 443: running.closed_port}
                want_http = running.closed_port if s.serves["http"] == "closed" else running.http_port
                if s.behaviour != "connect":
                    assert got[80] == want_http
            ports = {running.http_port, running.https_port, running.closed_port}
            assert len(ports) == 3
            assert running.ca_file.read_bytes() == running.ca_pem
            assert b"BEGIN CERTIFICATE" in running.ca_pem
    run(main())


def test_virtual_hosts_over_http_and_https():
    http_site = by_security("http-only")
    https_site = by_security("https-only")
    both = by_security("both")

    async def main():
        async with serve(WEB) as running:
            st, hd, body, url, _ = await _get(running, http_site.url)
            assert st == 200 and url == f"http://{http_site.host}{http_site.plan.home_path}"
            assert body == http_site.files_for("http")[http_site.plan.home_path].body
            st, hd, body2, url, _ = await _get(running, https_site.url)
            assert st == 200 and url == f"https://{https_site.host}{https_site.plan.home_path}"
            assert body2 == https_site.files_for("https")[https_site.plan.home_path].body
            assert body2 != body
            assert b"govlens-synthweb (fictional)" in body2
            # the same site answers on both schemes when it serves both
            a = await _get(running, f"http://{both.host}{both.plan.home_path}")
            b = await _get(running, f"https://{both.host}{both.plan.home_path}")
            assert a[0] == b[0] == 200
            # a Host no site has: 421 from the loopback server itself
            async with aiohttp.ClientSession() as sess:
                async with sess.get(f"http://127.0.0.1:{running.http_port}/",
                                    headers={"Host": "nobody.fictional-gov.test"}) as r:
                    assert r.status == 421
                async with sess.get(f"http://127.0.0.1:{running.http_port}/",
                                    headers={"Host": f"{http_site.host}:80"}) as r:
                    assert r.status in (200, 302)
    run(main())


def test_redirects_closed_ports_and_hits():
    red = by_security("redirect", scheme="http")
    only = by_security("https-only")
    no_tls = by_security("http-only")

    async def main():
        async with serve(WEB) as running:
            st, _, _, url, history = await _get(running, red.url)
            assert st == 200 and url.startswith(f"https://{red.host}/")
            assert history[0].status in (301, 302)
            with pytest.raises(aiohttp.ClientConnectorError):
                await _get(running, f"http://{only.host}/")
            with pytest.raises(aiohttp.ClientConnectorError):
                await _get(running, f"https://{no_tls.host}/")
            before = running.hits[(no_tls.host, "/robots.txt")]
            await _get(running, f"http://{no_tls.host}/robots.txt")
            assert running.hits[(no_tls.host, "/robots.txt")] == before + 1
            await _get(running, f"http://{no_tls.host}/robots.txt")
            assert running.hits[(no_tls.host, "/robots.txt")] == before + 2
            assert running.scheme_hits[("http", no_tls.host, "/robots.txt")] == before + 2
            assert running.hits[(red.host, "/")] >= 1
    run(main())


def test_http_only_badcert_site_fails_verification():
    s = by_security("http-badcert")

    async def main():
        async with serve(WEB) as running:
            st, *_ = await _get(running, s.url)
            assert st == 200
            with pytest.raises(aiohttp.ClientConnectorCertificateError) as exc:
                await _get(running, f"https://{s.host}/")
            assert exc.value.certificate_error.verify_code == 62  # hostname mismatch
    run(main())


@pytest.mark.parametrize("behaviour,code,words", [
    ("tls-hostname", 62, "hostname mismatch"),
    ("tls-untrusted", 20, "unable to get local issuer certificate"),
    ("tls-expired", 10, "certificate has expired"),
])
def test_bad_certificates(behaviour, code, words):
    s = by(behaviour)

    async def main():
        async with serve(WEB) as running:
            with pytest.raises(aiohttp.ClientConnectorCertificateError) as exc:
                await _get(running, s.url)
            err = exc.value.certificate_error
            assert isinstance(err, ssl.SSLCertVerificationError)
            assert err.verify_code == code and words in err.verify_message.lower()
            # without verification the site is there: the certificate is the only fault
            st, _, body, _, _ = await _get(running, s.url, ssl=False)
            assert st == 200 and b"govlens-synthweb" in body
    run(main())


def test_dns_and_connect_failures():
    dns, conn = by("dns"), by("connect")

    async def main():
        async with serve(WEB) as running:
            assert running.rules_for(dns.host) == []
            with pytest.raises(aiohttp.ClientConnectorDNSError):
                await _get(running, dns.url)
            with pytest.raises(aiohttp.ClientConnectorError) as exc:
                await _get(running, conn.url)
            assert not isinstance(exc.value, aiohttp.ClientConnectorDNSError)
            assert isinstance(exc.value.os_error, ConnectionRefusedError)
            assert running.total_hits == 0
    run(main())


def test_hostile_home_pages():
    async def main():
        async with serve(WEB, slow_seconds=4) as running:
            st, *_ = await _get(running, by("home-404").url)
            assert st == 404
            st, *_ = await _get(running, by("home-500").url)
            assert st == 500
            st, hd, body, *_ = await _get(running, by("not-html").url)
            assert st == 200 and hd["Content-Type"] == "image/png"
            assert body.startswith(b"\x89PNG")
            with pytest.raises(aiohttp.TooManyRedirects):
                await _get(running, by("redirect-loop").url, max_redirects=10)
            rd = by("robots-disallowed")
            st, _, body, *_ = await _get(running, f"http://{rd.host}/robots.txt"
                                         if rd.scheme == "http" else f"https://{rd.host}/robots.txt")
            assert st == 200 and body == b"User-agent: *\nDisallow: /\n"
            st, *_ = await _get(running, rd.url)
            assert st == 200  # the page is there; robots.txt forbids it
            # oversized: the body keeps coming past 6 MB and is never stored
            big = by("oversized")
            async with aiohttp.ClientSession(connector=running.connector()) as sess, \
                    sess.get(big.url) as resp:
                assert resp.status == 200 and resp.content_type == "text/html"
                got = 0
                async for chunk in resp.content.iter_chunked(1 << 16):
                    got += len(chunk)
                assert got > 6 * 1024 * 1024
    run(main())


def test_slow_sites_time_out():
    async def main():
        async with serve(WEB, slow_seconds=4, trickle_seconds=4, trickle_interval=0.1) as running:
            t = asyncio.get_running_loop().time()
            with pytest.raises(asyncio.TimeoutError):
                await _get(running, by("slow-headers").url,
                           timeout=aiohttp.ClientTimeout(total=10, sock_read=0.5))
            assert asyncio.get_running_loop().time() - t < 3
            # the trickling body beats a read timeout but not a total one
            slow_body = by("slow-body")
            with pytest.raises(asyncio.TimeoutError):
                await _get(running, slow_body.url,
                           timeout=aiohttp.ClientTimeout(total=1.5, sock_read=0.5))
            st, _, body, *_ = await _get(running, f"{slow_body.url}robots.txt",
                                         timeout=aiohttp.ClientTimeout(total=2))
            assert st in (200, 404)  # other paths are not slow
    run(main())


def test_tis620_on_the_wire():
    s = next(x for x in WEB.reachable() if x.plan.encoding == "tis-620-header") if any(
        x.plan.encoding == "tis-620-header" for x in WEB.reachable()) else next(
        x for x in generate(120, seed=5, today=TODAY).reachable()
        if x.plan.encoding == "tis-620-header")
    web = WEB if s in WEB.sites else generate(120, seed=5, today=TODAY)

    async def main():
        async with serve(web) as running:
            st, hd, body, *_ = await _get(running, s.url)
            assert st == 200
            assert hd["Content-Type"] == "text/html; charset=TIS-620"
            with pytest.raises(UnicodeDecodeError):
                body.decode("utf-8")
            assert "ไม่มีอยู่จริง" in body.decode("tis-620")
    run(main())


def test_hundreds_of_concurrent_connections():
    sites = WEB.reachable()

    async def main():
        async with serve(WEB) as running:
            conn = running.connector(limit=0, force_close=True)
            async with aiohttp.ClientSession(connector=conn) as sess:
                async def one(i):
                    s = sites[i % len(sites)]
                    async with sess.get(f"{s.url}robots.txt") as r:
                        await r.read()
                        return r.status
                statuses = await asyncio.gather(*(one(i) for i in range(400)))
            assert len(statuses) == 400
            assert set(statuses) <= {200, 404, 410}
            assert running.total_hits >= 400
    run(main())


def test_serve_in_thread_for_sync_callers():
    s = by_security("http-only")
    t = by_security("https-only")
    with serve_in_thread(WEB) as running:
        conn = http.client.HTTPConnection("127.0.0.1", running.http_port, timeout=5)
        conn.request("GET", "/robots.txt", headers={"Host": s.host})
        resp = conn.getresponse()
        resp.read()
        assert resp.status in (200, 404, 410)
        assert running.hits[(s.host, "/robots.txt")] == 1
        ctx = ssl.create_default_context(cafile=str(running.ca_file))
        with socket.create_connection(("127.0.0.1", running.https_port), timeout=5) as raw, \
                ctx.wrap_socket(raw, server_hostname=t.host) as tls:
            tls.sendall(f"GET {t.plan.home_path} HTTP/1.1\r\nHost: {t.host}\r\n"
                        "Connection: close\r\n\r\n".encode())
            data = b""
            while chunk := tls.recv(65536):
                data += chunk
        assert data.startswith(b"HTTP/1.1 200")
        assert running.hits[(t.host, t.plan.home_path)] == 1
    # stopped: the port no longer answers
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", running.http_port), timeout=2).close()


def test_static_resolver_never_guesses():
    r = StaticResolver(["a.fictional-gov.test:443:127.0.0.1:9999"])

    async def main():
        res = await r.resolve("a.fictional-gov.test", 443)
        assert res[0]["host"] == "127.0.0.1" and res[0]["port"] == 9999
        with pytest.raises(OSError):
            await r.resolve("a.fictional-gov.test", 80)
        with pytest.raises(OSError):
            await r.resolve("example.com", 443)
    run(main())

#!/usr/bin/env python3
"""Re-create pages/ from the sources recorded in manifest.csv.

Pages whose licence does not allow redistribution (in_git = no) are not committed; this
script downloads each one from GitHub at the recorded commit
(https://raw.githubusercontent.com/<repository>/<commit>/<path>), checks the sha256 recorded
in the manifest, writes pages/<id>.html, and re-derives pages/<id>.nophp.html (the page body
with <?php ... ?> / <?= ... ?> / <? ... ?> blocks removed) for rows with php_stripped = yes.

    python accuracy/realpages/rebuild.py             # fetch missing or mismatching pages
    python accuracy/realpages/rebuild.py --verify    # no network: check local files only
    python accuracy/realpages/rebuild.py --force --ids th-sao-sanor-01,uk-essex-01

Standard library only.  Exit status 1 if any page is missing or its sha256 differs.
"""

import argparse
import csv
import hashlib
import re
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
RAW = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"
PHP = re.compile(rb"<\?(?:php|=)?.*?(?:\?>|\Z)", re.S)


def strip_php(b: bytes) -> bytes:
    return PHP.sub(b"", b)


def sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def fetch(row, retries=3) -> bytes:
    url = RAW.format(
        repo=row["repository"], commit=row["commit"], path=urllib.parse.quote(row["path"])
    )
    last = None
    for i in range(retries):
        try:
            req = urllib.request.Request(url, headers={"User-Agent": "govlens-realpages-rebuild"})
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.read()
        except Exception as e:  # noqa: BLE001 - report and retry
            last = e
            time.sleep(2 * (i + 1))
    raise RuntimeError(f"{url}: {last}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="rebuild accuracy/realpages/pages from manifest.csv")
    ap.add_argument("--verify", action="store_true", help="check local files, no network")
    ap.add_argument(
        "--force", action="store_true", help="download even when the local file is good"
    )
    ap.add_argument("--ids", help="comma-separated ids (default: all)")
    a = ap.parse_args(argv)
    with open(HERE / "manifest.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if a.ids:
        want = set(a.ids.split(","))
        rows = [r for r in rows if r["id"] in want]
    bad = 0
    for r in rows:
        dest = HERE / r["file"]
        have = dest.read_bytes() if dest.exists() else None
        good = have is not None and sha(have) == r["sha256"]
        if a.verify:
            status = "ok" if good else ("missing" if have is None else "sha256 mismatch")
        elif good and not a.force:
            status = "ok"
        else:
            try:
                b = fetch(r)
            except RuntimeError as e:
                print(f"{r['id']}: download failed: {e}", file=sys.stderr)
                bad += 1
                continue
            if sha(b) != r["sha256"]:
                status = f"sha256 mismatch after download ({sha(b)[:12]}), not written"
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(b)
                have, good, status = b, True, "downloaded"
        if good and r.get("php_stripped") == "yes":
            body = HERE / r["body_file"]
            sb = strip_php(have)
            if not body.exists() or body.read_bytes() != sb:
                if a.verify:
                    status += "; body file missing/stale"
                    good = False
                else:
                    body.write_bytes(sb)
                    status += "; body re-derived"
        if not good:
            bad += 1
        print(f"{r['id']}: {status}")
    print(f"{len(rows) - bad}/{len(rows)} pages good")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())

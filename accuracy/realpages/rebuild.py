#!/usr/bin/env python3
"""Re-create pages/ from the sources recorded in manifest.csv.

Pages whose licence does not allow redistribution (in_git = no) are not committed; this
script re-creates each missing (or mismatching) page, checks the sha256 recorded in the
manifest, writes pages/<id>.html only when it matches, and re-derives pages/<id>.nophp.html
(the page body with <?php ... ?> / <?= ... ?> / <? ... ?> blocks removed) for rows with
php_stripped = yes.

Sources, in order:

1. local git mirrors: for each mirror directory (--mirror DIR, repeatable; by default
   /work/.mirror when that directory exists) the bare git directory DIR/<owner>+<name>
   (or DIR/<owner>+<name>/repo, or the .git inside a checked-out DIR/<owner>+<name>/repo) is read with `git --git-dir=<it> show <commit>:<path>`;
   if that is absent or its sha256 differs, `HEAD:<path>` of the same mirror is tried
   (the recorded commit may be missing from a newer snapshot while the file is unchanged);
2. GitHub at the recorded commit
   (https://raw.githubusercontent.com/<repository>/<commit>/<path>), unless --offline.

    python accuracy/realpages/rebuild.py             # mirrors, then download, for missing pages
    python accuracy/realpages/rebuild.py --mirror /work/.mirror --offline
    python accuracy/realpages/rebuild.py --verify    # no network, no mirrors: check local files
    python accuracy/realpages/rebuild.py --force --ids th-sao-sanor-01,uk-essex-01

Standard library only (plus the `git` program for mirrors).  Exit status 1 if any page is
missing or its sha256 differs.
"""

import argparse
import csv
import hashlib
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
RAW = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"
DEFAULT_MIRROR = Path("/work/.mirror")
PHP = re.compile(rb"<\?(?:php|=)?.*?(?:\?>|\Z)", re.S)


def strip_php(b: bytes) -> bytes:
    return PHP.sub(b"", b)


def sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def mirror_gitdir(mirror: Path, repo: str):
    """The bare git directory of `repo` ("owner/name") under `mirror`, or None."""
    base = Path(mirror) / repo.replace("/", "+")
    for d in (base, base / "repo", base / "repo" / ".git"):
        if (d / "HEAD").is_file() and (d / "objects").is_dir():
            return d
    return None


def git_show(gitdir: Path, rev: str, path: str):
    """Bytes of `rev:path` in `gitdir`, or None when git or the object is not there."""
    cmd = ["git", "-c", "safe.directory=*", f"--git-dir={gitdir}", "show", f"{rev}:{path}"]
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return p.stdout if p.returncode == 0 else None


def from_mirrors(row, mirrors):
    """(bytes, note) from the first mirror whose copy has the manifest's sha256.

    bytes is None when no mirror gives a matching file; note then says what was tried.
    """
    tried = []
    for m in mirrors:
        g = mirror_gitdir(m, row["repository"])
        if g is None:
            continue
        seen = []
        for rev in (row["commit"], "HEAD"):
            b = git_show(g, rev, row["path"])
            if b is None:
                seen.append(f"{rev[:12]} absent")
            elif sha(b) == row["sha256"]:
                return b, f"from mirror {g} at {rev[:12]}"
            else:
                seen.append(f"{rev[:12]} has sha256 {sha(b)[:12]}")
        tried.append(f"mirror {g}: {', '.join(seen)}")
    return None, "; ".join(tried) if tried else "no mirror of the repository"


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
        "--force",
        action="store_true",
        help="re-fetch (mirror or download) even when the local file is good",
    )
    ap.add_argument("--ids", help="comma-separated ids (default: all)")
    ap.add_argument(
        "--mirror",
        action="append",
        metavar="DIR",
        help="directory of bare git mirrors named <owner>+<name>; tried before downloading "
        f"(repeatable; default: {DEFAULT_MIRROR} when it exists)",
    )
    ap.add_argument("--offline", action="store_true", help="use the mirrors only, never download")
    a = ap.parse_args(argv)
    if a.mirror:
        mirrors = [Path(m) for m in a.mirror]
    else:
        mirrors = [DEFAULT_MIRROR] if DEFAULT_MIRROR.is_dir() else []
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
            b, note = from_mirrors(r, mirrors)
            if b is not None:
                how = note
            elif a.offline:
                print(f"{r['id']}: not restored (offline; {note})", file=sys.stderr)
                bad += 1
                continue
            else:
                try:
                    b = fetch(r)
                except RuntimeError as e:
                    print(f"{r['id']}: download failed: {e} ({note})", file=sys.stderr)
                    bad += 1
                    continue
                how = "downloaded"
            if sha(b) != r["sha256"]:
                status = f"sha256 mismatch after download ({sha(b)[:12]}), not written"
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(b)
                have, good, status = b, True, how
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

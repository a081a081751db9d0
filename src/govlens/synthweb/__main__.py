"""``python -m govlens.synthweb``: write a synthetic web's catalog and labels, and serve it.

    python -m govlens.synthweb --n 40 --seed 0 --out /tmp/synth --serve

writes catalog.yaml, labels.csv, statuses.csv (and, with --serve, connect-to.txt and
ca.pem) in --out, then serves on 127.0.0.1 until interrupted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import time
from pathlib import Path

from govlens.synthweb.generate import generate, label_counts
from govlens.synthweb.labels import write_all
from govlens.synthweb.serve import serve_in_thread


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m govlens.synthweb", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--today", type=dt.date.fromisoformat, default=None)
    ap.add_argument("--no-hostile", action="store_true")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--serve", action="store_true")
    ap.add_argument("--slow-seconds", type=float, default=30.0)
    args = ap.parse_args(argv)

    web = generate(args.n, seed=args.seed, today=args.today, hostile=not args.no_hostile)
    paths = write_all(web, args.out)
    for name, p in paths.items():
        print(f"{name}: {p}")
    for check, counts in label_counts(web).items():
        print(f"  {check:30} " + " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    if not args.serve:
        return 0
    with serve_in_thread(web, slow_seconds=args.slow_seconds) as running:
        rules = args.out / "connect-to.txt"
        rules.write_text("\n".join(running.connect_rules) + "\n", encoding="utf-8")
        ca = args.out / "ca.pem"
        shutil.copyfile(running.ca_file, ca)
        print(f"serving http on 127.0.0.1:{running.http_port}, https on "
              f"127.0.0.1:{running.https_port}")
        print(f"connect rules: {rules}\nCA: {ca}\n(Ctrl-C to stop)")
        sys.stdout.flush()
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

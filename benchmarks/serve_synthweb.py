"""Serve a synthetic government web in its own process (so its CPU and memory are not the
crawler's); print the connect rules as one JSON line, serve until stdin closes."""

from __future__ import annotations

import json
import sys
from datetime import date

from govlens.synthweb.generate import generate
from govlens.synthweb.serve import serve_in_thread


def main() -> None:
    n, seed, hostile = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "hostile"
    web = generate(n, seed=seed, today=date(2026, 11, 24), hostile=hostile)
    with serve_in_thread(web, slow_seconds=float(sys.argv[4]) if len(sys.argv) > 4 else 30.0) as running:
        print(json.dumps({"rules": list(running.connect_rules), "ca_file": str(running.ca_file),
                          "urls": [s.url for s in web.sites],
                          "orgs": [{"id": s.org.id} for s in web.sites]}), flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()

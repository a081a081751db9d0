"""govlens command line: one entry point, verbs follow the pipeline.

Each module registers its verbs on the one app (:mod:`govlens.cli.app`): ``assess``,
``checks list|page``, ``frameworks …``, ``data …``, ``score``, ``evaluate``, ``report``,
``demo``.
"""

from __future__ import annotations

import sys

from govlens.cli.app import app, err

# registering the verbs, in the pipeline's order (that is the order --help lists them)
# isort: off
from govlens.cli import assess  # noqa: E402,F401
from govlens.cli import checks  # noqa: E402,F401
from govlens.cli import frameworks  # noqa: E402,F401
from govlens.cli import accuracy  # noqa: E402,F401
from govlens.cli import report  # noqa: E402,F401
from govlens.cli import demo  # noqa: E402,F401
# isort: on


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted; finished sites are saved — rerun with --resume latest")
        sys.exit(130)


if __name__ == "__main__":
    main()

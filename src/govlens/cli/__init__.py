"""govlens command line: one entry point, verbs follow the pipeline.

Each module registers its verbs on the one app (:mod:`govlens.cli.app`): ``catalog validate``,
``assess``, ``runs``, ``checks list|page``, ``frameworks …``, ``data …``, ``score``,
``evaluate``, ``report``, ``demo``. :func:`main` is the one error path (see app.py).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence

import typer

from govlens.cli.app import EXIT_INTERRUPTED, EXIT_USER, app, err, fail, report_bug, state

# registering the verbs, in the pipeline's order (that is the order --help lists them)
# isort: off
from govlens.cli import catalog  # noqa: E402,F401
from govlens.cli import assess  # noqa: E402,F401
from govlens.cli import checks  # noqa: E402,F401
from govlens.cli import frameworks  # noqa: E402,F401
from govlens.cli import benchmark  # noqa: E402,F401
from govlens.cli import accuracy  # noqa: E402,F401
from govlens.cli import report  # noqa: E402,F401
from govlens.cli import serve  # noqa: E402,F401
from govlens.cli import demo  # noqa: E402,F401
# isort: on

GLOBAL_FLAGS = ("-q", "--quiet", "-v", "--verbose", "--debug")

# Typer may bundle its own click: its exception classes, found from the one it exports
_MRO = {c.__name__: c for c in typer.BadParameter.__mro__}
UsageError, ClickException, BadParameter = _MRO["UsageError"], _MRO["ClickException"], typer.BadParameter
NoArgsIsHelpError = getattr(sys.modules[UsageError.__module__], "NoArgsIsHelpError", ())


def hoist(args: Sequence[str]) -> list[str]:
    """``govlens report -q`` means ``govlens -q report``: the global flags may come anywhere."""
    args = list(args)
    end = args.index("--") if "--" in args else len(args)
    flags = [a for a in args[:end] if a in GLOBAL_FLAGS]
    rest = [a for a in args[:end] if a not in GLOBAL_FLAGS] + args[end:]
    return flags + rest


def _usage_error(exc: UsageError) -> int:
    """A usage error said the one way: ``error: --lang: 'fr' is not one of 'en', 'th'``."""
    if NoArgsIsHelpError and isinstance(exc, NoArgsIsHelpError):
        exc.show()
        return EXIT_USER
    message = exc.format_message().replace("Value error, ", "").rstrip(".")
    param = getattr(exc, "param", None)
    thing = ""
    if isinstance(exc, BadParameter) and param is not None:
        opts = getattr(param, "opts", None) if param.param_type_name == "option" else None
        thing = (opts or [param.human_readable_name])[0]
        message = exc.message.replace("Value error, ", "").rstrip(".")
    command = exc.ctx.command_path if exc.ctx is not None else "govlens"
    if exc.ctx is not None:  # never suggest an old, hidden spelling
        hidden = {o for p in exc.ctx.command.params if getattr(p, "hidden", False) for o in p.opts}

        def keep(m: re.Match[str]) -> str:
            names = [n.strip() for n in m.group(1).split(",") if n.strip() not in hidden]
            return f"(did you mean {' or '.join(names)}?)" if names else ""

        message = re.sub(r"\(Possible options: ([^)]*)\)", keep, message)
        message = re.sub(r"Did you mean (\S+)\?", lambda m: "" if m.group(1) in hidden else m.group(0), message)
        message = message.strip()
    fail(thing or message, message if thing else "", f"`{command} --help` lists the options")
    return EXIT_USER


def main(argv: Sequence[str] | None = None) -> None:
    args = hoist(sys.argv[1:] if argv is None else argv)
    state.debug = "--debug" in args or os.environ.get("GOVLENS_DEBUG", "") not in ("", "0")
    try:
        rv = app(args=args, prog_name="govlens", standalone_mode=False)
    except UsageError as exc:
        sys.exit(_usage_error(exc))
    except typer.Abort:
        err.print("aborted")
        sys.exit(EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        hint = "; finished sites are saved — rerun with --resume latest" if "assess" in args else ""
        sys.stderr.write(f"interrupted{hint}\n")
        sys.exit(EXIT_INTERRUPTED)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError) as exc:
        # a path the command was given that is not there or not usable: the user's to fix
        if exc.filename is None:
            sys.exit(report_bug(exc))
        fail(str(exc.filename), (exc.strerror or str(exc)).lower())
        sys.exit(EXIT_USER)
    except ClickException as exc:
        fail(exc.format_message())
        sys.exit(exc.exit_code or EXIT_USER)
    except Exception as exc:  # a govlens bug: one line and where to report it
        sys.exit(report_bug(exc))
    sys.exit(rv if isinstance(rv, int) else 0)


if __name__ == "__main__":
    main()

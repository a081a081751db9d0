"""Flags that mean one thing: the same name for the same idea in every command, a help text
for every option, choices that are listed, and no Python type names in --help."""

from __future__ import annotations

import re

import pytest
import typer

from govlens.cli import app

TYPE_NAMES = re.compile(r"<(int|str|float|bool|path|list\[.*?\]|Path)>|\b(INTEGER|FLOAT|TEXT|BOOLEAN|PATH|FILENAME)\b"
                        r"|Optional\[|NoneType|<class ")


def commands(cmd=None, path=()):
    cmd = cmd or typer.main.get_command(app)
    yield path, cmd
    for name, sub in sorted(getattr(cmd, "commands", {}).items()):
        yield from commands(sub, (*path, name))


ALL = [(" ".join(p), c) for p, c in commands() if p]


@pytest.mark.parametrize(("name", "cmd"), ALL, ids=[n for n, _ in ALL])
def test_every_option_has_help_and_a_metavar_a_person_reads(gl, name, cmd):
    for p in cmd.params:
        if getattr(p, "hidden", False):
            continue
        assert (getattr(p, "help", None) or "").strip(), f"{name}: {p.name} has no help"
        if p.param_type_name == "option" and not p.is_flag:
            assert p.metavar, f"{name}: {p.opts[0]} shows its type, not a metavar"
    r = gl(*name.split(), "--help")
    assert r.code == 0, r.err
    found = TYPE_NAMES.search(r.out)
    assert found is None, f"{name} --help shows {found.group(0)!r}:\n{r.out}"


def test_one_name_for_one_idea():
    """--workspace/-w, --output/-o, --format: the same spelling wherever they appear."""
    seen: dict[str, set[tuple[str, ...]]] = {}
    for _name, cmd in ALL:
        for p in cmd.params:
            if p.param_type_name != "option" or getattr(p, "hidden", False):
                continue
            seen.setdefault(p.name, set()).add(tuple(sorted(p.opts)))
    assert seen["workspace"] == {("--workspace", "-w")}
    assert seen["output"] == {("--output", "-o")}
    assert seen["fmt"] == {("--format",)}
    visible = {o for name, cmd in ALL for p in cmd.params if not getattr(p, "hidden", False) for o in p.opts}
    for old in ("--out", "--json", "--db", "--path"):
        assert old not in visible, old


@pytest.mark.parametrize("old", [("frameworks", "list", "--json"), ("report", "--out", "r.html")])
def test_old_spellings_still_work(gl, demo_dir, old):
    r = gl(*old, "-w", demo_dir / "govlens-workspace") if old[0] == "report" else gl(*old)
    assert r.code == 0, r.err


def test_global_flags_may_come_after_the_command():
    from govlens.cli import hoist

    assert hoist(["report", "latest", "-q", "--debug"]) == ["-q", "--debug", "report", "latest"]
    assert hoist(["assess", "c.yaml", "--", "-v"]) == ["assess", "c.yaml", "--", "-v"]

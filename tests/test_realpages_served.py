"""accuracy/realpages/served.py: the copy the detectors judge reads as the server would send it."""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "served", Path(__file__).resolve().parents[1] / "accuracy" / "realpages" / "served.py")
served_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(served_mod)  # type: ignore[union-attr]
served = served_mod.served


def test_template_expressions_in_attributes_become_placeholder_paths():
    out = served('<a href="<?= site_url(\'contact\') ?>">ติดต่อเรา</a><?php echo $x; ?>')
    assert out == '<a href="/_served_/1">ติดต่อเรา</a>'


def test_template_comments_are_not_sent():
    page = '{{-- <form action="#"><input type="file"></form> --}}<p>{# note #}kept<%# erb %></p>'
    assert served(page) == "<p>kept</p>"


def test_framework_written_links_get_an_href_and_plain_anchors_do_not():
    out = served('<a asp-controller="Personel" asp-action="Baskan">Başkan</a>'
                 '<a routerLink="/contact">Contact</a><a class="x">anchor</a><a href="/y">y</a>')
    assert out.count('href="/_served_/') == 2
    assert '<a class="x">anchor</a>' in out and '<a href="/y">y</a>' in out

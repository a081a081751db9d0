"""The catalog loader on generated YAML and CSV: a Catalog or a CatalogError that names the
file, never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from strategies import csv_text, yaml_text

from govlens.catalog.errors import CatalogError
from govlens.catalog.loader import load_catalog
from govlens.catalog.models import Catalog

GOOD_YAML = """catalog: demo
source: tests
as_of: 2026-11-24
countries:
  - code: THA
    name: {en: Thailand, th: ประเทศไทย}
    organisations:
      - id: th-moph
        kind: ministry
        sector: health
        parent: null
        name: {en: Ministry of Public Health, th: กระทรวงสาธารณสุข}
        sites:
          - https://www.moph.go.th/
"""


def load(text: str | bytes, suffix: str) -> Catalog | CatalogError:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"catalog{suffix}"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
        try:
            return load_catalog(path)
        except CatalogError as exc:
            assert str(exc), "an error says what is wrong"
            assert all(e.file.endswith(f"catalog{suffix}") for e in exc.errors)
            return exc


@given(yaml_text())
def test_yaml_catalog_loads_or_says_why(text: str) -> None:
    assert isinstance(load(text, ".yaml"), Catalog | CatalogError)


@given(st.text(max_size=300))
def test_yaml_catalog_from_any_text(text: str) -> None:
    assert isinstance(load(text, ".yml"), Catalog | CatalogError)


@given(csv_text())
def test_csv_catalog_loads_or_says_why(text: str) -> None:
    assert isinstance(load(text, ".csv"), Catalog | CatalogError)


@given(st.binary(max_size=300), st.sampled_from([".yaml", ".csv"]))
def test_catalog_from_any_bytes(data: bytes, suffix: str) -> None:
    assert isinstance(load(data, suffix), Catalog | CatalogError)


@given(st.integers(0, len(GOOD_YAML) - 1), st.sampled_from(["", "\t", ":", "- ", "&a ", "*a", "\x00", "\n  ", "{"]))
def test_a_good_catalog_with_one_edit(at: int, insert: str) -> None:
    assert isinstance(load(GOOD_YAML[:at] + insert + GOOD_YAML[at:], ".yaml"), Catalog | CatalogError)


def test_alias_bombs_are_cheap() -> None:
    import time

    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        levels.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    for target in ("countries: *a8", "countries:\n  - code: THA\n    organisations: *a8"):
        text = "catalog: x\nsource: x\nas_of: 2026-11-24\n" + "\n".join(levels) + "\n" + target + "\n"
        t0 = time.perf_counter()
        assert isinstance(load(text, ".yaml"), CatalogError)
        assert time.perf_counter() - t0 < 5

from __future__ import annotations

import pytest

from govlens.benchmark.un_data import default_shared_data, read_un_files


@pytest.fixture(scope="session")
def un_dir():
    base = default_shared_data()
    if base is None or not (base / "un_egdi").is_dir():
        pytest.skip("shared UN data not found (set GOVLENS_SHARED_DATA)")
    return base / "un_egdi"


@pytest.fixture(scope="session")
def un(un_dir):
    return read_un_files(un_dir)

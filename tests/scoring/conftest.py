from __future__ import annotations

import pytest

from govlens.scoring.un_data import packaged_un_data, read_un_files


@pytest.fixture(scope="session")
def un_dir():
    """The UN EGDI tables shipped in the package (scoring/data/un_egdi)."""
    return packaged_un_data()


@pytest.fixture(scope="session")
def un(un_dir):
    return read_un_files(un_dir)

from __future__ import annotations

import pytest

from govlens.frameworks import load_framework


@pytest.fixture(scope="session")
def losi():
    return load_framework("un-losi-2024")


"""The catalog stage: which countries, organisations, sites and services to assess.

Everything a later stage needs is re-exported here; see models.py for the data, loader.py
for reading files and errors.py for how problems are reported.
"""

from .errors import CatalogError, CatalogErrors
from .loader import bundled_catalogs, load_bundled, load_catalog, normalise_url
from .models import (
    KINDS,
    SECTORS,
    UN_SECTORS,
    Catalog,
    Country,
    Name,
    Organisation,
    Service,
    Site,
    SiteTarget,
)

__all__ = [
    "KINDS",
    "SECTORS",
    "UN_SECTORS",
    "Catalog",
    "CatalogError",
    "CatalogErrors",
    "Country",
    "Name",
    "Organisation",
    "Service",
    "Site",
    "SiteTarget",
    "bundled_catalogs",
    "load_bundled",
    "load_catalog",
    "normalise_url",
]

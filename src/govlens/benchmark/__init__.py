"""Benchmark: official UN data import, comparisons and rank uncertainty on real data.

Importing :mod:`govlens.benchmark.tables` registers the benchmark and score tables on the
store's metadata so that ``govlens.store.db.connect()`` creates them.
"""

from govlens.benchmark import tables  # noqa: F401  (registers the tables)

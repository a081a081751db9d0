"""A synthetic government web: seeded fictional sites with ground-truth labels, served on
loopback with virtual hosts (for the demo, tests, evaluation and benchmarks).

    web = generate(40, seed=1, today=date(2025, 1, 15))
    async with serve(web) as running:       # or: with serve_in_thread(web) as running:
        running.connect_rules, running.ca_file, running.hits
"""

from govlens.synthweb.generate import (
    CHECK_IDS,
    GENERATOR_META,
    HOSTILE_KINDS,
    Feature,
    Org,
    SitePlan,
    SynthSite,
    SynthWeb,
    generate,
    label_counts,
)
from govlens.synthweb.labels import (
    catalog_dict,
    read_labels,
    write_all,
    write_catalog,
    write_labels,
    write_statuses,
)
from govlens.synthweb.render import Resource, SiteRenderer
from govlens.synthweb.serve import Running, StaticResolver, serve, serve_in_thread

__all__ = [
    "CHECK_IDS", "GENERATOR_META", "HOSTILE_KINDS", "Feature", "Org", "Resource", "Running",
    "SitePlan", "SiteRenderer", "StaticResolver", "SynthSite", "SynthWeb", "catalog_dict",
    "generate", "label_counts", "read_labels", "serve", "serve_in_thread", "write_all",
    "write_catalog", "write_labels", "write_statuses",
]

"""The tables of the UN data and of framework scores, defined on the store's MetaData.

They are declared here, beside ``govlens.store.db``, on ``govlens.store.db.metadata``:
importing this module before ``connect()`` makes ``metadata.create_all`` create them
(``govlens.scoring.un_data`` and ``govlens.scoring.runs`` import it).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from govlens.store.db import UTCDateTime, metadata

un_countries = Table(
    "un_countries", metadata,
    Column("iso3", String(3), primary_key=True),
    Column("name", Text, nullable=False),
    Column("official_name", Text, nullable=False, default=""),
    Column("region", String(80), nullable=False, default=""),
    Column("subregion", String(80), nullable=False, default=""),
    Column("income", String(40), nullable=False, default=""),
    Column("status", String(40), nullable=False, default=""),
    Column("source", Text, nullable=False, default=""),
    extend_existing=True,
)

un_egdi = Table(
    "un_egdi", metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False, index=True),
    Column("iso3", String(3), nullable=False, index=True),
    Column("country_name", Text, nullable=False),  # as published
    Column("rank", Integer),  # None when not assessed
    Column("egdi", Float),
    Column("epi", Float),
    Column("osi", Float),
    Column("hci", Float),
    Column("tii", Float),
    Column("note", Text, nullable=False, default=""),  # e.g. "not assessed (EGDI 0)"
    Column("source", Text, nullable=False),  # file name
    Column("imported", UTCDateTime(), nullable=False),
    UniqueConstraint("year", "iso3", "source", name="uq_un_egdi_year_iso3_source"),
    extend_existing=True,
)

score_runs = Table(
    "score_runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer),  # runs.id when scored from the database
    Column("run_ref", Text, nullable=False, default=""),  # the RUN argument (id, "latest", a file)
    Column("framework", String(80), nullable=False),
    Column("edition", String(80), nullable=False, default=""),
    Column("manual_files", JSON, nullable=False, default=list),
    Column("created", UTCDateTime(), nullable=False),
    Column("govlens_version", String(40), nullable=False, default=""),
    extend_existing=True,
)

indicator_values = Table(
    "indicator_values", metadata,
    Column("id", Integer, primary_key=True),
    Column("score_run_id", ForeignKey("score_runs.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("entity_kind", String(20), nullable=False),  # site | organisation
    Column("entity", Text, nullable=False),
    Column("indicator", String(80), nullable=False),
    Column("criterion", String(40), nullable=False, default=""),
    Column("value", Float),
    Column("automated_value", Float),
    Column("provenance", String(20), nullable=False),  # automated | manual | overridden | missing
    Column("needs_confirmation", Integer, nullable=False, default=0),
    Column("checks", JSON, nullable=False, default=list),
    Column("answer_ref", JSON),
    Column("note", Text, nullable=False, default=""),
    Column("from_site", Text, nullable=False, default=""),  # organisation values: the site used
    extend_existing=True,
)

framework_scores = Table(
    "framework_scores", metadata,
    Column("id", Integer, primary_key=True),
    Column("score_run_id", ForeignKey("score_runs.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("entity_kind", String(20), nullable=False),
    Column("entity", Text, nullable=False),
    Column("organisation", Text, nullable=False, default=""),
    Column("score", Float),
    Column("score_max", Float),
    Column("lower", Float),
    Column("upper", Float),
    Column("assessed", Float),
    Column("share", Float),
    Column("coverage", Float),
    Column("normalised", Float),
    Column("rank", Integer),
    Column("level", String(20)),
    Column("criteria", JSON, nullable=False, default=dict),
    Column("views", JSON, nullable=False, default=dict),
    Column("provenance", JSON, nullable=False, default=dict),
    extend_existing=True,
)

__all__ = ["framework_scores", "indicator_values", "score_runs", "un_countries", "un_egdi"]

"""Storage: one SQLite file per workspace by default, PostgreSQL by URL."""

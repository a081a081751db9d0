"""Collect: fetch politely, archive everything to WARC. Collectors never judge."""

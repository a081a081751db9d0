"""Archived evidence a person can open: offline snapshots of the pages in a run's WARCs, with
the evidence element highlighted (``snapshot``), exported beside the answer document
(``export``), and served on loopback (``serve``). Reads the archive only; never the web."""

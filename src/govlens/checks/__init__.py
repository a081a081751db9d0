"""Checks: facts about a site, each a small pure function of its evidence."""

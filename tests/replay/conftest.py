from browser import chromium  # noqa: F401 - the chromium fixture, shared

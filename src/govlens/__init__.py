"""govlens: measure government online services the way the international rankings do."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/govlens/govlens"
USER_AGENT = f"govlens/{__version__} (+{PROJECT_URL})"

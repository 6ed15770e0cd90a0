"""Entry point used by the CLI; the app itself lives in tsunagu.site."""
from tsunagu.site.app import create_app  # noqa: F401

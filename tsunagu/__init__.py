"""Tsunagu (つなぐ): an accessible directory and map of local welfare resources."""

__version__ = "0.1.0"

"""Index builder placeholder: replaced by the search work."""
from __future__ import annotations


def build_index(resources, index_dir, data_dir) -> None:
    index_dir.mkdir(parents=True, exist_ok=True)

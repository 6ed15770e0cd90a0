"""Covered-area rules (placeholder until the address-engine work lands)."""
from __future__ import annotations


def check_area_rules(data_dir, directory) -> list:
    return []

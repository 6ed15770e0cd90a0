"""GeoEngine placeholder: replaced by the address-engine work."""
from __future__ import annotations


class GeoEngine:
    def __init__(self, data_dir):
        self.data_dir = data_dir

    def geocode_directory(self, directory) -> None:
        pass

    def write_build_artifacts(self, out, directory) -> None:
        out.mkdir(parents=True, exist_ok=True)

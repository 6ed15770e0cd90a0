"""The built directory's reader lives in tsunagu.catalog: the build's guide step reads it too."""
from tsunagu.catalog import Catalog, CityInfo

__all__ = ["Catalog", "CityInfo"]

"""Search an indexed news archive: full text, filters and facets."""

from search.archive import Archive
from search.facets import FacetCount
from search.query import Query
from search.results import Hit, Results

__all__ = ["Archive", "FacetCount", "Hit", "Query", "Results"]

"""What the command line needs to index an archive: the indexer's public surface.

The search side imports nothing else of the writer's (``tests/test_layers.py``).
"""

from indexer.report import Failure, IndexReport
from indexer.writer import default_jobs, index_paths

__all__ = ["Failure", "IndexReport", "default_jobs", "index_paths"]

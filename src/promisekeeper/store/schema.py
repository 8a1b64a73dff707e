"""Schema versions known to this build of pk (Alembic revision ids, oldest first).

Kept here as plain constants so that opening a database can check its version with the standard
library alone; ``tests/test_migrations.py`` checks this list against the Alembic scripts.
"""

REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
    "0014",
    "0015",
    "0016",
    "0017",
    "0018",
    "0019",
)
HEAD = REVISIONS[-1]

"""The partial indexes no longer list the states: a new state needs no migration of its own.

The indexes over active promises were written as ``status IN ('open', 'waiting')``, the one over
waiting promises as ``status = 'waiting'`` and the one over promises with an update rhythm as
``status <> 'kept' AND …``: each new state meant rewriting them. They are now written on the
stored facts that say the same (docs/architecture.md, "Add a promise state"):

* active: ``closed_at IS NULL`` (a closed promise has ``closed_at``, an active one none);
* waiting: ``waiting_since IS NOT NULL`` (set exactly while a promise waits).

Both facts are kept by every write and checked by every import and ``pk db check``; a row that
an older version or a hand edit left out of step is brought in step first (a closed promise
without ``closed_at`` takes the time of its last event; ``waiting_since`` follows the state), so
that the same promises are found as before. No row is removed.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

ACTIVE = "closed_at IS NULL AND deleted_at IS NULL"
WAITING = "waiting_since IS NOT NULL AND deleted_at IS NULL"
LOOPED = "update_every IS NOT NULL AND closed_at IS NULL AND deleted_at IS NULL"

ACTIVE_BEFORE = "status IN ('open', 'waiting') AND deleted_at IS NULL"
WAITING_BEFORE = "status = 'waiting' AND deleted_at IS NULL"
LOOPED_BEFORE = (
    "update_every IS NOT NULL AND status <> 'kept' AND status <> 'broken'"
    " AND status <> 'cancelled' AND deleted_at IS NULL"
)
LAST_EVENT = "(SELECT MAX(e.at) FROM event e WHERE e.promise_id = promise.id)"
LAST_WAIT = (
    "(SELECT MAX(e.at) FROM event e WHERE e.promise_id = promise.id AND e.kind = 'waiting'"
    " AND e.voided_by IS NULL)"
)


def upgrade() -> None:
    op.execute(
        f"UPDATE promise SET closed_at = COALESCE({LAST_EVENT}, created_at)"
        " WHERE status NOT IN ('open', 'waiting') AND closed_at IS NULL"
    )
    op.execute(
        "UPDATE promise SET closed_at = NULL"
        " WHERE status IN ('open', 'waiting') AND closed_at IS NOT NULL"
    )
    op.execute(
        f"UPDATE promise SET waiting_since = COALESCE({LAST_WAIT}, created_at)"
        " WHERE status = 'waiting' AND waiting_since IS NULL"
    )
    op.execute(
        "UPDATE promise SET waiting_since = NULL"
        " WHERE status <> 'waiting' AND waiting_since IS NOT NULL"
    )
    _indexes(ACTIVE, WAITING, LOOPED)


def downgrade() -> None:
    _indexes(ACTIVE_BEFORE, WAITING_BEFORE, LOOPED_BEFORE)


def _indexes(active: str, waiting: str, looped: str) -> None:
    for name, columns, where in (
        ("ix_promise_open_owner_due_at", ["owner", "due_at", "made_at", "status"], active),
        ("ix_promise_open_due_at", ["due_at", "made_at", "status"], active),
        ("ix_promise_waiting", ["owner", "waiting_since"], waiting),
        ("ix_promise_looped", ["owner", "update_every", "made_at"], looped),
    ):
        op.drop_index(name, table_name="promise")
        op.create_index(
            name, "promise", columns, sqlite_where=sa.text(where), postgresql_where=sa.text(where)
        )

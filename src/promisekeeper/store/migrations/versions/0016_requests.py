"""Requests without a date, and standards of one customer (docs/words.md, "Unanswered
requests and declines"; docs/business-time.md, "A customer's own standard").

* ``promise.due_at``, ``original_due_at`` and ``baseline_due_at`` may be null: a request not
  answered yet (status ``unanswered``) has no date, nor one said no to (``declined``). Every
  existing row keeps its dates; the table is copied on SQLite, altered in place on PostgreSQL.
* ``promise.effort_stated`` and ``effort_actual``: minutes of effort stated to the customer
  when promising, and what keeping it took (docs/words.md, "Effort stated up front").
* ``ix_promise_closed``: each owner's closed promises by when they closed, which calibration
  reads when a promise is made (docs/words.md, "Calibration"); ``ix_event_answered``: the
  answers to requests, whose time the reports read; the report index covers the efforts.
* ``standard.customer_id``: a standard of one customer, overriding the general one of the same
  name for that customer's promises. A name is unique among the general standards and among
  each customer's own.
* On PostgreSQL, the team database's own replay (``pk_promise_checked``) follows the new
  events: ``created`` as a request, ``answered``, ``declined``, a reopened request, and the
  efforts (a member writes them only with the event that states them). A downgrade leaves this
  newer function in place: it accepts every history the older one did.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

DATES = ("due_at", "original_due_at", "baseline_due_at")
# The report index (migration 0006) with the efforts, which the report's figures read too.
REPORT = [
    "baseline_due_at", "status", "kept_at", "due_at", "slips", "slips_heads_up", "customer_id",
    "owner", "deleted_at", "waiting_since", "waits", "waited_seconds",
]  # fmt: skip
EFFORTS = ["effort_stated", "effort_actual"]
SLACK = 60  # as migration 0011
THIS_TRANSACTION = "e.xmin::text = (txid_current() % 4294967296)::text"
GENERAL = "customer_id IS NULL"
ANSWERED = "kind = 'answered'"
KEEP_IDS = {"sqlite_autoincrement": True}
CLOSED = "closed_at IS NOT NULL AND deleted_at IS NULL"
# ... with every column calibration reads of them: the rows are never read (a new process
# reads a few index pages, not two hundred rows).
CALIBRATED = ["owner", "closed_at", "status", "baseline_due_at", "kept_at", "customer_id",
              "standard_id", "tags", "deleted_at"]  # fmt: skip


def _checked(schema: str) -> str:
    """pk_promise_checked of migration 0011, with the requests' events."""
    path = f"SET search_path = {schema}, pg_catalog, pg_temp"
    refuse = "USING ERRCODE = 'insufficient_privilege'"
    return f"""CREATE OR REPLACE FUNCTION pk_promise_checked() RETURNS trigger LANGUAGE plpgsql
            {path} AS $$
            DECLARE
              cur promise%ROWTYPE;
              step record;
              recorded_due bigint;
              written_due bigint;
              recorded_every text;
              voided_created bigint;
              s_status text := 'open'; s_due bigint; s_original bigint; s_baseline bigint;
              s_kept bigint; s_closed bigint; s_deleted bigint; s_slips integer := 0;
              s_heads_up integer := 0; s_waiting bigint; s_waits integer := 0;
              s_waited bigint := 0; s_every text; s_stated integer; s_actual integer;
              created boolean := false;
            BEGIN
              IF NOT pk_is_member() THEN RETURN NULL; END IF;
              SELECT * INTO cur FROM promise WHERE id = NEW.id;
              IF NOT FOUND THEN RETURN NULL; END IF;
              written_due := cur.original_due_at;
              IF TG_OP = 'UPDATE' THEN
                IF (cur.made_at, cur.created_at, cur.standard_id, cur.standard_due_at)
                   IS DISTINCT FROM (OLD.made_at, OLD.created_at, OLD.standard_id,
                   OLD.standard_due_at) THEN
                  RAISE EXCEPTION 'pk: when #% was made and its standard stay as recorded',
                    NEW.id {refuse};
                END IF;
                IF (cur.status, cur.due_at, cur.original_due_at, cur.baseline_due_at,
                    cur.kept_at, cur.closed_at, cur.deleted_at, cur.slips, cur.slips_heads_up,
                    cur.waiting_since, cur.waits, cur.waited_seconds, cur.update_every,
                    cur.owner, cur.effort_stated, cur.effort_actual)
                   IS NOT DISTINCT FROM (OLD.status, OLD.due_at, OLD.original_due_at,
                    OLD.baseline_due_at, OLD.kept_at, OLD.closed_at, OLD.deleted_at, OLD.slips,
                    OLD.slips_heads_up, OLD.waiting_since, OLD.waits, OLD.waited_seconds,
                    OLD.update_every, OLD.owner, OLD.effort_stated, OLD.effort_actual) THEN
                  -- its text, tags or customer: with an edit's event, or a lead's merge of
                  -- customers (which moves their promises without an event each)
                  IF (cur.what, cur.tags, cur.customer_id) IS DISTINCT FROM
                     (OLD.what, OLD.tags, OLD.customer_id) AND NOT pk_is_lead()
                     AND NOT EXISTS (SELECT 1 FROM event e WHERE e.promise_id = NEW.id
                                     AND {THIS_TRANSACTION}) THEN
                    RAISE EXCEPTION 'pk: #% changed without the event that explains it', NEW.id
                      {refuse};
                  END IF;
                  RETURN NULL;
                END IF;
                written_due := OLD.original_due_at;  -- changed only by a correction
              END IF;
              IF NOT EXISTS (SELECT 1 FROM event e WHERE e.promise_id = NEW.id
                             AND {THIS_TRANSACTION}) THEN
                RAISE EXCEPTION 'pk: #% changed without the event that explains it', NEW.id
                  {refuse};
              END IF;
              -- taken back whole (pk undo of its creation): only its deletion
              SELECT u.at INTO voided_created FROM event e JOIN event u ON u.id = e.voided_by
                WHERE e.promise_id = NEW.id AND e.kind = 'created';
              IF FOUND THEN
                IF cur.deleted_at IS DISTINCT FROM voided_created THEN
                  RAISE EXCEPTION 'pk: #% does not match its history', NEW.id {refuse};
                END IF;
                RETURN NULL;
              END IF;
              -- what it was recorded with (voided events count here, as in domain/replay.py)
              SELECT pk_instant(e.data::jsonb->>'from') INTO recorded_due FROM event e
                WHERE e.promise_id = NEW.id AND e.kind = 'corrected' ORDER BY e.id LIMIT 1;
              SELECT e.data::jsonb->'changes'->'update_every'->>0 INTO recorded_every
                FROM event e WHERE e.promise_id = NEW.id AND e.kind = 'edited'
                AND e.data::jsonb->'changes' ? 'update_every' ORDER BY e.id LIMIT 1;
              IF NOT FOUND THEN recorded_every := cur.update_every; END IF;
              s_due := recorded_due;
              s_every := recorded_every;
              FOR step IN SELECT ev.kind, ev.at, ev.data::jsonb AS d FROM event ev
                       WHERE ev.promise_id = NEW.id AND ev.voided_by IS NULL ORDER BY ev.id
              LOOP
                CASE step.kind
                WHEN 'created' THEN
                  created := true;
                  s_stated := (step.d->>'effort_minutes')::integer;
                  IF COALESCE((step.d->>'unanswered')::boolean, false) THEN
                    -- a request: no date until it is answered
                    s_status := 'unanswered'; s_due := NULL; s_baseline := NULL;
                    s_original := NULL;
                  ELSE
                    -- created events store no due date: the row holds it for good
                    s_due := COALESCE(s_due, pk_instant(step.d->>'due_at'), written_due);
                    s_baseline := s_due; s_original := s_due;
                    IF s_due IS NULL THEN
                      RAISE EXCEPTION 'pk: #% has no due date', NEW.id {refuse};
                    END IF;
                  END IF;
                WHEN 'answered' THEN
                  s_status := 'open'; s_due := pk_instant(step.d->>'to');
                  s_baseline := s_due; s_original := s_due;
                WHEN 'corrected' THEN
                  s_due := pk_instant(step.d->>'to'); s_baseline := s_due; s_original := s_due;
                WHEN 'rescheduled' THEN
                  s_due := pk_instant(step.d->>'to');
                  IF COALESCE((step.d->>'customer_asked')::boolean, false) THEN
                    s_baseline := s_due;
                  END IF;
                  s_slips := s_slips + COALESCE((step.d->>'slip')::boolean, false)::integer;
                  s_heads_up := s_heads_up
                    + COALESCE((step.d->>'heads_up')::boolean, false)::integer;
                WHEN 'kept' THEN
                  s_status := 'kept'; s_kept := pk_instant(step.d->>'kept_at');
                  s_actual := (step.d->>'effort_minutes')::integer;
                  s_closed := step.at;
                WHEN 'broken', 'cancelled', 'declined' THEN
                  s_status := step.kind; s_closed := step.at;
                WHEN 'reopened' THEN
                  -- a request said no to is a request again
                  s_status := CASE WHEN s_due IS NULL THEN 'unanswered' ELSE 'open' END;
                  s_kept := NULL; s_closed := NULL; s_actual := NULL;
                WHEN 'waiting' THEN
                  s_status := 'waiting'; s_waiting := step.at; s_waits := s_waits + 1;
                WHEN 'resumed' THEN
                  s_status := 'open'; s_waiting := NULL;
                  s_due := pk_instant(step.d->>'to');
                  s_baseline := pk_instant(step.d->>'baseline_to');
                  s_waited := s_waited + round(
                    COALESCE((step.d->>'waited_business_hours')::float8, 0) * 3600)::bigint;
                WHEN 'deleted' THEN
                  s_deleted := step.at;
                WHEN 'edited' THEN
                  IF step.d->'changes' ? 'update_every' THEN
                    s_every := step.d->'changes'->'update_every'->>1;
                  END IF;
                ELSE NULL;
                END CASE;
              END LOOP;
              IF NOT created OR (cur.status, cur.due_at, cur.original_due_at, cur.baseline_due_at,
                   cur.kept_at, cur.closed_at, cur.deleted_at, cur.slips, cur.slips_heads_up,
                   cur.waiting_since, cur.waits, cur.waited_seconds, cur.update_every,
                   cur.effort_stated, cur.effort_actual)
                 IS DISTINCT FROM (s_status, s_due, s_original, s_baseline, s_kept, s_closed,
                   s_deleted, s_slips, s_heads_up, s_waiting, s_waits, s_waited, s_every,
                   s_stated, s_actual) THEN
                RAISE EXCEPTION 'pk: #% does not match its history', NEW.id {refuse};
              END IF;
              RETURN NULL;
            END $$"""


def upgrade() -> None:
    bind = op.get_bind()
    # SQLite copies the two tables: their ids keep AUTOINCREMENT (never handed out twice).
    with op.batch_alter_table("promise", table_kwargs=KEEP_IDS) as batch:
        for column in DATES:
            batch.alter_column(column, existing_type=sa.BigInteger, nullable=True)
        batch.add_column(sa.Column("effort_stated", sa.Integer, nullable=True))
        batch.add_column(sa.Column("effort_actual", sa.Integer, nullable=True))
    op.drop_index("ix_promise_report", table_name="promise")
    op.create_index("ix_promise_report", "promise", REPORT + EFFORTS)
    # An owner's most recently closed promises: what calibration reads on every `pk add`.
    op.create_index(
        "ix_promise_closed", "promise", CALIBRATED,
        sqlite_where=sa.text(CLOSED), postgresql_where=sa.text(CLOSED),
    )  # fmt: skip
    # An answer's time is read by the reports from its event: few, found by their own index.
    op.create_index(
        "ix_event_answered", "event", ["promise_id"],
        sqlite_where=sa.text(ANSWERED), postgresql_where=sa.text(ANSWERED),
    )  # fmt: skip
    with op.batch_alter_table("standard", table_kwargs=KEEP_IDS) as batch:
        batch.add_column(sa.Column("customer_id", _id(), nullable=True))
        batch.create_foreign_key(
            "fk_standard_customer_id_customer", "customer", ["customer_id"], ["id"]
        )
        batch.drop_constraint("uq_standard_name_fold", type_="unique")
    _unique_names()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.execute(sa.text("SELECT quote_ident(current_schema())")).scalar_one()
    op.execute(_checked(schema))


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _unique_names() -> None:
    op.create_index(
        "ux_standard_general_name", "standard", ["name_fold"], unique=True,
        sqlite_where=sa.text(GENERAL), postgresql_where=sa.text(GENERAL),
    )  # fmt: skip
    op.create_index("ux_standard_customer_name", "standard", ["customer_id", "name_fold"],
                    unique=True)  # fmt: skip


def downgrade() -> None:
    # A request has no date to go back to: it is kept with its made time as its date.
    for column in DATES:
        op.execute(f"UPDATE promise SET {column} = made_at WHERE {column} IS NULL")
    op.execute("UPDATE promise SET status = 'cancelled' WHERE status = 'declined'")
    op.execute("UPDATE promise SET status = 'open' WHERE status = 'unanswered'")
    op.drop_index("ux_standard_customer_name", table_name="standard")
    op.drop_index("ux_standard_general_name", table_name="standard")
    op.execute(
        "DELETE FROM standard WHERE customer_id IS NOT NULL"
        " AND id NOT IN (SELECT standard_id FROM promise WHERE standard_id IS NOT NULL)"
    )
    with op.batch_alter_table("standard", table_kwargs=KEEP_IDS) as batch:
        batch.drop_constraint("fk_standard_customer_id_customer", type_="foreignkey")
        batch.drop_column("customer_id")
        batch.create_unique_constraint("uq_standard_name_fold", ["name_fold"])
    op.drop_index("ix_event_answered", table_name="event")
    op.drop_index("ix_promise_closed", table_name="promise")
    op.drop_index("ix_promise_report", table_name="promise")
    op.create_index("ix_promise_report", "promise", REPORT)
    with op.batch_alter_table("promise", table_kwargs=KEEP_IDS) as batch:
        for column in DATES:
            batch.alter_column(column, existing_type=sa.BigInteger, nullable=False)
        batch.drop_column("effort_actual")
        batch.drop_column("effort_stated")

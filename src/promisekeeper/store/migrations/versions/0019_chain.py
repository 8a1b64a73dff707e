"""A history the customer can verify (docs/formats.md, "The chain"; docs/review.md).

* ``event.seq``, ``event.hash``, ``event.parts``: each event's place in the chained history,
  the hash linking it to the one before, and four hex digits of each stored value's own hash.
  Every existing event is chained here, in the order it was written (its id), as it is stored
  (nothing in it changes).
* ``chain``: the head (length and last hash), one row.
* The database extends the chain as it stores each event: a trigger on both engines. On
  SQLite it calls functions pk registers on its connections (a connection without them, such
  as the ``sqlite3`` shell, cannot add an event); on PostgreSQL a function owned by the
  schema's owner builds the same text in SQL at commit (a deferred constraint trigger), so
  that no member can add an unchained event, and writers queue on the head row only from
  their commit's start to its end.
* ``statement``: the statements recorded as sent (customer, time, events covered, head, sha256
  of the text, signature); ``chain_join``: merges that chained another file's events here.
  Row-level security on PostgreSQL: members add their own, read all, change none.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

SESSION = "session_user::text"
ADMIN = "(NOT pk_is_member())"
LEAD = "(NOT pk_is_member() OR pk_is_lead())"  # a lead's merge of customers moves statements
OWN = f'(NOT pk_is_member() OR "by" = {SESSION})'
BATCH = 20000
GENESIS = "0" * 64

SQLITE_TRIGGER = """
CREATE TRIGGER pk_event_chained AFTER INSERT ON event WHEN NEW.seq IS NULL
BEGIN
  UPDATE chain SET seq = seq + 1,
    hash = pk_chain_link(hash, seq + 1, NEW.id, NEW.promise_id, NEW.at, NEW.kind, NEW."by",
                         NEW.data, NEW.imported_by, NEW.imported_at)
    WHERE id = 1;
  UPDATE event SET seq = (SELECT seq FROM chain WHERE id = 1),
    hash = (SELECT hash FROM chain WHERE id = 1),
    parts = pk_chain_parts(NEW.id, NEW.promise_id, NEW.at, NEW.kind, NEW."by", NEW.data,
                           NEW.imported_by, NEW.imported_at)
    WHERE id = NEW.id;
END"""


def _text(value: str) -> str:
    """A JSON string, or null, as ``json.dumps(value, ensure_ascii=False)`` writes it."""
    return f"COALESCE(to_json({value})::text, 'null')"


def _time(value: str) -> str:
    """An ISO 8601 UTC time as a JSON string, or null."""
    return (
        f"COALESCE('\"' || to_char(to_timestamp({value}) AT TIME ZONE 'UTC',"
        f" 'YYYY-MM-DD\"T\"HH24:MI:SS') || '+00:00\"', 'null')"
    )


def _pg_functions(schema: str, ids: str) -> list[str]:
    """The chain's text built in SQL exactly as ``domain/chain.py`` builds it. The text and its
    hashes are one expression each, built-in functions only, so that an event costs tens of
    microseconds rather than a call per value (the trigger's own search path applies).
    ``ids`` is the sequence that numbers events."""
    path = f"SET search_path = {schema}, pg_catalog, pg_temp"
    sha = "encode(sha256(convert_to({}, 'UTF8')), 'hex')"
    values = [
        "e_id::text",
        "e_promise::text",
        _time("e_at"),
        _text("e_kind"),
        _text("e_by"),
        "e_data",
        f"{_text('e_imported_by')} || ',' || {_time('e_imported_at')}",
    ]
    parts = " || ".join(f"substr({sha.format(v)}, 1, 4)" for v in values)
    args = (
        "e_id bigint, e_promise bigint, e_at bigint, e_kind text, e_by text, e_data text,"
        " e_imported_by text, e_imported_at bigint"
    )
    body = (
        f"'{{\"at\":' || {_time('e_at')} || ',\"by\":' || {_text('e_by')}"
        " || ',\"data\":' || e_data || ',\"id\":' || e_id"
        f" || ',\"imported_at\":' || {_time('e_imported_at')}"
        f" || ',\"imported_by\":' || {_text('e_imported_by')}"
        f" || ',\"kind\":' || {_text('e_kind')} || ',\"prev\":' || {_text('prev')}"
        " || ',\"promise_id\":' || e_promise || ',\"seq\":' || place || '}'"
    )
    row = (
        'NEW.id, NEW.promise_id, NEW.at, NEW.kind, NEW."by", NEW.data, NEW.imported_by,'
        " NEW.imported_at"
    )
    return [
        f"""CREATE OR REPLACE FUNCTION pk_chain_link(prev text, place bigint, {args})
            RETURNS text LANGUAGE sql STABLE AS $$ SELECT {sha.format(body)} $$""",
        f"""CREATE OR REPLACE FUNCTION pk_chain_parts({args}) RETURNS text LANGUAGE sql
            STABLE AS $$ SELECT {parts} $$""",
        # a merge takes the head first, so that its events get places in one run
        f"""CREATE OR REPLACE FUNCTION pk_chain_hold() RETURNS void LANGUAGE plpgsql
            SECURITY DEFINER {path} AS $$
            BEGIN PERFORM 1 FROM chain WHERE id = 1 FOR UPDATE; END $$""",
        # a member's event gets its place from the database, whatever she gives
        f"""CREATE OR REPLACE FUNCTION pk_event_unplaced() RETURNS trigger LANGUAGE plpgsql
            {path} AS $$
            BEGIN NEW.seq := NULL; NEW.hash := NULL; NEW.parts := NULL; RETURN NEW; END $$""",
        "CREATE TRIGGER pk_event_unplaced BEFORE INSERT ON event FOR EACH ROW"
        " WHEN (pk_is_member()) EXECUTE FUNCTION pk_event_unplaced()",
        # At commit, once the transaction has done its work: the head is held only from there
        # to the commit, so writers queue for no longer than that, and never while they wait
        # for a promise (the head is the last lock a transaction takes).
        f"""CREATE OR REPLACE FUNCTION pk_event_chained() RETURNS trigger LANGUAGE plpgsql
            SECURITY DEFINER {path} AS $$
            DECLARE head record; place bigint; linked text;
            BEGIN
              -- a restore by the database's owner keeps the places and hashes of its file,
              -- checked whole before it commits
              IF NEW.seq IS NOT NULL THEN
                RETURN NULL;
              END IF;
              PERFORM 1 FROM chain WHERE id = 1 FOR UPDATE;
              -- the head from the events themselves: the head row is written once per
              -- transaction, by its last event (a row written again and again in one
              -- transaction grows slower to reach each time)
              SELECT e.seq, e.hash INTO head FROM event e WHERE e.seq IS NOT NULL
                ORDER BY e.seq DESC LIMIT 1;
              place := COALESCE(head.seq, 0) + 1;
              linked := pk_chain_link(COALESCE(head.hash, '{GENESIS}'), place, {row});
              UPDATE event SET seq = place, hash = linked, parts = pk_chain_parts({row})
                WHERE id = NEW.id;
              -- the last event this session added (commands add theirs in one transaction)
              IF NEW.id = currval('{ids}') THEN
                UPDATE chain SET seq = place, hash = linked WHERE id = 1;
              END IF;
              RETURN NULL;
            END $$""",
        "CREATE CONSTRAINT TRIGGER pk_event_chained AFTER INSERT ON event"
        " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pk_event_chained()",
        # migration 0011's check of a member's change to an event, except the chain's own
        # setting of an event's place (no member may set one: no column privilege)
        "DROP TRIGGER pk_event_changed ON event",
        "CREATE TRIGGER pk_event_changed BEFORE UPDATE ON event FOR EACH ROW"
        " WHEN (pk_is_member() AND NOT (OLD.seq IS NULL AND NEW.seq IS NOT NULL))"
        " EXECUTE FUNCTION pk_event_changed()",
    ]


def upgrade() -> None:
    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    op.add_column("event", sa.Column("seq", sa.BigInteger, nullable=True))
    op.add_column("event", sa.Column("hash", sa.Text, nullable=True))
    op.add_column("event", sa.Column("parts", sa.Text, nullable=True))
    op.create_table(
        "chain",
        sa.Column("id", sa.Integer, autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("hash", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_chain"),
    )

    def key() -> sa.Column:  # type: ignore[type-arg]
        return (
            sa.Column("id", sa.BigInteger, sa.Identity(), nullable=False)
            if postgresql
            else sa.Column("id", sa.Integer, nullable=False)
        )

    op.create_table(
        "statement",
        key(),
        sa.Column("customer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  nullable=False),
        sa.Column("customer", sa.Text, nullable=False),
        sa.Column("at", sa.BigInteger, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("since", sa.BigInteger, nullable=False),
        sa.Column("events", sa.BigInteger, nullable=False),
        sa.Column("head", sa.Text, nullable=False),
        sa.Column("digest", sa.Text, nullable=False),
        sa.Column("format", sa.Text, nullable=False),
        sa.Column("signature", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_statement"),
        sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index("ix_statement_customer_id_at", "statement", ["customer_id", "at"])
    op.create_table(
        "chain_join",
        key(),
        sa.Column("at", sa.BigInteger, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("first_seq", sa.BigInteger, nullable=False),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("source_head", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_chain_join"),
        sqlite_autoincrement=True,
    )
    count, head = _chain_existing(bind, postgresql)
    op.execute(
        sa.text("INSERT INTO chain (id, seq, hash) VALUES (1, :seq, :hash)").bindparams(
            seq=count, hash=head
        )
    )
    # partial: an event not chained yet (on PostgreSQL until its commit) is not in it, so that
    # the head is one step away however many events a transaction adds
    op.create_index(
        "ix_event_seq",
        "event",
        ["seq"],
        unique=True,
        sqlite_where=sa.text("seq IS NOT NULL"),
        postgresql_where=sa.text("seq IS NOT NULL"),
    )
    if not postgresql:
        op.execute(SQLITE_TRIGGER)
        return
    schema = bind.execute(sa.text("SELECT quote_ident(current_schema())")).scalar_one()
    ids = bind.execute(sa.text("SELECT pg_get_serial_sequence('event', 'id')")).scalar_one()
    for statement in _pg_functions(schema, ids):
        op.execute(statement)
    for table in ("statement", "chain_join"):
        update = LEAD if table == "statement" else ADMIN
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY pk_read ON {table} FOR SELECT USING (true)")
        op.execute(f"CREATE POLICY pk_insert ON {table} FOR INSERT WITH CHECK {OWN}")
        op.execute(f"CREATE POLICY pk_update ON {table} FOR UPDATE USING {update}")
        op.execute(f"CREATE POLICY pk_delete ON {table} FOR DELETE USING {ADMIN}")
    op.execute("ALTER TABLE chain ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY pk_read ON chain FOR SELECT USING (true)")
    op.execute(f"CREATE POLICY pk_insert ON chain FOR INSERT WITH CHECK {ADMIN}")
    op.execute(f"CREATE POLICY pk_update ON chain FOR UPDATE USING {ADMIN}")
    op.execute(f"CREATE POLICY pk_delete ON chain FOR DELETE USING {ADMIN}")
    op.execute(
        "DO $$ DECLARE g record; BEGIN SELECT * INTO g FROM pk_groups();"
        " IF to_regrole(quote_ident(g.member)) IS NOT NULL THEN"
        " EXECUTE format('GRANT SELECT, INSERT ON statement, chain_join TO %I', g.member);"
        " EXECUTE format('GRANT SELECT ON chain TO %I', g.member);"
        " EXECUTE format('GRANT UPDATE (customer_id) ON statement TO %I', g.member);"
        " END IF; END $$"
    )


def _chain_existing(bind: sa.Connection, postgresql: bool) -> tuple[int, str]:
    """Chain every event in id order, in batches, with a progress bar on a terminal."""
    from promisekeeper.domain.chain import Row, link, parts
    from promisekeeper.render.progress import Bar

    total = bind.execute(sa.text("SELECT COUNT(*) FROM event")).scalar_one()
    prev, seq, after = GENESIS, 0, -1
    with Bar("Chaining the history") as bar:
        told = bar.start(total)
        while True:
            rows = bind.execute(
                sa.text(
                    'SELECT id, promise_id, at, kind, "by", data, imported_by, imported_at'
                    " FROM event WHERE id > :after ORDER BY id LIMIT :batch"
                ),
                {"after": after, "batch": BATCH},
            ).fetchall()
            if not rows:
                break
            done = []
            for r in rows:
                data = r[5]
                seq += 1
                row = Row(None, None, None, r[0], r[1], r[2], r[3], r[4], data, r[6], r[7])
                prev = link(prev, seq, row)
                done.append({"id": r[0], "seq": seq, "hash": prev, "parts": parts(row)})
            _store(bind, postgresql, done)
            after = rows[-1][0]
            told(seq)
    return seq, prev


def _store(bind: sa.Connection, postgresql: bool, done: list[dict[str, object]]) -> None:
    if not postgresql:
        bind.execute(
            sa.text("UPDATE event SET seq = :seq, hash = :hash, parts = :parts WHERE id = :id"),
            done,
        )
        return
    # PostgreSQL: copied into a temporary table, then one UPDATE (row by row takes minutes)
    raw = bind.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS pk_chained (id bigint, seq bigint, hash text,"
            " parts text) ON COMMIT DROP"
        )
        cursor.execute("TRUNCATE pk_chained")
        with cursor.copy("COPY pk_chained (id, seq, hash, parts) FROM STDIN") as copy:
            for d in done:
                copy.write_row((d["id"], d["seq"], d["hash"], d["parts"]))
        cursor.execute(
            "UPDATE event SET seq = c.seq, hash = c.hash, parts = c.parts"
            " FROM pk_chained c WHERE event.id = c.id"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS pk_event_chained ON event")
        op.execute("DROP TRIGGER IF EXISTS pk_event_unplaced ON event")
        op.execute("DROP TRIGGER IF EXISTS pk_event_changed ON event")
        op.execute(
            "CREATE TRIGGER pk_event_changed BEFORE UPDATE ON event FOR EACH ROW"
            " WHEN (pk_is_member()) EXECUTE FUNCTION pk_event_changed()"
        )
        for function in (
            "pk_event_chained()",
            "pk_event_unplaced()",
            "pk_chain_hold()",
            "pk_chain_parts(bigint, bigint, bigint, text, text, text, text, bigint)",
            "pk_chain_link(text, bigint, bigint, bigint, bigint, text, text, text, text, bigint)",
        ):
            op.execute(f"DROP FUNCTION IF EXISTS {function}")
    else:
        op.execute("DROP TRIGGER IF EXISTS pk_event_chained")
    op.drop_table("chain_join")
    op.drop_index("ix_statement_customer_id_at", table_name="statement")
    op.drop_table("statement")
    op.drop_table("chain")
    op.drop_index("ix_event_seq", table_name="event")
    with op.batch_alter_table("event") as batch:
        batch.drop_column("parts")
        batch.drop_column("hash")
        batch.drop_column("seq")

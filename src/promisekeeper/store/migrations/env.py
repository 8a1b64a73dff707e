"""Alembic environment. pk runs migrations on a connection it opened and locked itself
(``promisekeeper.store.migrate``); test tools may pass an Engine instead. SQLite uses batch mode
so that column changes recreate tables."""

from alembic import context
from sqlalchemy.engine import Connection, Engine

from promisekeeper.store.models import with_schema_options

given = context.config.attributes.get("connection")
if given is None:
    raise RuntimeError("pk migrations run through `pk db upgrade`, not the alembic command")


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=with_schema_options(),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if isinstance(given, Engine):
    with given.connect() as connection:
        run(connection)
        connection.commit()
else:
    run(given)

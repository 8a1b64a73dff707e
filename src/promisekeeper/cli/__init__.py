"""The ``pk`` command line. Commands parse options, call one ``service`` function and hand the
result to a renderer; heavy modules are imported inside commands so that start-up stays fast."""

from __future__ import annotations

from promisekeeper.cli.app import app
from promisekeeper.cli.customer import customer_app
from promisekeeper.cli.db import db_app
from promisekeeper.cli.due import due, overdue
from promisekeeper.cli.promise import add, keep, list_, promise_app, reschedule
from promisekeeper.cli.report import report
from promisekeeper.cli.settings_cmd import config_app
from promisekeeper.cli.transfer import export, import_
from promisekeeper.cli.when import when

app.add_typer(promise_app, name="promise")
app.command("due")(due)
app.command("overdue")(overdue)
app.command("report")(report)
app.add_typer(customer_app, name="customer")
app.command("when")(when)
app.add_typer(config_app, name="config")
app.add_typer(db_app, name="db")
app.command("export")(export)
app.command("import")(import_)
# Short forms for the commands typed most (SPEC §4).
app.command("add", help="Short for `pk promise add`.")(add)
app.command("ls", help="Short for `pk promise list`.")(list_)
app.command("keep", help="Short for `pk promise keep`.")(keep)
app.command("slip", help="Short for `pk promise reschedule`.")(reschedule)


def main() -> None:
    app()

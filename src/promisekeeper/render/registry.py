"""One renderer per result type and format, found by name and imported only when used.

A command hands its result and the chosen format to ``show``; which function draws it is
written once, here. A new format is one module of renderers plus its lines in ``RENDERERS``
(``tests/test_layers.py`` checks that every result type has every format it lists).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from promisekeeper.config import Settings

FORMATS = ("table", "json", "csv", "markdown")
# Results written for somewhere else than the terminal have their own formats: a page for
# customers (no terminal table or CSV), a calendar file.
OWN_FORMATS: dict[str, tuple[str, ...]] = {
    "Publication": ("markdown", "html", "json"),
    "CalendarFeed": ("ics",),
    "Report": (*FORMATS, "html"),  # the review as a page to share
    "Statement": ("markdown", "html"),  # written to be sent to the customer as it is
    "ReviewPack": ("markdown", "html"),  # to go through with the customer
    "ChainCheck": ("table", "json"),  # a check's findings
}

# result type name -> format -> "module:function" of promisekeeper.render
RENDERERS: dict[str, dict[str, str]] = {
    "PromiseList": {
        "table": "views:promise_list",
        "json": "machine:promise_list",
        "csv": "machine:promise_list_csv",
        "markdown": "markdown:promise_list",
    },
    "DueResult": {
        "table": "views:due_result",
        "json": "machine:due_result",
        "csv": "machine:due_result_csv",
        "markdown": "markdown:due_result",
    },
    "PromiseDetail": {
        "table": "views:promise_detail",
        "json": "machine:promise_detail",
        "csv": "machine:promise_detail_csv",
        "markdown": "markdown:detail",
    },
    "CustomerList": {
        "table": "views:customer_list",
        "json": "machine:customer_list",
        "csv": "machine:customer_list_csv",
        "markdown": "markdown:customer_list",
    },
    "CustomerDetail": {
        "table": "views:customer_detail",
        "json": "machine:customer_detail",
        "csv": "machine:customer_detail_csv",
        "markdown": "markdown:customer_statement",
    },
    "Report": {
        "table": "report:view",
        "json": "machine:report",
        "csv": "report:csv",
        "markdown": "report:markdown",
        "html": "html:report",
    },
    "SlipReport": {
        "table": "review:slip_view",
        "json": "review:slip_json",
        "csv": "review:slip_csv",
        "markdown": "review:slip_markdown",
    },
    "Statement": {"markdown": "review:statement_markdown", "html": "html:statement"},
    "ReviewPack": {"markdown": "reviewpack:markdown", "html": "reviewpack:html"},
    "WhenResult": {
        "table": "console:when_view",
        "json": "machine:when",
        "csv": "machine:when_csv",
        "markdown": "markdown:when",
    },
    "StandardList": {
        "table": "standards:standard_list",
        "json": "standards:standard_list_json",
        "csv": "standards:standard_list_csv",
        "markdown": "standards:standard_list_markdown",
    },
    "StandardDetail": {
        "table": "standards:standard_detail",
        "json": "standards:standard_detail_json",
        "csv": "standards:standard_detail_csv",
        "markdown": "standards:standard_detail_markdown",
    },
    "Publication": {  # a page for customers: no terminal table, no CSV
        "markdown": "standards:publication_markdown",
        "html": "html:publication",
        "json": "standards:publication_json",
    },
    "CalendarFeed": {"ics": "ics:feed"},
    "CalendarYear": {
        "table": "calendars:view",
        "json": "calendars:as_json",
        "csv": "calendars:as_csv",
        "markdown": "calendars:as_markdown",
    },
    "EscalationList": {
        "table": "escalations:view",
        "json": "escalations:as_json",
        "csv": "escalations:as_csv",
        "markdown": "escalations:as_markdown",
    },
    "TeamView": {
        "table": "team:view",
        "json": "team:as_json",
        "csv": "team:as_csv",
        "markdown": "team:as_markdown",
    },
    "ChainCheck": {"table": "chain:view", "json": "chain:as_json"},
    "StatementList": {
        "table": "chain:statements_view",
        "json": "chain:statements_json",
        "csv": "chain:statements_csv",
        "markdown": "chain:statements_markdown",
    },
    "AwayList": {
        "table": "away:view",
        "json": "away:as_json",
        "csv": "away:as_csv",
        "markdown": "away:as_markdown",
    },
    "CalibrationReport": {
        "table": "calibration:view",
        "json": "calibration:as_json",
        "csv": "calibration:as_csv",
        "markdown": "calibration:as_markdown",
    },
    "LessonReport": {
        "table": "lessons:view",
        "json": "lessons:as_json",
        "csv": "lessons:as_csv",
        "markdown": "lessons:as_markdown",
    },
    "FeedbackList": {
        "table": "feedback:view",
        "json": "feedback:as_json",
        "csv": "feedback:as_csv",
        "markdown": "feedback:as_markdown",
    },
    "SettingList": {
        "table": "views:setting_list",
        "json": "machine:setting_list",
        "csv": "machine:setting_list_csv",
        "markdown": "markdown:setting_list",
    },
}


# Output written as it streams, not drawn from one result: the writers of render/log.py
# (``write``) and render/export.py (``write_export``); the first is the default.
STREAMS: dict[str, tuple[str, ...]] = {"Log": ("table", "jsonl"), "Export": ("json", "csv")}


def formats_of(kind: str) -> tuple[str, ...]:
    """The formats a result type (or a stream) can be shown in, the default first: what a
    command's ``--format`` offers (cli/formats.py)."""
    return STREAMS[kind] if kind in STREAMS else tuple(RENDERERS[kind])


def renderer(result: object, fmt: str) -> Any:
    import importlib

    module, name = RENDERERS[type(result).__name__][fmt].split(":")
    return getattr(importlib.import_module(f"promisekeeper.render.{module}"), name)


def show(result: object, fmt: str, settings: Settings | None) -> None:
    """Print ``result`` in ``fmt``. Text formats are computed whole before the first byte, so
    an error leaves stdout empty; the table renderers print themselves."""
    if fmt == "table":
        renderer(result, fmt)(result, settings)
        return
    sys.stdout.write(text(result, fmt, settings))


def text(result: object, fmt: str, settings: Settings | None) -> str:
    """``result`` in a text format (not ``table``), ending with a newline: for stdout or a
    file."""
    value = renderer(result, fmt)(result, settings)
    if fmt == "json":
        from promisekeeper.render.safe import dumps

        value = dumps(value)
    return str(value if value.endswith("\n") else value + "\n")

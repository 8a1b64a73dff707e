"""The ``pk`` command line. Commands parse options, call one ``service`` function and hand the
result to a renderer. Only the command being run is imported and built (``app.COMMANDS``), and
heavy modules are imported inside commands, so that start-up stays fast."""

from __future__ import annotations

from promisekeeper.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app()

"""The ``pk`` command line. Commands parse options, call one ``service`` function and hand the
result to a renderer. Only the command being run is imported and built (``commands.COMMANDS``),
and heavy modules are imported inside commands, so that start-up stays fast."""

from __future__ import annotations

import os

from promisekeeper.cli.app import app

__all__ = ["app", "main", "run"]


def main() -> None:
    """Run ``pk`` and exit as Python does (``python -m promisekeeper``, tests that look at the
    process after the command)."""
    app()


def run() -> None:
    """The installed ``pk``: run the command, flush its output (an error doing so is still
    reported, ``edge.finish``), then leave without the interpreter's shutdown. By then every
    write is committed and closed and the hook has run, so what the shutdown would do (collect
    every object, run finalizers: about 16 ms) changes nothing but the time it takes."""
    from promisekeeper.cli.edge import finish

    os._exit(finish(app(standalone_mode=False)))

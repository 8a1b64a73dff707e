"""``pk calibration``: how realistic our dates are, per kind of promise."""

from __future__ import annotations

from typing import Annotated

import typer

from promisekeeper import service
from promisekeeper.cli.app import AllOption, OwnerOption, settings_of, show
from promisekeeper.cli.formats import result_format


def calibration(
    ctx: typer.Context,
    owner: OwnerOption = None,
    all_: AllOption = False,
    fmt: Annotated[str, result_format("CalibrationReport")] = "table",
) -> None:
    """How often each kind of promise is kept on the date first agreed, and how much later.

    Per standard, first tag and customer (and all), over your last 200 closed promises: how
    many were kept on the date agreed, the median slip of the others and the business days
    within which 80% were kept. pk add says the same when it records a promise.

    Example: pk calibration --format json
    """
    from promisekeeper.service.calibration import calibration as calibrated

    settings = settings_of(ctx)
    show(calibrated(settings, service.Scope.of(settings, owner, all_)), fmt, settings)

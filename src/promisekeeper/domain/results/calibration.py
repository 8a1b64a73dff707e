"""The result of ``pk calibration``."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # annotations only
    from promisekeeper.domain.calibration import Calibration


class CalibrationReport(NamedTuple):
    """Every reference class of an owner's (or everyone's, ``owner`` None) recently closed
    promises, with what each says (docs/words.md, "Calibration")."""

    owner: str | None
    now: datetime
    classes: tuple[Calibration, ...]

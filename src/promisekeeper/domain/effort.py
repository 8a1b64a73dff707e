"""Effort stated up front, and the effort it took (docs/words.md, "Effort stated up front").

A promise may say how long it will take ("about 15 minutes"); keeping it may say how long it
took. A keep whose actual effort exceeds the stated one by more than the setting
``effort.margin`` (a share: 0.25 is 25%) is an *effort overrun*."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from promisekeeper.errors import InputError

if TYPE_CHECKING:
    from promisekeeper.domain.model import PromiseRecord

_UNITS = {
    "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1,
    "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
    "d": 480, "day": 480, "days": 480,  # a working day of effort: eight hours
}  # fmt: skip
_EFFORT_RE = r"(?:about\s+|~\s*)?(\d+(?:[.,]\d+)?)\s*([a-z]+)"


def parse_effort(text: str, option: str = "--effort") -> int:
    """Minutes of effort from ``15 minutes``, ``1.5 hours``, ``90m``, ``about 2 h``, ``1 day``
    (a day of effort is eight hours); one line naming ``option`` otherwise."""
    found = re.fullmatch(_EFFORT_RE, text.strip().lower())
    unit = _UNITS.get(found.group(2)) if found else None
    if found is None or unit is None:
        raise InputError(
            f'{option} takes an effort like "15 minutes", "1.5 hours" or "1 day", not "{text}".'
        )
    minutes = round(float(found.group(1).replace(",", ".")) * unit)
    if not 1 <= minutes <= 480 * 365:
        raise InputError(f"{option} must be between 1 minute and a year of working days.")
    return minutes


def effort_text(minutes: int | float) -> str:
    """``15 minutes``, ``1 hour``, ``1.5 hours``, ``2 days``: days when whole or two and more
    (a day of effort: eight hours), else hours from one, else minutes."""
    if minutes >= 480 and (minutes % 480 == 0 or minutes >= 960):
        amount, unit = round(minutes / 480, 1), "day"
    elif minutes >= 60:
        amount, unit = round(minutes / 60, 1), "hour"
    else:
        amount, unit = round(minutes), "minute"
    shown = f"{amount:g}"
    return f"{shown} {unit}" + ("" if shown == "1" else "s")


def is_overrun(stated: float, actual: float, margin: float) -> bool:
    """The actual effort exceeds the stated one by more than ``margin`` (a share)."""
    return actual > stated * (1 + margin)


def as_agreed(stated: float) -> str:
    return f"as agreed: about {effort_text(stated)}"


def overrun_sentence(stated: float, actual: float) -> str:
    """``took 90 minutes against the 15 we said`` (both in the smaller one's unit)."""
    if actual < 60 or stated < 60:
        return f"took {round(actual)} minutes against the {round(stated)} we said"
    return f"took {effort_text(actual)} against the {effort_text(stated)} we said"


def effort_sentence(p: PromiseRecord, margin: float) -> str:
    """What a keep with an effort says: ``took 90 minutes against the 15 we said (an effort
    overrun)``, ``took 20 minutes, as agreed: about 15 minutes``, or ``took 20 minutes``."""
    actual = p.effort_actual or 0
    if p.effort_stated is None:
        return f"took {effort_text(actual)}"
    if is_overrun(p.effort_stated, actual, margin):
        return f"{overrun_sentence(p.effort_stated, actual)} (an effort overrun)"
    return f"took {effort_text(actual)}, {as_agreed(p.effort_stated)}"

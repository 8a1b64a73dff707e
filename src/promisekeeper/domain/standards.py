"""Service standards (docs/business-time.md, "Standards"): named promise kinds with a time in
business days or hours, the deadline they give a promise, and how well they are met."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from promisekeeper.calendar import WorkingTime
from promisekeeper.errors import InputError

if TYPE_CHECKING:
    from promisekeeper.domain.model import PromiseRecord

Unit = Literal["day", "hour"]
Fit = Literal["tighter", "looser", "as the standard"]

_WITHIN_RE = (
    r"(?:within |in )?(?P<n>\d{1,4}|an?|one) (?:business|working) (?P<unit>days?|hours?|hrs?|h)"
)


class Within(NamedTuple):
    """A standard's time: ``amount`` business days or hours."""

    amount: int
    unit: Unit

    @property
    def text(self) -> str:
        """``1 business day``, ``4 business hours``."""
        return f"{self.amount} business {self.unit}{'' if self.amount == 1 else 's'}"

    def due(self, made: datetime, working: WorkingTime) -> datetime:
        """The deadline this time gives a promise made at ``made`` (docs/business-time.md,
        "Durations in business time")."""
        if self.unit == "day":
            return working.add_days(made, self.amount)
        return working.add_hours(made, self.amount)


def parse_within(text: str, option: str = "--within") -> Within:
    """``1 business day``, ``within 2 working days``, ``4 business hours``."""
    m = re.fullmatch(_WITHIN_RE, " ".join(text.lower().split()))
    amount = 0
    if m:
        amount = 1 if m.group("n") in ("a", "an", "one") else int(m.group("n"))
    if not m or amount < 1:
        raise InputError(
            f'{option} takes business days or hours from 1, such as "1 business day" or '
            f'"4 business hours", not "{text}".'
        )
    return Within(amount, "day" if m.group("unit").startswith("d") else "hour")


class StandardRecord(NamedTuple):
    id: int
    name: str
    within: Within
    text: str  # what customers read: "We call you back within one business day."
    created_at: datetime
    retired_at: datetime | None
    customer: str | None = None  # the customer whose own standard it is (None: everyone's)

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    @property
    def label(self) -> str:
        """``callback``, or ``callback (Acme)`` for Acme's own: how reports name it."""
        return self.name if self.customer is None else f"{self.name} ({self.customer})"


def standard_key(name: str, customer: str | None) -> str:
    """How an import finds the standard a promise follows: its name, and for a customer's own
    one the customer's (folded)."""
    from promisekeeper.domain.rules import name_fold

    fold = name_fold(name)
    return fold if customer is None else f"{fold}\x1f{name_fold(customer)}"


def default_text(name: str, within: Within) -> str:
    return f"{name[:1].upper()}{name[1:]} within {within.text}."


def fit(due: datetime, standard_due: datetime) -> Fit:
    """How a promise's agreed date compares with the deadline its standard gave."""
    if due < standard_due:
        return "tighter"
    if due > standard_due:
        return "looser"
    return "as the standard"


def promise_fit(p: PromiseRecord) -> Fit | None:
    """How a promise's first date compares with its standard's deadline; None without a
    standard, or for a request not answered yet (no date to compare)."""
    if p.standard_due_at is None or p.original_due_at is None:
        return None
    return fit(p.original_due_at, p.standard_due_at)


# --- adherence ---------------------------------------------------------------------------------


class Kept(NamedTuple):
    """One promise of a standard, as adherence needs it."""

    id: int
    status: str
    made_at: datetime
    kept_at: datetime | None
    closed_at: datetime | None
    standard_due_at: datetime
    working: WorkingTime


class Adherence(NamedTuple):
    """How a standard was met by the promises of a period: ``met`` were kept within the
    standard's time; ``missed`` were kept after it, broken, or are still open past it; the
    rest (open within it) are not judged yet. Cancelled promises are in neither."""

    met: int
    missed: int
    median_business_hours: float | None  # from made to kept, of the promises kept
    worst_miss: tuple[int, float] | None  # (promise id, business hours past the standard)

    @property
    def met_rate(self) -> float | None:
        judged = self.met + self.missed
        return self.met / judged if judged else None

    def as_json(self) -> dict[str, Any]:
        worst = None
        if self.worst_miss is not None:
            worst = {"id": self.worst_miss[0], "business_hours_late": self.worst_miss[1]}
        return {
            "met": self.met,
            "missed": self.missed,
            "met_rate": self.met_rate,
            "median_business_hours": self.median_business_hours,
            "worst_miss": worst,
        }


def adherence(promises: Iterable[Kept], now: datetime) -> Adherence:
    from promisekeeper.domain.stats import median

    met = missed = 0
    hours: list[float] = []
    worst: tuple[int, float] | None = None
    for p in promises:
        if p.status == "cancelled":
            continue
        end = p.kept_at if p.status == "kept" else (p.closed_at if p.status == "broken" else now)
        assert end is not None
        if p.status == "kept" and p.kept_at is not None:
            hours.append(round(p.working.hours_between(p.made_at, p.kept_at), 2))
            if p.kept_at <= p.standard_due_at:
                met += 1
                continue
        elif p.status == "waiting" or (p.status == "open" and now <= p.standard_due_at):
            continue  # not judged yet (waiting: its clock is stopped)
        missed += 1
        late = round(p.working.hours_between(p.standard_due_at, end), 2)
        if worst is None or late > worst[1]:
            worst = (p.id, late)
    return Adherence(met, missed, median(hours), worst)

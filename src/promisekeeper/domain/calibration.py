"""Realistic dates at the moment of promising (docs/words.md, "Calibration").

An owner's record says how often a kind of promise is kept on the date first agreed, and how
much later the others come. A *reference class* is the owner's closed promises (kept or
broken: the ones the kept-rate judges) of the same standard, else of the same first tag, else
to the same customer, else all of them; it speaks once it holds ``CLASS_MIN`` of them.

"Kept on the first date" is the kept-rate's own judgement (``rules.outcome``: kept by the date
the customer agreed to); how late the others came is counted in business time from that date,
in the customer's working time (docs/business-time.md). A broken promise was never kept: it
is late by more than any number of days. The window is the owner's ``WINDOW`` most recently
closed promises, so that an old habit fades and the note costs one indexed read on ``pk add``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: pk add imports this module
    from collections.abc import Callable, Iterable
    from datetime import datetime
    from typing import Literal

    ClassKind = Literal["standard", "tag", "customer", "all"]

CLASS_MIN = 8  # closed promises a class needs before it says anything
WINDOW = 200  # an owner's most recently closed promises the classes are drawn from
SHARE = 0.8  # "80% were kept within N business days"
MAX_DAYS = 365  # a class never kept within a year of business days has no such N


# Plain classes, not NamedTuples: pk add imports this module, and a NamedTuple class costs a
# fraction of a millisecond to make.
class Closed:
    """One closed promise of the window, as calibration reads it."""

    __slots__ = ("customer", "first_tag", "id", "late_days", "on_time", "owner", "standard")

    def __init__(
        self, id: int, owner: str, standard: str | None, first_tag: str | None, customer: str,
        on_time: bool, late_days: float | None,
    ) -> None:  # fmt: skip
        self.id, self.owner, self.standard, self.first_tag = id, owner, standard, first_tag
        self.customer = customer
        self.on_time = on_time  # kept by the date agreed (the kept-rate's judgement)
        self.late_days = late_days  # business days after that date it was kept; None: broken


class Calibration:
    """What one reference class says."""

    __slots__ = ("first_date_kept", "kept_within_p80", "kind", "median_slip_business_days", "n",
                 "name", "p80_extra_business_days")  # fmt: skip

    def __init__(
        self, kind: ClassKind, name: str, n: int, first_date_kept: int,
        median_slip_business_days: float | None, p80_extra_business_days: int | None,
        kept_within_p80: int,
    ) -> None:  # fmt: skip
        self.kind = kind
        self.name = name  # the standard's name, the tag, the customer, or "all"
        self.n = n
        self.first_date_kept = first_date_kept  # how many were kept on the first date
        self.median_slip_business_days = median_slip_business_days  # of those kept after it
        self.p80_extra_business_days = p80_extra_business_days  # None: under 80% ever kept
        self.kept_within_p80 = kept_within_p80  # how many were kept within that many days

    @property
    def first_date_share(self) -> float:
        return self.first_date_kept / self.n if self.n else 0.0

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "n": self.n,
            "first_date_kept": round(self.first_date_share, 4),
            "median_slip_business_days": self.median_slip_business_days,
            "p80_extra_business_days": self.p80_extra_business_days,
        }


def calibrate(kind: ClassKind, name: str, members: list[Closed]) -> Calibration:
    """The figures of one class (docs/words.md, "Calibration")."""
    from promisekeeper.domain.stats import median

    n = len(members)
    first = sum(1 for m in members if m.on_time)
    slipped = [m.late_days for m in members if not m.on_time and m.late_days is not None]
    slip = median(slipped)
    p80, within = None, 0
    for days in range(MAX_DAYS + 1):  # the fewest whole business days that reach 80%
        within = first + sum(1 for late in slipped if late <= days)
        if within >= SHARE * n:
            p80 = days
            break
    shown = None if slip is None else round(slip, 2)
    return Calibration(kind, name, n, first, shown, p80, within if p80 is not None else 0)


def late_days(
    on_time: bool, kept_at: datetime | None, agreed: datetime, hours: Callable[..., float],
    day_hours: float,
) -> float | None:  # fmt: skip
    """Business days after the agreed date a promise was kept (0 on time, None broken); a
    late one is never counted as less than a moment late, even kept outside working hours."""
    if kept_at is None:
        return None
    if on_time:
        return 0.0
    return max(round(hours(agreed, kept_at) / day_hours, 6), 1e-6)


class Wanted:
    """The new promise whose reference class is looked for."""

    __slots__ = ("customer", "first_tag", "standard")

    def __init__(self, standard: str | None, first_tag: str | None, customer: str) -> None:
        self.standard, self.first_tag, self.customer = standard, first_tag, customer


# The kinds of class, in the order a new promise's is looked for.
KINDS: tuple[ClassKind, ...] = ("standard", "tag", "customer")


def _member(kind: ClassKind, p: Closed | Wanted) -> str | None:
    """Which class of ``kind`` a promise is in (its folded name), None when in none."""
    from promisekeeper.domain.rules import name_fold

    if kind == "standard":
        return None if p.standard is None else name_fold(p.standard)
    return p.first_tag if kind == "tag" else name_fold(p.customer)


def _shown(kind: ClassKind, p: Closed | Wanted) -> str:
    """The class's name as the promise spells it."""
    return str(p.standard if kind == "standard" else p.first_tag if kind == "tag" else p.customer)


def reference_class(wanted: Wanted, closed: list[Closed]) -> Calibration | None:
    """The first class (same standard, same first tag, same customer, all) with ``CLASS_MIN``
    closed promises, with its figures; None when even all of them are fewer."""
    for kind in KINDS:
        folded = _member(kind, wanted)
        if folded is None:
            continue
        members = [c for c in closed if _member(kind, c) == folded]
        if len(members) >= CLASS_MIN:
            return calibrate(kind, _shown(kind, wanted), members)
    return calibrate("all", "all", closed) if len(closed) >= CLASS_MIN else None


def every_class(closed: Iterable[Closed]) -> list[Calibration]:
    """``pk calibration``: every class of the window with ``CLASS_MIN`` closed promises or
    more (each standard, each first tag, each customer, by the same membership as
    ``reference_class``), then all of them."""
    rows = list(closed)
    found = []
    for kind in KINDS:
        groups: dict[str, list[Closed]] = {}
        for c in rows:
            folded = _member(kind, c)
            if folded is not None:
                groups.setdefault(folded, []).append(c)
        classes = [
            calibrate(kind, _shown(kind, members[0]), members)
            for members in groups.values()
            if len(members) >= CLASS_MIN
        ]
        found += sorted(classes, key=lambda c: c.name.casefold())
    if len(rows) >= CLASS_MIN:
        found.append(calibrate("all", "all", rows))
    return found


def label(c: Calibration, customer_label: Callable[[str], str] = str) -> str:
    """``your `quote` promises``, ``your promises to Acme``, ``your promises``."""
    if c.kind in ("standard", "tag"):
        return f"your `{c.name}` promises"
    if c.kind == "customer":
        return f"your promises to {customer_label(c.name)}"
    return "your promises"


def note(c: Calibration, would_be: str | None, customer_label: Callable[[str], str] = str) -> str:
    """The note ``pk add`` says: ``your `quote` promises: 12 of 20 kept on the first date;
    80% were kept within 3 business days of it: Fri 27 Nov would have been kept 18 of 20
    times.`` (``would_be``: the new date that many business days later)."""
    said = f"{label(c, customer_label)}: {c.first_date_kept} of {c.n} kept on the first date"
    if c.p80_extra_business_days is None:
        return f"{said}; fewer than 80% were kept at all."
    if c.p80_extra_business_days == 0 or would_be is None:
        return f"{said}."
    days = c.p80_extra_business_days
    unit = "business day" if days == 1 else "business days"
    return (
        f"{said}; 80% were kept within {days} {unit} of it: {would_be} would have been kept "
        f"{c.kept_within_p80} of {c.n} times."
    )

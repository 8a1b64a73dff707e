"""Who may do what in a team (docs/team.md): the member list, and under ``team.auth = database``
whose promises a member may change. Plain functions; the database enforces the same rules with
its own policies (store/migrations/versions/0008_team.py), so these give the clear message and
the database the guarantee."""

from __future__ import annotations

from typing import NamedTuple

from promisekeeper.errors import InputError


class NotYours(InputError):
    """A member tried to change what only its owner or a lead may change."""


class UnknownMember(InputError):
    """An owner name that is not on the team's member list."""


class Actor(NamedTuple):
    """Who is writing: the author of every event, and what they may change."""

    name: str
    lead: bool = True  # may change anyone's promises, customers and standards
    enforced: bool = False  # team.auth = database: the database checks it too


def fold(name: str) -> str:
    """A member name as compared: without case or surrounding space (``Ana`` is ``ana``)."""
    return name.strip().casefold()


def same_person(a: str, b: str) -> bool:
    return fold(a) == fold(b)


def is_actor(actor: Actor, name: str) -> bool:
    """Whether ``name`` is the writer: under team.auth = database exactly their role's name
    (``Bob`` is not ``bob``: two roles, two people); otherwise in any case."""
    return name == actor.name if actor.enforced else same_person(name, actor.name)


def promise_refusal(actor: Actor, owner: str, promise_id: int) -> str | None:
    """Why ``actor`` may not change promise ``promise_id`` of ``owner``; None if they may."""
    if not actor.enforced or actor.lead or is_actor(actor, owner):
        return None
    return f"#{promise_id} belongs to {owner}; only {owner} or a lead can change it."


def owner_refusal(actor: Actor, owner: str) -> str | None:
    """Why ``actor`` may not give a promise to ``owner``; None if they may."""
    if not actor.enforced or actor.lead or is_actor(actor, owner):
        return None
    return (
        f"Only a lead can give a promise to someone else; you are {actor.name} "
        f"(leave out --owner to make it yours)."
    )


def lead_refusal(actor: Actor, what: str) -> str | None:
    """Why ``actor`` may not do ``what`` (shared records: customers, standards, the member
    list); None if they may."""
    if not actor.enforced or actor.lead:
        return None
    return f"Only a lead can {what}; you are {actor.name}, a member."


def member_named(name: str, members: list[str]) -> str:
    """The member ``name`` means, in the list's spelling (any case). An empty list is a team
    that keeps none: every name is accepted as typed. ``UnknownMember`` otherwise, with the
    nearest name."""
    clean = name.strip()
    if not members:
        return clean
    for member in members:
        if same_person(member, clean):
            return member
    near = nearest_member(clean, members)
    hint = f'Did you mean "{near}"? ' if near else ""
    raise UnknownMember(
        f'No team member "{clean}". {hint}`pk team members` lists them; '
        f"`pk team add {clean}` adds one."
    )


def owner_named_in(name: str, known: list[tuple[str, bool]], *, own: bool = False) -> str:
    """The owner ``name`` means among ``known`` (name, whether on the member list): the list's
    spelling in any case — once there is a list, a name not on it is refused (``UnknownMember``)
    unless it is your ``own`` —, else the spelling first seen, else ``name`` as typed."""
    clean = name.strip()
    listed = [n for n, on in known if on]
    if listed and not own:
        return member_named(clean, listed)
    return next((n for n, _on in known if same_person(n, clean)), clean)


def nearest_member(name: str, members: list[str]) -> str | None:
    """The member whose name is a typo away from ``name`` (one letter wrong, missing, extra or
    swapped with the next; two in names of five letters or more), nearest first; None if none
    is."""
    wanted = fold(name)
    limit = 1 if len(wanted) < 5 else 2
    scored = [(typo_distance(wanted, fold(m)), fold(m), m) for m in members]
    near = sorted(s for s in scored if s[0] <= limit)
    return near[0][2] if near else None


def typo_distance(a: str, b: str) -> int:
    """Letters wrong, missing, extra or swapped with the next (optimal string alignment): "bne"
    is one from "ben"."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            best = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, rows[-2][j - 2] + 1)
            row.append(best)
        rows.append(row)
    return rows[-1][-1]

"""Capture (docs/capture.md): promise sentences found in pasted text by a small set of rules on
top of the one date grammar — no network, no model. Precision first: a sentence is a promise
only when we (or I) commit to something in it, plainly; a question or a negation is not. A
commitment hedged ("we'll try to … by Friday", "I'll look into it", "if …") or made without a
date is a request not answered yet: recorded as unanswered, never given a date pk guessed
(docs/words.md). Its customer must be named; what lacks one is shown and skipped."""

from __future__ import annotations

import re
from datetime import datetime
from typing import NamedTuple

from promisekeeper.dates import DateSettings
from promisekeeper.errors import InputError

# "I'll", "we will", "I'm going to", "you'll have it"…, after an optional "Sure," or "OK so".
_OPENERS = (
    r"(?:(?:ok(?:ay)?|sure|yes|yep|great|thanks|thank you|no problem|absolutely|of course|"
    r"noted|understood|got it|perfect|sounds good|will do|so|and|also|then|confirmed|agreed|"
    r"as (?:discussed|agreed|promised)|(?:just )?to confirm|good news|quick update|update)"
    r"[\s,!.;:—-]+)*"
)
_COMMIT = re.compile(
    _OPENERS
    + r"(?P<subject>i|we)\s*(?:'ll|’ll|\s+will|\s+shall|'m going to|’m going to|\s+am going to|"
    r"'re going to|’re going to|\s+are going to|\s+promise to|\s+commit to)\s+(?P<rest>.+)$"
    r"|" + _OPENERS + r"(?P<you>you(?:'ll|’ll|\s+will)\s+(?:have|get|receive|see)\s+.+)$"
    r"|" + _OPENERS + r"(?P<let>let me\s+.+)$",
    re.IGNORECASE,
)
# A commitment said with one of these is not a promise at all: it says no.
_NEGATIONS = re.compile(
    r"\b(?:not|never|won't|can't|cannot|wouldn't|couldn't|shouldn't|no longer)\b", re.IGNORECASE
)
# One said with one of these is hedged: a request we have not answered with a clear yes yet.
# ("I'll get back to Acme by Thursday" is a promise to answer by then: dated, it stands.)
_SOFT = re.compile(
    r"\b(?:if|unless|maybe|perhaps|might|probably|possibly|hopefully|try to|trying to|try and|"
    r"hope to|aim to|once we|as soon as|look into|looking into|see (?:if|what|whether|how)|"
    r"should be able to)\b",
    re.IGNORECASE,
)
_HEDGES = re.compile(f"{_NEGATIONS.pattern}|{_SOFT.pattern}", re.IGNORECASE)
# The hedges that are only hedging: left out of the task's text ("try to send" is "send").
_HEDGING_ONLY = re.compile(
    r"\b(?:maybe|perhaps|probably|possibly|hopefully|try to|trying to|try and|hope to|aim to|"
    r"should be able to)\s+",
    re.IGNORECASE,
)
_DATE_LEAD = re.compile(r"^(?:by|before|until|till|on|at|no later than|latest|in time for)\s+")
_STARTS = re.compile(
    r"^(?:by|before|until|till|on|at|no|in|within|next|this|the|end|today|tonight|tomorrow|noon|"
    r"eod|eow|eom|eoq|cob|first|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|jan|feb|"
    r"mar|apr|may|jun|jul|aug|sep|oct|nov|dec|january|february|march|april|june|july|august|"
    r"september|october|november|december|\d)",
    re.IGNORECASE,
)
# Our side's commitments made in another name: "our support lead will…", "the team will…".
_OURS = re.compile(
    _OPENERS + r"(?P<who>(?:our|my)\s+[\w-]+(?:\s+[\w-]+){0,3}?|the team|someone from (?:our|my) "
    r"(?:side|team))\s*(?:'ll|’ll|\s+will|\s+shall|\s+is going to|\s+are going to)\s+"
    r"(?P<rest>.+)$",
    re.IGNORECASE,
)
# Someone else's: "Globex will send the logs", "Sam will call" — listed, never recorded.
_THEIRS = re.compile(
    _OPENERS + r"(?P<who>[A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,3})\s*(?:'ll|’ll|\s+will|"
    r"\s+is going to|\s+are going to)\s+(?!you\b)\w",
)
_NEW_CUSTOMER = re.compile(
    r"\b(?:to|for|with|at|from|call|email|phone|ring|ping|tell|update|remind|invoice|pay|send|"
    r"give|show|get|mail|forward|brief)\s+"
    r"(?P<name>[A-Z][\w&'.-]*(?:\s+(?:[A-Z][\w&'.-]*|&))*)"
)
_NOT_NAMES = {
    "i", "you", "we", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "eod", "eow", "eom", "cob", "the", "a",
    "an", "it", "them", "him", "her", "us", "noon", "tomorrow", "today", "next", "this",
}  # fmt: skip


class Found(NamedTuple):
    """One sentence read as a promise, or why it is not one."""

    sentence: str
    what: str | None = None
    customer: str | None = None
    new_customer: bool = False  # named in the sentence, not yet a customer
    due: datetime | None = None
    date_text: str | None = None
    skipped: str | None = None  # why it is not recorded
    hedge: str | None = None  # the words that made it hedged: a request, not a promise yet

    @property
    def complete(self) -> bool:
        return self.skipped is None

    @property
    def request(self) -> bool:
        """Recorded as a request not answered yet: hedged, or no date said (docs/words.md)."""
        return self.complete and (self.hedge is not None or self.due is None)


_LIST_MARK = re.compile(r"^(?:[-*•·‣◦–—+]|\(?\d{1,2}[.)]|\(?[a-h][.)]|\[[ x]\])\s+")
# Where the reply ends and the thread it quotes begins (Gmail, Apple Mail, Outlook), or the
# signature: nothing below is ours to promise.
_THREAD = re.compile(
    r"^(?:on\b.{4,200}\bwrote:|am\b.{4,200}\bschrieb.{0,40}:|-{2,}\s*original message\s*-{2,}|"
    r"_{8,}|-- ?|sent from my \w+.*)$",
    re.IGNORECASE,
)
_GREETING = re.compile(  # "Hi Sam," before the first sentence of a line
    r"^(?:hi|hello|hey|dear|hallo|good (?:morning|afternoon|evening))\b[^,!.:]{0,40}[,!:]\s*",
    re.IGNORECASE,
)
_HEADER = re.compile(r"^(?:from|sent|to|cc|date|subject):\s", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """The sentences of a pasted text: split at ., ! and ? followed by a space or a line end,
    and at line ends (an email's lines), list marks ("- ", "* ", "• ", "1. ", "a) ") taken
    off; quoted lines ("> ") left out, and everything from the quoted thread or the signature
    on (docs/capture.md)."""
    found: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if _THREAD.match(line) or (found and line[:5].casefold() == "from:"):
            break  # an Outlook reply's quoted message starts with its own "From:" line
        if _HEADER.match(line):
            continue  # the pasted message's own headers
        line = _GREETING.sub("", _LIST_MARK.sub("", line))
        if not line or line.startswith(">"):
            continue
        # sentences, and two promises joined in one ("…, and I'll send Hooli the notes")
        for part in re.split(
            r"(?<=[.!?])\s+(?=[A-Z\"'(])|[,;]\s+and\s+(?=(?:i|we)(?:'ll|’ll|\s+will)\b)",
            line,
            flags=re.IGNORECASE,
        ):
            part = part.strip()
            if part:
                found.append(part)
    return found


def _said(text: str) -> str:
    """The sentence with the date grammar's sayings ("close of business friday") written as
    the grammar reads them, so that a run of its words can be found (promisekeeper.dates)."""
    from promisekeeper.dates import sayings

    return sayings(text)


def _find_date(
    words: list[str], now: datetime, settings: DateSettings
) -> tuple[datetime, int, int, str] | None:
    """The longest run of words (at most 6) the date grammar reads, leftmost first among the
    longest, with where it is: (when, first word, end word, text)."""
    from promisekeeper.dates import resolve

    best: tuple[datetime, int, int, str] | None = None
    for start in range(len(words)):
        if not _STARTS.match(words[start]):
            continue
        for end in range(min(len(words), start + 6), start, -1):
            text = " ".join(words[start:end]).strip(",.;:!")
            text = _DATE_LEAD.sub("", text.lower())
            if not text or not _STARTS.match(text):
                continue
            try:
                when = resolve(text, now, settings).at
            except (InputError, ValueError, OverflowError):
                continue
            if best is None or (end - start) > (best[2] - best[1]):
                best = (when, start, end, text)
            break
    return best


def _customer(
    sentence: str, known: list[str], given: str | None
) -> tuple[str | None, bool, tuple[int, int] | None]:
    """(name, whether new, where it is in the sentence)."""
    from promisekeeper.domain.rules import name_fold, name_skeleton

    if given is not None:
        return given, False, None
    lowered = sentence.casefold()
    hits = []
    for name in known:
        for variant in {name_fold(name), name_skeleton(name)}:
            if len(variant) < 2:
                continue
            m = re.search(r"(?<![\w])" + re.escape(variant) + r"(?![\w])", lowered)
            if m:
                hits.append((m.end() - m.start(), name, m.span()))
    if hits:
        hits.sort(key=lambda h: -h[0])
        return hits[0][1], False, hits[0][2]
    for m in _NEW_CUSTOMER.finditer(sentence):
        name = m.group("name").strip(" .,;:'")
        words = name.split()
        while words and words[-1].casefold() in _NOT_NAMES:
            words.pop()
        if words and words[0].casefold() not in _NOT_NAMES:
            name = " ".join(words)
            start = m.start("name")
            return name, True, (start, start + len(name))
    return None, False, None


_DANGLING = re.compile(
    r"(?:[\s,;:—-]+(?:by|on|before|until|till|at|in|for|to|with|of|the|end of|no later than|"
    r"latest|around|about|from now))+$",
    re.IGNORECASE,
)


def _clean_task(what: str, customer: str | None) -> str:
    """The task as a statement will show it: no words left dangling where the date was taken
    out ("… by end of"), and "you" / "your" as the customer's name when it is known."""
    what = re.sub(r"^(?:also|then|just|definitely|certainly)\s+", "", what, flags=re.IGNORECASE)
    what = re.split(r"\s+(?:so that|so|because|since|to make sure)\s+", what, maxsplit=1)[0]
    what = _DANGLING.sub("", what).strip(" ,;:-—")
    if customer:
        what = re.sub(r"\byour\b", f"{customer}'s", what, flags=re.IGNORECASE)
        what = re.sub(r"\byou\b", customer, what, flags=re.IGNORECASE)
    return what


def read(
    text: str,
    now: datetime,
    settings: DateSettings,
    known: list[str],
    customer: str | None = None,
) -> list[Found]:
    """Every sentence of ``text`` that is a promise, complete or not, in order. A promise that
    names no customer ("I'll send them the proposal") is the customer's the sentence before
    named, if one did ("Spoke to Initech.")."""
    found = []
    named = None
    for sentence in sentences(text):
        one = read_sentence(sentence, now, settings, known, customer, named)
        if one is not None:
            found.append(one)
        if customer is None:
            mentioned, new, _span = _customer(sentence, known, None)
            named = mentioned if mentioned is not None and not new else named
    return found


def read_sentence(
    sentence: str,
    now: datetime,
    settings: DateSettings,
    known: list[str],
    customer: str | None = None,
    named_before: str | None = None,
) -> Found | None:
    """The promise ``sentence`` makes, or None when it makes none; ``named_before`` is its
    customer when it names none."""
    plain = sentence.strip().rstrip(".!")
    if plain.endswith("?") or "?" in plain:
        return None
    m = _COMMIT.match(plain)
    ours = None if m else _OURS.match(plain)
    if m is None and ours is None:
        theirs = _THEIRS.match(plain)
        if theirs is None or _HEDGES.search(plain):
            return None
        who = theirs.group("who")
        if who.casefold() in ("i", "we", "it", "they", "this", "that", "there", "he", "she"):
            return None
        if who.casefold() == "you":
            return Found(sentence, skipped="the customer's commitment, not yours")
        return Found(sentence, skipped=f"a commitment of {who}'s, not yours")
    if m is not None:
        body = m.group("rest") or m.group("you") or m.group("let")
    else:
        assert ours is not None
        body = ours.group("rest")
    soft = _SOFT.search(plain)
    if _NEGATIONS.search(plain):
        return None  # it says no
    if soft is None and re.match(r"(?:be|see|think|ask|keep|discuss)\b", body, re.I):
        return None  # a state or a thought rather than something to deliver
    said = _said(body)
    words = said.split()
    date = _find_date(words, now, settings)
    name, new, _span = _customer(said, known, customer)
    if name is None and named_before is not None:
        name = named_before
    what_words = list(words)
    date_text = None
    if date is not None:
        _when, start, end, date_text = date
        what_words = words[:start] + words[end:]
    what = " ".join(what_words).strip(" ,;:-—")
    if name is not None and not customer:
        what = re.sub(r"\s*\b(?:to|for|with|at|from)\s+" + re.escape(name) + r"\b", "", what).strip(
            " ,;:-—"
        )
    if m and m.group("you"):
        what = re.sub(r"^you(?:'ll|’ll| will)\s+(?:have|get|receive|see)\s+", "", what,
                      flags=re.IGNORECASE)  # fmt: skip
        what = f"Deliver {what}" if what else what
    if m and m.group("let"):
        what = re.sub(r"^let me\s+", "", what, flags=re.IGNORECASE)
    what = _clean_task(what, name)
    what = what[:1].upper() + what[1:] if what else what
    hedge = soft.group(0).lower() if soft else None
    if hedge is not None:  # its words, without the hedge: "Try to send" is "Send"
        what = _clean_task(_HEDGING_ONLY.sub("", what).strip(" ,;:-—"), name) or what
        what = what[:1].upper() + what[1:] if what else what
    skipped = None
    if name is None:
        skipped = "no customer"
    elif not what:
        skipped = "no text"
    elif date is not None and date[0] <= now and hedge is None:
        skipped = "its date has passed"
    return Found(
        sentence,
        what or None,
        name,
        new,
        date[0] if date and hedge is None else None,
        date_text,
        skipped,
        hedge,
    )

"""Shell completion: customer names and promise numbers, read through the service layer."""

from __future__ import annotations

import os


def complete_customer(incomplete: str) -> list[str]:
    """Shell completion of customer names (``service.completion``)."""
    from promisekeeper.render.safe import clean
    from promisekeeper.service.completion import customer_names

    fold = incomplete.casefold()
    found = [clean(n) for n in customer_names() if n.casefold().startswith(fold)]
    if os.environ.get("_PK_COMPLETE", "").endswith("bash"):
        # bash inserts a completion as it is: a name with spaces would become two words
        # (zsh and fish quote what they insert themselves).
        import re

        found = [re.sub(r"([^\w@%+=:,./-])", r"\\\1", name) for name in found]
    return found


def complete_promise_id(incomplete: str) -> list[tuple[str, str]]:
    from promisekeeper.render.safe import clean
    from promisekeeper.service.completion import promise_ids

    return [(str(i), clean(what)[:60]) for i, what in promise_ids(incomplete)]

"""What pk reads from the process's environment, at the bottom of the layers so that the
calendar's cache, the settings and the commands all read it one way: variables as UTF-8 text
(refused otherwise), and the folder for what pk can compute again."""

from __future__ import annotations

import os
from pathlib import Path

from promisekeeper.errors import ConfigError

APP_NAME = "promisekeeper"


def valid_utf8(value: str) -> bool:
    """False for text that came from bytes that are not UTF-8 (Python keeps them as lone
    surrogates), which no database, terminal or file encoding can take."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def env(name: str) -> str | None:
    """An environment variable pk reads, refused when it is not UTF-8 text."""
    value = os.environ.get(name)
    if value is not None and not valid_utf8(value):
        raise ConfigError(f"{name} is not valid UTF-8 text; set it again in UTF-8.")
    return value


def cache_dir() -> Path | None:
    """Where pk keeps what it can compute again (public holidays by year): ``PK_CACHE_DIR``, or
    the user cache directory; None when ``PK_CACHE_DIR`` is empty (no cache)."""
    explicit = env("PK_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit else None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME))

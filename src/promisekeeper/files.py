"""Files pk writes: exports, backups and the config file (docs/reliability.md, Files).

One check decides whether a path may be written (``check_target``) and one writer writes it
(``write_atomic``), so that every output file follows the same rules:

* the live database and its companions (``-wal``, ``-shm``, ``-journal``) are never a target,
  whatever name, link or relative path leads to them;
* a folder (``.`` included) is an input error;
* a character device, FIFO or socket (``/dev/null``, ``/dev/stdout``, a pipe) is written to
  directly, never replaced by a rename, where the command can stream (exports); elsewhere refused;
* a regular file is written to a private (0600) temporary file in the same folder, flushed to
  disk, then renamed into place: readers see the old file or the new one, never half of it;
* a full disk or any other write error is one line naming the file, and no temporary file stays.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Literal, NamedTuple, TypeVar

from promisekeeper.errors import InputError, StorageError

T = TypeVar("T")
COMPANIONS = ("-wal", "-shm", "-journal")


class Target(NamedTuple):
    path: Path
    kind: Literal["file", "stream"]  # a regular (or new) file, or a device/FIFO/socket


def database_files(database: Path) -> list[Path]:
    """The database file and the companions SQLite keeps beside it."""
    return [database, *(database.with_name(database.name + suffix) for suffix in COMPANIONS)]


def _same(a: Path, b: Path) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)  # hard links
    except OSError:
        return False


def check_target(
    text: str,
    purpose: str,
    *,
    protected: Sequence[Path] = (),
    must_be_new: bool = False,
    streams: bool = False,
) -> Target:
    """Where ``purpose`` (e.g. "the export") may be written, or an ``InputError`` saying why not,
    before anything is read or written."""
    if not text.strip():
        raise InputError(f"Give a file name for {purpose}.")
    path = Path(text).expanduser()
    for guarded in protected:
        if _same(path, guarded):
            raise InputError(
                f"{path} is the database pk is using (or one of its files); "
                f"choose another file for {purpose}."
            )
    kind = file_kind(path, f"for {purpose}")
    if kind == "folder":
        raise InputError(f"{path} is a folder; give a file name for {purpose}.")
    if kind == "other":
        if not streams:
            raise InputError(f"{path} is not a regular file; give a file name for {purpose}.")
        return Target(path, "stream")
    if not path.parent.is_dir():
        raise InputError(f"The directory {path.parent} does not exist.")
    if kind == "file" and must_be_new:
        raise InputError(f"{path} already exists; choose a new file name.")
    return Target(path, "file")


def file_kind(path: Path, use: str) -> Literal["missing", "file", "folder", "other"]:
    """What ``path`` is: nothing yet, a regular file, a folder, or something else (a device,
    FIFO or socket, which must never be opened as a file: a FIFO blocks the open for ever).
    A name the system refuses (too long, a loop) is an ``InputError`` naming ``use``."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        raise InputError(f"Cannot use {path} {use}: {exc.strerror}.") from exc
    if stat.S_ISDIR(mode):
        return "folder"
    return "file" if stat.S_ISREG(mode) else "other"


def temporary_name(path: Path) -> Path:
    """A short name beside ``path`` (so that the rename stays on one file system), whatever the
    length of ``path``'s own name."""
    return path.with_name(f".pk-{os.getpid()}-{os.urandom(4).hex()}.tmp")


def write_atomic(
    target: Target,
    write: Callable[[IO[str]], T],
    *,
    what: str,
    newline: str | None = None,
) -> T:
    """Write ``target`` with ``write(handle)``: streams directly, files through a private
    temporary file renamed into place. Any OS error is a ``StorageError`` naming the file."""
    path = target.path
    if target.kind == "stream":
        try:
            with open(path, "w", encoding="utf-8", newline=newline) as handle:
                return write(handle)
        except OSError as exc:
            raise StorageError(f"Cannot write {what} to {path}: {exc.strerror or exc}.") from exc
    temporary = temporary_name(path)
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            result = write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        remove_quietly(temporary)
        raise StorageError(
            f"Cannot write {what} {path}: {exc.strerror or exc}; nothing was written."
        ) from exc
    except BaseException:
        remove_quietly(temporary)
        raise
    return result


def remove_quietly(path: Path) -> None:
    """Remove a half-written file; one the system refused to create is simply not there."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and every missing parent with mode 0700, whatever the umask (a parent
    pk creates, such as ``~/.local/share``, must not be left writable by others)."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for directory in reversed(missing):
        try:
            os.mkdir(directory, 0o700)
        except FileExistsError:
            continue  # made by someone else meanwhile: theirs to keep as it is
        os.chmod(directory, 0o700)  # the umask may have taken bits away from 0700


def replace_quietly(path: Path, text: str) -> bool:
    """Write a cache file (``text``) atomically, creating its private folder; False, and nothing
    left behind, when it cannot be written: a cache is an optimisation, never an error."""
    try:
        make_private_dirs(path.parent)
        write_atomic(Target(path, "file"), lambda handle: handle.write(text), what="the cache")
    except (OSError, StorageError):
        return False
    return True


def read_input(stream: IO[bytes], what: str, limit: int) -> str:
    """Text from outside (stdin), decoded once, here, by the rule every path in follows: at
    most ``limit`` bytes, UTF-8 (a byte-order mark dropped), no NUL. Anything else is one line
    naming ``what`` and where it goes wrong."""
    raw = stream.read(limit + 1)
    check_size(len(raw), what, limit)
    text = decode_text(raw, what, "send it as UTF-8.")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(f"{what} holds a NUL byte (line {line}), which text never does.")
    return text


def check_size(size: int, what: str, limit: int) -> None:
    """Text from outside is at most ``limit`` bytes, however it came (stdin, an argument)."""
    if size > limit:
        raise InputError(
            f"{what} is longer than {limit // 1_000_000} MB, more than pk reads at once; "
            "give it in parts."
        )


def decode_text(raw: bytes, what: str, way_out: str) -> str:
    """Bytes from outside as text: UTF-8 (a byte-order mark dropped), else one line naming
    the first byte that is not and its line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{what} is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}); {way_out}"
        ) from None

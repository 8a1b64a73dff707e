"""Where ``pk feedback ask`` puts its questions: ``.eml`` files in a folder, or e-mail sent
through Apprise (docs/feedback.md). A file already there is never replaced."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from promisekeeper.errors import InputError, StorageError

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.results.feedback import Question


def into_folder(
    settings: Settings, folder: str, compose: Callable[[Question], bytes]
) -> Callable[[Question], str]:
    """A writer of each question as ``ask-ID.eml`` (``ask-ID-2.eml``… when that name is taken)
    in ``folder``, made if missing; the file's path."""
    place = Path(folder).expanduser()
    if place.exists() and not place.is_dir():
        raise InputError(f"{folder} is a file, not a folder; --out names the folder to write to.")

    def write(question: Question) -> str:
        data = compose(question)
        try:
            place.mkdir(parents=True, exist_ok=True)
            for number in range(1, 1000):
                suffix = "" if number == 1 else f"-{number}"
                path = place / f"ask-{question.promise.id}{suffix}.eml"
                try:
                    with path.open("xb") as handle:  # never over a file already there
                        handle.write(data)
                    return str(path)
                except FileExistsError:
                    continue
        except OSError as exc:
            raise StorageError(f"Could not write into {place}: {exc.strerror}.") from None
        raise StorageError(f"Could not find a free file name in {place}.")

    return write


def by_mail(
    settings: Settings, url: str, compose: Callable[[Question], str]
) -> Callable[[Question], str]:
    """A sender of each question's text to its address through the Apprise URL; the address."""
    from promisekeeper.remote.notify import mail_target, send_mail

    mail_target(url, "check@example.com")  # the URL checked before anything is asked

    def send(question: Question) -> str:
        send_mail(mail_target(url, question.to), question.subject, compose(question))
        return question.to

    return send

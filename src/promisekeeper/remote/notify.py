"""Where ``pk remind --notify`` sends its reminders: the desktop's own notifier, or any URL
Apprise knows (mail, Slack, Teams, ntfy, a JSON webhook…), through the ``apprise`` package (an
optional extra, imported only here). A failure is one line that names the service, never the
URL's secrets (tokens and passwords live in Apprise URLs)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from typing import Any, NamedTuple

from promisekeeper.errors import InputError, StorageError, install_extra

EXTRA = "notify"


class Target(NamedTuple):
    """Where reminders go, resolved once: the desktop, or Apprise's plugin for a URL."""

    plugin: Any  # None for the desktop
    shown: str  # as it may be printed


def shown(where: str) -> str:
    """A notification URL as it may be printed: Apprise's own private form of it (each
    service's plugin knows which of its parts are secret: a password, or a token that *is* the
    host, as in ``pbul://TOKEN``), without its query; only the scheme when Apprise cannot read
    it."""
    if where == "desktop":
        return "the desktop"
    return _shown(where, _plugin(where))


def _shown(where: str, plugin: Any) -> str:
    if plugin is None:
        scheme, sep, _rest = where.partition("://")
        return f"{scheme}://…" if sep and scheme.isascii() and scheme.isalnum() else "that URL"
    return str(plugin.url(privacy=True)).partition("?")[0].rstrip("/")


def _plugin(where: str) -> Any:
    """Apprise's plugin for ``where`` (it knows the service's parts), or None."""
    try:
        import apprise
    except ImportError:
        raise InputError(
            f'pk remind --notify URL needs the "{EXTRA}" extra: {install_extra(EXTRA)}.'
        ) from None
    return apprise.Apprise.instantiate(where)


def target(where: str) -> Target:
    """``where`` resolved before anything is recorded, or one line saying it is not a
    notification URL."""
    if where == "desktop":
        return Target(None, "the desktop")
    plugin = _plugin(where)
    if plugin is None:
        raise InputError(
            f"--notify takes desktop or a notification URL Apprise knows (such as json://host/, "
            f"ntfy://topic, mailto://…), not {_shown(where, None)}."
        )
    return Target(plugin, _shown(where, plugin))


def send(to: Target, title: str, body: str, level: str = "info") -> None:
    """Deliver one notification of ``level`` (info, warning, failure: Apprise's types, a
    webhook's ``type``); ``StorageError`` when it could not be delivered."""
    if to.plugin is None:
        _desktop(title, body, level)
        return
    import apprise

    sender = apprise.Apprise()
    kind = {"failure": apprise.NotifyType.FAILURE, "warning": apprise.NotifyType.WARNING}
    notified = sender.add(to.plugin) and sender.notify(
        body=body, title=title, notify_type=kind.get(level, apprise.NotifyType.INFO)
    )
    if not notified:
        raise StorageError(f"Could not send the reminder to {to.shown}.")


def _desktop(title: str, body: str, level: str = "info") -> None:
    """The platform's notifier: notify-send (Linux, BSD), osascript (macOS)."""
    if sys.platform == "darwin":
        script = f"display notification {_quoted(body)} with title {_quoted(title)}"
        command = ["osascript", "-e", script]
    else:
        found = shutil.which("notify-send")
        if found is None:
            raise StorageError(
                "No desktop notifier here (notify-send is not installed); use --notify URL."
            )
        urgency = {"failure": "critical", "warning": "normal"}.get(level, "low")
        command = [found, "--app-name=pk", f"--urgency={urgency}", title, body]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError) as exc:
        raise StorageError(f"The desktop notifier failed ({type(exc).__name__}).") from None


def _quoted(text: str) -> str:
    """An AppleScript string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def mail_target(where: str, to: str) -> Target:
    """An Apprise ``mailto://`` (or ``mailtos://``) URL sending to ``to``: one line when it is
    not one."""
    from urllib.parse import quote

    scheme = where.partition("://")[0].lower()
    if scheme not in ("mailto", "mailtos"):
        raise InputError(
            f"--send takes an Apprise mailto:// URL (mailto://user:password@example.com), not "
            f"{_shown(where, None)}."
        )
    joined = f"{where}{'&' if '?' in where else '?'}to={quote(to, safe='@')}"
    plugin = _plugin(joined)
    if plugin is None:
        raise InputError(f"Apprise cannot read that mailto:// URL ({_shown(where, None)}).")
    return Target(plugin, _shown(joined, plugin))


def send_mail(where: Target, subject: str, body: str) -> None:
    """One plain-text e-mail through Apprise; ``StorageError`` when it could not be sent."""
    import apprise

    sender = apprise.Apprise()
    if not (sender.add(where.plugin) and sender.notify(body=body, title=subject)):
        raise StorageError(f"Could not send the e-mail through {where.shown}.")

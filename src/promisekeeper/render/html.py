"""HTML pages, through Jinja2 templates with autoescaping on: whatever a user typed (a
standard's text, a customer's name) is text on the page, never markup. Imported only by the
commands that write HTML."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from promisekeeper.config import Settings
    from promisekeeper.domain.results import Publication


def _render(template: str, **values: Any) -> str:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    environment = Environment(
        loader=PackageLoader("promisekeeper", "render/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.get_template(template).render(**values)


def publication(result: Publication, settings: Settings) -> str:
    from promisekeeper.render.safe import clean
    from promisekeeper.render.standards import TITLE, record_line

    local = result.now.astimezone(settings.tz)
    standards = [
        {
            "text": clean(s.text),
            "record": record_line(result, s) if result.records is not None else None,
        }
        for s in result.standards
    ]
    return _render(
        "standards.html.j2",
        title=TITLE,
        standards=standards,
        as_of=f"{local.day} {local:%B %Y}",
    )

"""One jinja2 environment for everything the tool renders: question prompts and page layouts.

`StrictUndefined` turns a misspelt variable into an error at validation time instead of an empty
gap in an exam. Layout templates live in the top-level `templates/` folder (installed beside the
`grader` package).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import jinja2

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Templates write translatable text as `{{ _("Total") }}` (or `{% trans %}`), in the current
    language of `grader.i18n` when rendered."""
    from grader import i18n

    env = jinja2.Environment(
        extensions=["jinja2.ext.i18n"],
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "html.j2", "xml", "xml.j2"], default_for_string=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: i18n._(message),
        ngettext=lambda singular, plural, n: i18n.ngettext(singular, plural, n), newstyle=True)
    return env


@lru_cache(maxsize=16384)  # every prompt, explanation and option text of a large bank, compiled once
def _compiled(source: str) -> jinja2.Template:
    return environment().from_string(source)


def render_string(source: str, /, **context: object) -> str:
    """Render a template given as text (a question's prompt or explanation)."""
    return _compiled(source).render(**context)


def render_template(name: str, /, **context: object) -> str:
    """Render a layout template from `templates/` by file name."""
    return environment().get_template(name).render(**context)


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: wide (CJK) characters count two, combining marks none."""
    import unicodedata

    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def table(headers: list[str], rows: list[list[object]], *, right: tuple[int, ...] = ()) -> str:
    """A plain-text table with columns padded to the widest cell (`display_width`); the columns at
    the indexes in `right` (numbers) are right-aligned."""
    all_rows: list[Sequence[object]] = [headers, *rows]
    cells = [[str(c) for c in row] for row in all_rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(headers))]

    def pad(text: str, width: int, i: int) -> str:
        gap = " " * (width - display_width(text))
        return gap + text if i in right else text + gap

    lines = ["  ".join(pad(c, w, i) for i, (c, w) in enumerate(zip(row, widths))).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)

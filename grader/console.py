"""Terminal output through rich: colour, wrapping and live progress on a terminal; plain text, no
escape codes, on a pipe, a file or a CI log. rich honours `NO_COLOR` (no colour) and `FORCE_COLOR`.

Markup is off: student text such as `[red]` is printed as written. Style with `rich.text.Text`
(`Text(message, style="red")`, `Text.assemble(...)`) rather than with markup strings.
"""

from __future__ import annotations

import sys
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

PLAIN_WIDTH = 120  # columns when not writing to a terminal (CI logs, pipes, files)


def console(*, stderr: bool = False, file: IO[str] | None = None) -> Console:
    """A console writing to stdout (or stderr, or `file`)."""
    from rich.console import Console

    target = file if file is not None else (sys.stderr if stderr else sys.stdout)
    is_tty = _is_tty(target)
    return Console(file=target, markup=False, highlight=False, emoji=False,
                   width=None if is_tty else PLAIN_WIDTH, soft_wrap=False)


def _is_tty(target: object) -> bool:
    try:
        return bool(getattr(target, "isatty", lambda: False)())
    except ValueError:  # closed
        return False


def print_table(headers: list[str], rows: list[list[object]], *, right: tuple[int, ...] = ()) -> None:
    """Print a table on stdout: rich on a terminal; on a pipe or a file plain padded text, which
    needs neither rich's import nor its layout (`grade bank list` stays quick in scripts)."""
    import os

    if not _is_tty(sys.stdout) and not os.environ.get("FORCE_COLOR"):
        from grader.render import table as plain_table

        print(plain_table(headers, rows, right=right))
        return
    out = console()
    shown = table(headers, right=right)
    for row in rows:
        shown.add_row(*(str(cell) for cell in row))
    out.print(shown)


def table(headers: list[str], *, right: tuple[int, ...] = ()) -> Table:
    """A table with `headers`; the columns at the indexes in `right` (numbers) are right-aligned."""
    from rich import box
    from rich.table import Table

    out = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for i, header in enumerate(headers):
        out.add_column(header, justify="right" if i in right else "left", overflow="fold")
    return out

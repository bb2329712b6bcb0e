"""The `text` format: what a student reads in a terminal or a CI log.

`print_report` writes the report to a rich console: colour and wrapping to the terminal's width on a
terminal, plain text elsewhere. `to_text` is the same report printed to a plain console (no escape
codes, 120 columns), so that both show the same lines. Every student-influenced string goes through
`clean.printable` before it becomes a `rich.text.Text` (rich itself lets ESC through), and markup is
never parsed.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from grader.i18n import _
from grader.reports.clean import one_line, printable
from grader.reports.common import covers, findings, format_points, identity, score_line, status_label
from grader.results import Report, Status

if TYPE_CHECKING:
    from rich.console import Console

STATUS_STYLES = {Status.PASSED: "green", Status.PARTIAL: "yellow", Status.FAILED: "red", Status.ERROR: "red",
                 Status.FORBIDDEN: "red", Status.MISSING: "red"}
SEPARATOR = "   "


def print_report(report: Report, console: Console, *, show_table: bool = True) -> None:
    """Identity, a table of exercises, what to fix per exercise (diagnoses first, each message once
    with the checks it covers, wrapped with a hanging indent), the total, device and isolation.

    `show_table=False` leaves out the table, for a caller that already printed a line per exercise
    while grading."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from grader.console import table

    lang = report.lang
    header = identity(report)
    if header:
        console.print(Text(SEPARATOR.join(
            _("{label}: {value}", lang=lang).format(label=label, value=printable(one_line(value)))
            for _key, label, value in header)))
        console.print()
    if show_table:
        rows = table([_("exercise", lang=lang), _("score", lang=lang), _("status", lang=lang)], right=(1,))
        for e in report.exercises:
            rows.add_row(Text(printable(one_line(e.name))),
                         Text(f"{format_points(e.score)}/{format_points(e.max_score)}"),
                         Text(status_label(e.status, lang), style=STATUS_STYLES[e.status]))
        console.print(rows)
        console.print()

    to_fix = [(e, found) for e in report.exercises if (found := findings(e))]
    if to_fix:
        console.print(Text(_("What to fix:", lang=lang), style="bold"))
    for e, found in to_fix:
        console.print(Text.assemble(
            "  ", (printable(one_line(e.name)), "bold"), f"  {format_points(e.score)}/{format_points(e.max_score)}  ",
            (status_label(e.status, lang), STATUS_STYLES[e.status])))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for f in found:
            # every kind of line break (U+2028, NEL...) as a newline, so the hanging indent holds
            message = printable("\n".join(f.message.strip().splitlines()) or status_label(f.status, lang))
            if f.diagnosis:
                text = Text.assemble((_("Likely mistake: {diagnosis}", lang=lang).format(diagnosis=message),
                                      "bold yellow"), (f" [{printable(covers(f, lang))}]", "dim"))
                grid.add_row(Text("→", style="bold yellow"), text)
            else:
                about = printable(covers(f, lang)) if f.checks else ""
                text = Text.assemble((_("{label}: ", lang=lang).format(label=about) if about else "", "bold"), message)
                grid.add_row(Text("✗", style=STATUS_STYLES[f.status]), text)
        console.print(Padding(grid, (0, 0, 0, 4)))
    if to_fix:
        console.print()
    console.print(Text(_("Total: {score}", lang=lang).format(score=score_line(report)), style="bold"))
    footer = [_("Device: {device}", lang=lang).format(device=printable(one_line(report.device))),
              _("time: {seconds} s", lang=lang).format(seconds=f"{report.duration_s:.1f}")]
    if report.grader_version:
        footer.append(_("grader {version}", lang=lang).format(version=printable(one_line(report.grader_version))))
    footer.append(_("isolation: {isolation}", lang=lang).format(isolation=report.isolation))
    console.print(Text(SEPARATOR.join(footer), style="dim"))


def to_text(report: Report) -> str:
    """`print_report` as plain text: no colour or escape codes whatever the environment asks for
    (FORCE_COLOR included), 120 columns, no trailing blanks."""
    from rich.console import Console

    from grader.console import PLAIN_WIDTH

    buffer = io.StringIO()
    plain = Console(file=buffer, width=PLAIN_WIDTH, color_system=None, force_terminal=False, markup=False,
                    highlight=False, emoji=False, soft_wrap=False, legacy_windows=False)
    print_report(report, plain)
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    return printable("\n".join(lines).strip("\n")) + "\n"

"""What several formats share: how points and percentages are written, the scoring items of the
flat formats, what a student should fix (each message said once, with the checks it covers), the
labels every format writes in the report's language, and the context of the two page templates.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from grader.i18n import N_, _, ngettext
from grader.reports import clean
from grader.results import CHECK_STATUSES, ExerciseOutcome, Report, Status


def format_points(x: float) -> str:
    """Points as people write them: 4, 1.5, 0.33 (never 4.0 or 0.3333333)."""
    if not math.isfinite(x):
        return str(x)
    text = f"{round(x, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def percent(score: float, max_score: float) -> float:
    """`score` as a percentage of `max_score`; 0.0 when there is nothing to earn.

    The one rule for every report, the gradebook and `--fail-under`: a submission with no points
    available has earned none of them, so it shows as `0/0 (0.0%)` and fails any threshold above 0.
    Calling that 100% would let a grading setup that found nothing to grade pass a CI gate.
    """
    return 100.0 * score / max_score if max_score else 0.0


def score_line(report: Report) -> str:
    """'42/50 (84.0%)' — the form used in commit messages, tables and summaries."""
    return (f"{format_points(report.score)}/{format_points(report.max_score)} "
            f"({percent(report.score, report.max_score):.1f}%)")


@dataclass(frozen=True)
class Item:
    """One scoring item of the flat formats (classroom, gradescope): a check of an exercise, or the
    exercise as a whole when its score is not the sum of its checks."""

    exercise: str
    name: str  # "cnn.conv2d: shapes", or "cnn.conv2d" for an exercise-level item
    score: float
    max_score: float
    status: str  # passed / failed / error (the CHECK_STATUSES vocabulary)
    message: str


def adds_up(e: ExerciseOutcome) -> bool:
    """Whether the exercise's score and maximum are the sums of its checks' (no forbidden call
    zeroed it, no missing file left it without checks)."""
    return bool(e.tests) and math.isclose(sum(t.score for t in e.tests), e.score, abs_tol=1e-6) \
        and math.isclose(sum(t.max_score for t in e.tests), e.max_score, abs_tol=1e-6)


def scoring_items(report: Report) -> Iterator[Item]:
    """Checks as items when they add up to their exercise's score, else the exercise as one item."""
    for e in report.exercises:
        if adds_up(e):
            for t in e.tests:
                status = t.status if t.status in CHECK_STATUSES else "failed"
                if status == "passed" and t.score < t.max_score - 1e-9:
                    status = "failed"  # partial credit on a check still lost points
                message = check_text(t.message, t.diagnosis, report.lang)
                if e.message:
                    message = f"{message}\n{e.message}".strip() if status != "passed" else message
                yield Item(e.name, f"{e.name}: {t.name}", t.score, t.max_score, status, message)
        else:
            status = "passed" if e.status == "passed" and e.score >= e.max_score - 1e-9 else \
                "error" if e.status == "error" else "failed"
            notes = [e.message] if e.message else [f"status: {e.status}"]
            notes += [f"{t.name}: {check_text(t.message, t.diagnosis, report.lang)}"
                      for t in e.tests if t.status != "passed" and t.message]
            yield Item(e.name, e.name, e.score, e.max_score, status, "\n".join(notes))


# ---------------------------------------------------------------------------------------------
# What to fix, each message once

STATUS_LABELS: dict[Status, str] = {
    Status.PASSED: N_("passed"), Status.PARTIAL: N_("partial"), Status.FAILED: N_("failed"),
    Status.ERROR: N_("error"), Status.FORBIDDEN: N_("forbidden"), Status.MISSING: N_("missing"),
}
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}  # each language under its own name, as menus show them


def status_label(status: Status | str, lang: str) -> str:
    """A status word (`partial`) in `lang`."""
    return _(STATUS_LABELS[Status(status)], lang=lang)


def check_text(message: str, diagnosis: str, lang: str) -> str:
    """A check's message with its diagnosis, if any, for formats that show them as one text."""
    if not diagnosis:
        return message
    hint = _("Likely mistake: {diagnosis}", lang=lang).format(diagnosis=diagnosis)
    return (message + "\n" + hint).strip()


def lost_points(status: Status, score: float, max_score: float) -> bool:
    """Whether a check is something to read about: it did not pass, or passed with partial credit."""
    return status != Status.PASSED or score < max_score - 1e-9


@dataclass(frozen=True)
class Finding:
    """Something to tell a student about one exercise, said once: a message, or a `diagnosis` (a
    known mistake the output matches), and the checks it covers. An exercise-wide message (not
    implemented, forbidden call, missing function) covers every check that repeats it, or none."""

    message: str
    status: Status
    checks: tuple[str, ...] = ()
    diagnosis: bool = False


def findings(e: ExerciseOutcome) -> list[Finding]:
    """What to fix in `e`: its diagnoses first, then the exercise-wide message, then the messages of
    its other checks; identical texts are one finding naming every check they cover."""
    diagnoses: dict[str, list[str]] = {}
    messages: dict[tuple[str, Status | None], tuple[Status, list[str]]] = {}
    if e.message and e.status != Status.PASSED:
        messages[(e.message, None)] = (e.status, [])
    for t in e.tests:
        if not lost_points(t.status, t.score, t.max_score):
            continue
        if t.diagnosis:
            diagnoses.setdefault(t.diagnosis, []).append(t.name)
        key: tuple[str, Status | None] = (t.message, None) if (t.message, None) in messages else (t.message, t.status)
        messages.setdefault(key, (t.status, []))[1].append(t.name)
    return ([Finding(d, Status.FAILED, tuple(checks), diagnosis=True) for d, checks in diagnoses.items()]
            + [Finding(message, status, tuple(checks)) for (message, _key), (status, checks) in messages.items()])


def covers(f: Finding, lang: str) -> str:
    """What a finding is about, in `lang`: the one check it covers, or "3 checks: a, b, c"."""
    names = [clean.one_line(name) for name in f.checks]
    if len(names) == 1:
        return names[0]
    if not names:
        return _("the whole exercise", lang=lang)
    return ngettext("{n} check: {names}", "{n} checks: {names}", len(names), lang=lang).format(
        n=len(names), names=", ".join(names))


# ---------------------------------------------------------------------------------------------
# Who, when, where


def format_created(created: str) -> str:
    """An ISO 8601 date-time as people read it: `2026-12-01 14:03 +08:00` (UTC as `UTC`); anything
    that is not one is shown as it is."""
    try:
        moment = datetime.fromisoformat(created.strip().replace("Z", "+00:00"))
    except ValueError:
        return created
    text = moment.strftime("%Y-%m-%d %H:%M")
    offset = moment.utcoffset()
    if offset is None:
        return text
    if not offset:
        return f"{text} UTC"
    zone = moment.strftime("%z")
    return f"{text} {zone[:3]}:{zone[3:]}"


def identity(report: Report) -> list[tuple[str, str, str]]:
    """(key, label, value) of who and what was graded, the label in the report's language: `student`,
    `commit` and `date`, in that order; unknown entries are left out."""
    lang = report.lang
    rows = [("student", _("Student", lang=lang), report.student), ("commit", _("Commit", lang=lang), report.commit),
            ("date", _("Date", lang=lang), format_created(report.created) if report.created else None)]
    return [(key, label, value) for key, label, value in rows if value]


# ---------------------------------------------------------------------------------------------
# The page templates


def _newstyle(lang: str) -> tuple[Callable[..., str], Callable[..., str]]:
    """`_`/`gettext` and `ngettext` for a template, in `lang`, behaving as jinja's newstyle gettext
    (the translation is trusted markup, the `%(name)s` values are escaped where autoescape is on)."""
    import jinja2
    import markupsafe

    def finish(context: Any, text: str, variables: dict[str, Any]) -> str:
        out: str = markupsafe.Markup(text) if context.eval_ctx.autoescape else text
        return out % variables

    @jinja2.pass_context
    def gettext(context: Any, message: str, /, **variables: Any) -> str:
        return finish(context, _(message, lang=lang), variables)

    @jinja2.pass_context
    def plural(context: Any, singular: str, plural: str, n: int, /, **variables: Any) -> str:
        variables.setdefault("num", n)
        return finish(context, ngettext(singular, plural, n, lang=lang), variables)

    return gettext, plural


def template_context(report: Report) -> dict:
    """What `report.md.j2` and `report.html.j2` read: the report with every number already written,
    what to fix per exercise, and `_` / `ngettext` translating into the report's language."""
    lang = report.lang
    gettext, plural = _newstyle(lang)
    exercises = []
    for e in report.exercises:
        found = findings(e)
        exercises.append({
            "name": e.name, "score": format_points(e.score), "max_score": format_points(e.max_score),
            "percent": f"{percent(e.score, e.max_score):.1f}", "status": str(e.status),
            "status_label": status_label(e.status, lang), "message": e.message,
            "findings": [{"message": f.message or status_label(f.status, lang), "status": str(f.status),
                          "covers": covers(f, lang), "diagnosis": f.diagnosis, "checks": len(f.checks)}
                         for f in found],
            # a table of checks that all failed for the one reason just said would only repeat it
            "show_tests": bool(e.tests) and not (len(found) == 1 and set(found[0].checks) == {t.name for t in e.tests}),
            "tests": [{"name": t.name, "score": format_points(t.score), "max_score": format_points(t.max_score),
                       "status": str(t.status), "status_label": status_label(t.status, lang)} for t in e.tests],
        })
    passed = sum(e.status == Status.PASSED for e in report.exercises)
    return {
        "report": report,
        "lang": lang,
        "identity": identity(report),
        "language": LANGUAGE_NAMES.get(lang, lang),
        "created": report.created,
        "score": format_points(report.score),
        "max_score": format_points(report.max_score),
        "percent": f"{percent(report.score, report.max_score):.1f}",
        "passed": passed,
        # whether any number has decimals: the page then aligns every number on its decimal point
        "fractions": any("." in format_points(x) for e in report.exercises
                         for x in (e.score, e.max_score, *(v for t in e.tests for v in (t.score, t.max_score)))),
        "exercises": exercises,
        "to_fix": [e for e in exercises if e["findings"]],
        "duration": f"{report.duration_s:.1f}",
        "md_cell": clean.md_cell,
        "md_fence": clean.md_fence,
        "_": gettext,
        "gettext": gettext,
        "ngettext": plural,
    }

"""`grade practice`: practise questions from the bank one answer at a time, with retries, hints and
the worked explanation; `--review` brings back what was missed, `--stats` shows progress
(grader.practice)."""

from __future__ import annotations

import io
import secrets
import sys
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from grader.answers.kinds import kind_names
from grader.cli import cli, config_option, course_bank, lang_option
from grader.errors import UsageError
from grader.i18n import N_, _, language, ngettext

if TYPE_CHECKING:
    from rich.console import Console

    from grader.bank import Question
    from grader.practice import Filters, History, Item, Practice, Step, Summary

READ_LIMIT = 1 << 20  # bytes of one typed line that are read; the rest of a longer line is skipped
ECHO_LIMIT = 200  # characters of an answer echoed back when the input is not a terminal

_VERDICTS = {  # Verdict value -> (mark, label, style)
    "correct": ("✓", N_("Correct."), "bold green"),
    "partial": ("~", N_("Partly correct."), "bold yellow"),
    "incorrect": ("✗", N_("Incorrect."), "bold red"),
    "invalid": ("?", N_("This answer could not be read (not counted as a try)."), "bold magenta"),
}
_KINDS = {"numeric": N_("numeric"), "symbolic": N_("formula"), "choice": N_("single choice"),
          "multi": N_("multiple choice")}
_STATS_HEADERS = (N_("topic"), N_("questions"), N_("attempted"), N_("correct first try"), N_("accuracy"),
                  N_("to review"), N_("due now"))


@cli.command("practice", short_help=N_("Practise questions: hints, retries, reviews of what you missed."), help=N_(
    "Practise questions from the bank: each prompt without its answer, your answer checked with targeted "
    "feedback, up to three tries, a hint on ?, the worked explanation when you give up (s or an empty line); "
    "q ends the round. Reads one answer per line, so it works from a pipe. Your history is kept in a local "
    "SQLite file: --review brings back what you missed when it is due, --stats shows your progress."))
@click.option("--topic", default=None,
              help=N_("Only this topic: a bank folder (cnn) or a row of the topic map (cnn_shapes)."))
@click.option("--kind", type=click.Choice(list(kind_names())), default=None, help=N_("Only this kind of answer."))
@click.option("--difficulty", type=click.IntRange(1, 3), default=None, help=N_("Only this difficulty (1 to 3)."))
@click.option("--count", type=click.IntRange(1, 1000), default=None,
              help=N_("How many questions (default 5; with --review, every question due)."))
@click.option("--seed", type=click.IntRange(0, 10**9), default=None,
              help=N_("Draw reproducibly: the same seed gives the same questions and variants."))
@click.option("--review", is_flag=True, help=N_("Bring back the questions you missed that are due for review."))
@click.option("--stats", is_flag=True, help=N_("Show your progress per topic instead of practising."))
@click.option("--db", type=click.Path(path_type=Path), default=None,
              help=N_("The history file (default: $GRADE_PRACTICE_DB, else "
                      "$XDG_DATA_HOME/grade/practice.sqlite3, else ~/.local/share/grade/practice.sqlite3)."))
@click.option("--bank", "banks", multiple=True, type=click.Path(path_type=Path),
              help=N_("An extra question-bank folder (repeatable)."))
@config_option
@lang_option
def practice(topic: str | None, kind: str | None, difficulty: int | None, count: int | None, seed: int | None,
             review: bool, stats: bool, db: Path | None, banks: tuple[Path, ...], config_path: Path | None) -> None:
    from grader.console import console
    from grader.practice import Filters, History, default_path, select

    path = db if db is not None else default_path()
    out = console()
    if stats:
        if review or kind or difficulty or count or seed is not None:
            raise UsageError(_("--stats shows your progress; it combines only with --topic, --db and --lang"))
        _show_stats(out, path, topic)
        return
    filters = Filters(topic=topic, kind=kind, difficulty=difficulty)
    pool = select(course_bank(banks, config_path), filters)  # a bad filter is reported before any file is made
    if not pool:
        raise UsageError(_("no question matches {filters}").format(filters=_describe(filters)))
    with History.open(path) as history:
        _practise(out, pool, history, filters, count=count, seed=seed, review=review)


def _practise(out: Console, pool: list[Question], history: History, filters: Filters, *, count: int | None,
              seed: int | None, review: bool) -> None:
    from rich.text import Text

    from grader.practice import DEFAULT_COUNT, Practice, draw, due_items

    lang = language()
    if seed is None:
        seed = secrets.randbelow(1_000_000)
    if review:
        items = due_items(pool, history, now=time.time(), count=count, seed=seed)
        if not items:
            _nothing_due(out, history)
            return
    else:
        wanted = count or DEFAULT_COUNT
        items = draw(pool, count=wanted, seed=seed)
        if len(items) < wanted:
            out.print(Text(ngettext("Only {n} question matches; practising it.",
                                    "Only {n} questions match; practising all of them.", len(items)).format(
                                        n=len(items)), style="yellow"))
    intro = (ngettext("Review: {n} question due · seed {seed}", "Review: {n} questions due · seed {seed}",
                      len(items)) if review else
             ngettext("{n} question · seed {seed}", "{n} questions · seed {seed}", len(items)))
    out.print(Text(intro.format(n=len(items), seed=seed), style="bold"))
    out.print(Text(_("One answer per line; ? for a hint, s or an empty line to skip, q to stop."), style="dim"))
    round_ = Practice(items, history, lang=lang, seed=seed, mode="review" if review else "draw", filters=filters)
    # Bytes: a line that is not UTF-8 must not stop the round. No stdin at all reads as empty.
    stdin: IO[bytes] = getattr(sys.stdin, "buffer", None) or io.BytesIO()
    interactive = stdin.isatty()
    try:
        _ask_all(out, round_, stdin, interactive=interactive)
    except KeyboardInterrupt:
        _show_summary(out, round_.finish())
        raise SystemExit(130) from None
    _show_summary(out, round_.finish())


def _ask_all(out: Console, round_: Practice, stdin: IO[bytes], *, interactive: bool) -> None:
    """Ask every question of the round until it ends, the student quits or the input ends."""
    from rich.text import Text

    from grader.reports.clean import visible_line

    total = len(round_.items)
    while (item := round_.current) is not None:
        out.print()
        _show_question(out, item, round_.index + 1, total)
        while True:
            if interactive:
                out.print(Text("› ", style="bold"), end="")
            line = _read_line(stdin)
            if line is None:
                return  # end of input: the rest is unanswered
            if not interactive:  # a transcript shows what each reply answers
                shown = visible_line(line, ECHO_LIMIT) + ("…" if len(line) > ECHO_LIMIT else "")
                out.print(Text("› " + shown, style="dim"))
            step = round_.respond(line)
            _show_step(out, item, step)
            if step.stop:
                return
            if step.outcome is not None:
                break


def _read_line(stream: IO[bytes]) -> str | None:
    """One typed line, without its line break (None at the end of the input). At most READ_LIMIT
    bytes are kept; bytes that are not UTF-8 are read as U+FFFD."""
    raw = stream.readline(READ_LIMIT)
    if not raw:
        return None
    if not raw.endswith(b"\n"):
        while (rest := stream.readline(READ_LIMIT)) and not rest.endswith(b"\n"):
            pass  # the remainder of an over-long line is skipped, never held in memory
    text = raw.decode("utf-8", "replace")
    return text[:-1].removesuffix("\r") if text.endswith("\n") else text


def _show_question(out: Console, item: Item, number: int, total: int) -> None:
    from rich.text import Text

    from grader.bank.terminal import to_terminal
    from grader.reports.common import format_points

    lang = language()
    variant = item.variant
    meta = item.question.meta
    out.print(Text(_("Question {i}/{n}: {title}").format(i=number, n=total, title=to_terminal(meta.title[lang])),
                   style="bold cyan"))
    points = ngettext("{points} point", "{points} points", 1 if meta.points == 1 else 2).format(
        points=format_points(meta.points))
    kind = _(_KINDS[variant.kind]) if variant.kind in _KINDS else variant.kind
    out.print(Text(_("{id} · {kind} · difficulty {difficulty} · {points}").format(
        id=item.question.id, kind=kind, difficulty=meta.difficulty, points=points), style="dim"))
    out.print()
    out.print(Text(to_terminal(variant.prompt(lang)).rstrip()))
    for choice in variant.choices(lang) if variant.kind_info.uses_options else []:
        out.print(Text("  {letter}. {text}".format(letter=choice["letter"], text=to_terminal(choice["text"]))))


def _show_step(out: Console, item: Item, step: Step) -> None:
    from rich.text import Text

    from grader.bank.terminal import math_to_text, to_terminal
    from grader.practice import Command, Outcome
    from grader.reports.clean import printable
    from grader.reports.common import format_points
    from grader.results import Verdict

    if step.command is Command.HINT:
        out.print(Text(_("Hint:"), style="bold blue"))
        for line in step.hint:
            out.print(Text("  " + printable(to_terminal(line)), style="blue"))
        return
    result = step.result
    if result is not None:
        mark, label, style = _VERDICTS[result.verdict.value]
        score = _("{score}/{max_score} points").format(score=format_points(result.score),
                                                         max_score=format_points(result.max_score))
        verdict = Text(mark + " " + _(label), style=style)
        if result.verdict is not Verdict.INVALID:
            verdict.append("  " + score, style="dim")
        out.print(verdict)
        if result.understood_as and result.verdict is not Verdict.CORRECT:
            out.print(Text("  " + _("Understood as: {value}").format(value=printable(math_to_text(
                result.understood_as)))))
        for line in (result.feedback, *result.warnings):
            if line:
                out.print(Text("  " + printable(to_terminal(line))))
    if step.outcome in (Outcome.MISSED, Outcome.SKIPPED):
        lang = language()
        out.print(Text(_("The answer: {answer}").format(answer=printable(item.variant.answer_text())),
                       style="bold"))
        explanation = item.variant.explanation(lang)
        if explanation:
            out.print(Text(to_terminal(explanation).rstrip()))
    elif step.outcome is None and not step.stop and result is not None and result.verdict is not Verdict.INVALID:
        out.print(Text(ngettext("Try again: {n} try left (? for a hint, s to skip).",
                                "Try again: {n} tries left (? for a hint, s to skip).", step.tries_left).format(
                                    n=step.tries_left), style="dim"))


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return _("{s} s").format(s=seconds)
    return _("{m} min {s} s").format(m=seconds // 60, s=seconds % 60)


def _show_summary(out: Console, summary: Summary) -> None:
    from rich.text import Text

    from grader.practice import Outcome
    from grader.reports.common import format_points

    n = len(summary.outcomes)
    correct = summary.count(Outcome.FIRST_TRY, Outcome.RETRY)
    out.print()
    out.print(Text(_("Round over: {correct}/{n} correct, {first} on the first try.").format(
        correct=correct, n=n, first=summary.count(Outcome.FIRST_TRY)), style="bold"))
    out.print(Text(_("Missed {missed} · skipped {skipped} · unanswered {unanswered}").format(
        missed=summary.count(Outcome.MISSED), skipped=summary.count(Outcome.SKIPPED),
        unanswered=summary.count(Outcome.UNANSWERED))))
    out.print(Text(_("First-try score: {score}/{max_score} points · time {time} · seed {seed}").format(
        score=format_points(summary.first_try_score), max_score=format_points(summary.max_score),
        time=_duration(summary.elapsed_s), seed=summary.seed)))
    if summary.to_review:
        out.print(Text(_("To review: {ids}").format(ids=", ".join(summary.to_review)), style="yellow"))
    if summary.due_now:
        out.print(Text(ngettext("{n} question is due for review: grade practice --review",
                                "{n} questions are due for review: grade practice --review",
                                summary.due_now).format(n=summary.due_now), style="dim"))


def _when(timestamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(timestamp))


def _nothing_due(out: Console, history: History) -> None:
    from rich.text import Text

    upcoming = history.next_due()
    out.print(Text(_("Nothing is due for review now.")))
    if upcoming is None:
        out.print(Text(_("Nothing is scheduled: the questions you miss come back here."), style="dim"))
    else:
        out.print(Text(_("The next review is due {when}.").format(when=_when(upcoming)), style="dim"))


def _show_stats(out: Console, path: Path, topic: str | None) -> None:
    from rich.text import Text

    from grader.console import table
    from grader.practice import History
    from grader.reports.clean import visible_line

    if not path.exists():
        out.print(Text(_("No practice history yet ({path}); start with: grade practice --topic cnn").format(
            path=path)))
        return
    now = time.time()
    with History.open(path) as history:
        rows = [s for s in history.stats(now=now)
                if topic is None or s.topic == topic or s.topic.startswith(topic + ".")]
        upcoming = history.next_due()
    if not rows:
        out.print(Text(_("No practice recorded for {topic} yet.").format(topic=topic) if topic else
                       _("No practice recorded yet.")))
        return
    grid = table([_(h) for h in _STATS_HEADERS], right=(1, 2, 3, 4, 5, 6))
    for s in rows:
        # The history file is the student's to edit: a topic is shown as one line, escapes visible.
        grid.add_row(visible_line(s.topic, 120), str(s.questions), str(s.attempted), str(s.first_try),
                     f"{s.accuracy:.0%}", str(s.scheduled), str(s.due))
    attempted = sum(s.attempted for s in rows)
    first = sum(s.first_try for s in rows)
    grid.add_row(_("total"), str(sum(s.questions for s in rows)), str(attempted), str(first),
                 f"{first / attempted if attempted else 0:.0%}", str(sum(s.scheduled for s in rows)),
                 str(sum(s.due for s in rows)), style="bold")
    out.print(grid)
    if upcoming is not None:
        out.print(Text(_("Next review due: {when}").format(when=_when(upcoming)) if upcoming > now else
                       _("Reviews are due now: grade practice --review")))


def _describe(filters: Filters) -> str:
    return " ".join(f"--{name} {value}" for name, value in filters.to_dict().items())

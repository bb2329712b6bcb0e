"""`grade bank ...`: browse, show, check, validate and scaffold questions (grader.bank).

Every label and message is in the language of `--lang` (else `GRADE_LANG`, else the locale), through
gettext; a question's own title, prompt, options and explanation are its bilingual content, chosen
in the same language (`grader.i18n.language()`). JSON output keeps its keys in English.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from grader.answers.kinds import get_kind, kind_names
from grader.cli import _Group, cli, config_option, course_bank, lang_option
from grader.errors import UsageError
from grader.i18n import N_, _, language, ngettext

if TYPE_CHECKING:
    from grader.bank import Bank, Variant

F = TypeVar("F", bound=Callable[..., Any])

# The kinds are the registry's (grader.answers.kinds); `new` offers those with a skeleton.
_KINDS = list(kind_names())
_NEW_KINDS = [name for name in kind_names() if get_kind(name).skeleton is not None]


@cli.group(cls=_Group, help=N_("Browse, show, check and validate the question bank."))
def bank() -> None:
    pass


def _bank_options(command: F) -> F:
    command = click.option("--bank", "banks", multiple=True, type=click.Path(path_type=Path),
                           help=N_("An extra question-bank folder (repeatable)."))(command)
    return config_option(command)


def _variant_options(command: F) -> F:
    command = click.option("--seed", type=int, default=None, help=N_("Variant seed (default 0)."))(command)
    return click.option("--params", "params_json", default=None,
                        help=N_("Explicit parameters as a JSON object, instead of a seed."))(command)


def _variant(bank_: Bank, qid: str, seed: int | None, params_json: str | None) -> Variant:
    from grader.bank import make_variant

    question = bank_.get(qid)
    if params_json is not None:
        if seed is not None:
            raise UsageError(_("give either --seed or --params, not both"))
        try:
            params = json.loads(params_json)
        except json.JSONDecodeError as exc:
            raise UsageError(_("--params is not valid JSON: {reason} (at character {position})").format(
                reason=exc.msg, position=exc.pos + 1)) from None
        return make_variant(question, params=params)
    return make_variant(question, seed=0 if seed is None else seed)


def _labelled(label: str, value: str) -> str:
    """`label: value`, punctuated as the current language writes it."""
    return _("{label}: {value}").format(label=label, value=value)


def _print_table(headers: list[str], rows: list[list[object]], *, right: tuple[int, ...] = ()) -> None:
    from grader.console import print_table

    print_table(headers, rows, right=right)


_FORMAT_HELP = N_("Output: a table for people, or JSON for programs.")


@bank.command("list", help=N_("List the questions, or (--coverage) how they cover the syllabus."))
@_bank_options
@click.option("--topic", default=None, help=N_("Only this topic (e.g. cnn)."))
@click.option("--kind", type=click.Choice(_KINDS), default=None, help=N_("Only questions of this answer kind."))
@click.option("--coverage", is_flag=True,
              help=N_("The syllabus table instead: questions per topic row and kind, from each bank's "
                      "syllabus.yaml."))
@lang_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help=_FORMAT_HELP)
def bank_list(banks: tuple[Path, ...], config_path: Path | None, topic: str | None, kind: str | None,
              coverage: bool, fmt: str) -> None:
    # Fast path: no sympy, numpy-free rendering, rich only for the table.
    bank_ = course_bank(banks, config_path)
    if coverage:
        if topic is not None or kind is not None:
            raise UsageError(_("--coverage counts the whole bank; it does not combine with --topic or --kind"))
        _print_coverage(bank_, fmt=fmt)
        return
    questions = bank_.select(topic=topic, kind=kind)
    if fmt == "json":
        click.echo(json.dumps([q.summary() for q in questions], ensure_ascii=False, indent=2))
        return
    lang = language()
    rows: list[list[object]] = [[q.id, q.meta.kind, q.meta.difficulty, q.meta.points, q.meta.title[lang]]
                                for q in questions]
    _print_table([_("id"), _("kind"), _("difficulty"), _("points"), _("title")], rows, right=(2, 3))
    click.echo(ngettext("{n} question", "{n} questions", len(questions)).format(n=len(questions)))


def _print_coverage(bank_: Bank, *, fmt: str) -> None:
    """The rows × kinds table of each bank folder (`Bank.coverage`)."""
    coverages = bank_.coverage()
    if fmt == "json":
        click.echo(json.dumps({"banks": [c.to_dict() for c in coverages]}, ensure_ascii=False, indent=2))
        return
    lang = language()
    comma = _(", ")
    for number, cov in enumerate(coverages):
        if number:
            click.echo("")
        if cov.syllabus is None:
            kinds = comma.join(f"{k} {n}" for k, n in cov.questions.items() if n) or "-"
            n = sum(cov.questions.values())
            click.echo(ngettext("{root}: no syllabus.yaml; {n} question: {kinds}",
                                "{root}: no syllabus.yaml; {n} questions: {kinds}", n).format(
                root=cov.root, n=n, kinds=kinds))
            continue
        click.echo(ngettext("{path}: {n} row", "{path}: {n} rows", len(cov.rows)).format(
            path=cov.syllabus.path, n=len(cov.rows)))
        rows: list[list[object]] = []
        for row in cov.rows:
            note = (_("no questions") if not row.total else
                    _("missing: {kinds}").format(kinds=comma.join(row.missing)) if row.missing else "")
            rows.append([row.row.id, *(row.counts.get(k, 0) for k in cov.kinds), row.total, note,
                         row.row.title[lang]])
        totals = cov.totals()
        rows.append([_("total"), *(totals[k] for k in cov.kinds), sum(totals.values()), "", ""])
        headers = [_("row"), *cov.kinds, _("total"), _("note"), _("title")]
        _print_table(headers, rows, right=tuple(range(1, len(cov.kinds) + 2)))
        empty = [r.row.id for r in cov.rows if not r.total]
        lacking = [f"{r.row.id} ({comma.join(r.missing)})" for r in cov.rows if r.total and r.missing]
        if empty:
            click.echo(ngettext("{n} row without questions: {rows}", "{n} rows without questions: {rows}",
                                len(empty)).format(n=len(empty), rows=comma.join(empty)))
        if lacking:
            click.echo(ngettext("{n} row lacking a kind it asks for: {rows}",
                                "{n} rows lacking a kind they ask for: {rows}", len(lacking)).format(
                n=len(lacking), rows=comma.join(lacking)))
        if cov.unmapped:
            click.echo(_("questions without a row (META.covers): {ids}").format(ids=comma.join(cov.unmapped)))


def _points(points: float) -> str:
    """`2 points`, `1 point`, `1.5 points`, in the current language."""
    whole = float(points).is_integer()
    return ngettext("{points} point", "{points} points", int(points) if whole else 2).format(points=f"{points:g}")


@bank.command("show", help=N_("Show one variant of a question with its answer (or, with --no-answer, without)."))
@_bank_options
@click.argument("qid")
@_variant_options
@click.option("--no-answer", "no_answer", is_flag=True,
              help=N_("Only the prompt (and options): no answer, explanation or listed mistakes, for practice."))
@lang_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=N_("text: math rendered for the terminal; json: the LaTeX as written, for other front ends."))
def bank_show(banks: tuple[Path, ...], config_path: Path | None, qid: str, seed: int | None,
              params_json: str | None, no_answer: bool, fmt: str) -> None:
    from grader.bank.terminal import to_terminal

    variant = _variant(course_bank(banks, config_path), qid, seed, params_json)
    data = variant.to_dict(language(), reveal=not no_answer)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(_("{id}  ({kind}, difficulty {difficulty}, {points}, seed {seed})").format(
        id=data["id"], kind=data["kind"], difficulty=data["difficulty"], points=_points(data["points"]),
        seed="-" if data["seed"] is None else data["seed"]))
    click.echo(f"# {to_terminal(data['title'])}\n")
    click.echo(to_terminal(data["prompt"]).rstrip())
    for choice in data.get("choices", []):
        click.echo(f"  {choice['letter']}. {to_terminal(choice['text'])}")
    if no_answer:
        return
    click.echo("\n" + _labelled(_("answer"), data["answer"]))
    if data["explanation"]:
        click.echo(f"\n{to_terminal(data['explanation']).rstrip()}")


@bank.command("check", help=N_("Check an answer against one variant of a question."))
@_bank_options
@click.argument("qid")
@_variant_options
@click.option("--answer", "answer_text", required=True, help=N_("The answer to check, as a student would type it."))
@lang_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=N_("text: for people; json: the verdict, score and feedback for programs."))
def bank_check(banks: tuple[Path, ...], config_path: Path | None, qid: str, seed: int | None,
               params_json: str | None, answer_text: str, fmt: str) -> None:
    from grader.answers import verdict_label
    from grader.bank.terminal import math_to_text, to_terminal
    from grader.results import Verdict

    lang = language()
    variant = _variant(course_bank(banks, config_path), qid, seed, params_json)
    result = variant.check(answer_text, lang=lang)
    data = {"id": variant.question.id, "seed": variant.seed, **result.to_dict()}
    if result.verdict is not Verdict.CORRECT:
        data["explanation"] = variant.explanation(lang)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(_("{verdict}  {score}/{max_score} points").format(
        verdict=verdict_label(result.verdict), score=f"{result.score:g}", max_score=f"{result.max_score:g}"))
    if result.understood_as:
        # What was understood is LaTeX (formulas, exact constants) or plain (numbers, letters):
        # shown as math, like the prompt.
        click.echo(_labelled(_("understood as"), math_to_text(result.understood_as)))
    for line in (result.feedback, *result.warnings):
        if line:
            click.echo(to_terminal(line))


@bank.command("validate", help=N_("Self-test questions over many seeds; exit 1 when any fails."))
@_bank_options
@click.argument("qids", nargs=-1)
# Defaults live in grader.bank.validate (not imported here: `grade` must start without numpy); the
# help shows them, and a test checks that it says what the library does.
@click.option("--seeds", default=None, type=click.IntRange(1, 100_000),
              help=N_("Seeds to try for each question but symbolic ones  [default: 200]"))
@click.option("--symbolic-seeds", default=None, type=click.IntRange(1, 100_000),
              help=N_("Seeds to try for each symbolic question (each variant's key is evaluated at 48 points)  "
                      "[default: 20]"))
@click.option("--jobs", default=0, type=click.IntRange(0, 256),
              help=N_("Worker processes (default 0: one per CPU)."))
@lang_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help=_FORMAT_HELP)
def bank_validate(banks: tuple[Path, ...], config_path: Path | None, qids: tuple[str, ...], seeds: int | None,
                  symbolic_seeds: int | None, jobs: int, fmt: str) -> None:
    from grader.bank import validate
    from grader.bank.validate import DEFAULT_SEEDS, DEFAULT_SYMBOLIC_SEEDS, default_jobs

    lang = language()
    results = validate(course_bank(banks, config_path), qids, seeds=DEFAULT_SEEDS if seeds is None else seeds,
                       symbolic_seeds=DEFAULT_SYMBOLIC_SEEDS if symbolic_seeds is None else symbolic_seeds,
                       jobs=jobs or default_jobs())
    if fmt == "json":
        click.echo(json.dumps([r.to_dict(lang) for r in results], ensure_ascii=False, indent=2))
    else:
        rows: list[list[object]] = [[r.id, r.seeds, r.variants, r.checks, _("ok") if r.ok else _("FAIL")]
                                    for r in results]
        _print_table([_("id"), _("seeds"), _("variants"), _("checks"), _("result")], rows, right=(1, 2, 3))
        for r in results:
            for failure in r.messages(lang):
                click.echo(f"{r.id}: {failure}")
        bad = sum(not r.ok for r in results)
        click.echo(ngettext("{ok}/{n} question passed", "{ok}/{n} questions passed", len(results)).format(
            ok=len(results) - bad, n=len(results)))
    if any(not r.ok for r in results):
        sys.exit(1)


@bank.command("new", help=N_("Write a commented skeleton for a new question."))
@click.argument("qid")
@click.option("--kind", type=click.Choice(_NEW_KINDS), required=True, help=N_("The question's answer kind."))
@click.option("--bank", "bank_dir", type=click.Path(path_type=Path), required=True,
              help=N_("Your question-bank folder; the file goes to BANK/topic/name.py."))
@click.option("--force", is_flag=True, help=N_("Overwrite an existing file."))
@lang_option
def bank_new(qid: str, kind: str, bank_dir: Path, force: bool) -> None:
    from grader.bank.scaffold import new_question

    path = new_question(qid, kind=kind, bank_dir=bank_dir, force=force)
    click.echo(_("wrote {path}; edit it, then run: grade bank validate {qid} --bank {bank}").format(
        path=path, qid=qid, bank=bank_dir))

"""`grade bank ...`: browse, show, check, validate and scaffold questions (grader.bank)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from grader.answers.kinds import get_kind, kind_names
from grader.cli import _Group, cli, config_option
from grader.errors import UsageError

if TYPE_CHECKING:
    from grader.bank import Bank, Variant

F = TypeVar("F", bound=Callable[..., Any])

# The kinds are the registry's (grader.answers.kinds); `new` offers those with a skeleton.
_KIND_HELP = f"Only this kind ({', '.join(kind_names())})."
_NEW_KINDS = [name for name in kind_names() if get_kind(name).skeleton is not None]


@cli.group(cls=_Group)
def bank() -> None:
    """Browse, show, check and validate the question bank."""


def _bank_options(command: F) -> F:
    command = click.option("--bank", "banks", multiple=True, type=click.Path(path_type=Path),
                           help="An extra question-bank folder (repeatable).")(command)
    return config_option(command)


def _variant_options(command: F) -> F:
    command = click.option("--seed", type=int, default=None, help="Variant seed (default 0).")(command)
    return click.option("--params", "params_json", default=None,
                        help="Explicit parameters as a JSON object, instead of a seed.")(command)


def _load_bank(banks: tuple[Path, ...], config_path: Path | None) -> Bank:
    from grader.bank import load_bank
    from grader.config import load_config

    extra = [*load_config(config_path).banks, *banks]
    return load_bank(extra)


def _variant(bank_: Bank, qid: str, seed: int | None, params_json: str | None) -> Variant:
    from grader.bank import make_variant

    question = bank_.get(qid)
    if params_json is not None:
        if seed is not None:
            raise UsageError("give either --seed or --params, not both")
        try:
            params = json.loads(params_json)
        except json.JSONDecodeError as exc:
            raise UsageError(f"--params is not valid JSON: {exc.msg} (at character {exc.pos + 1})") from None
        return make_variant(question, params=params)
    return make_variant(question, seed=0 if seed is None else seed)


_LANG = click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
                     help="Language of the text shown (titles, prompts, feedback, labels).")

# Every label this module prints, in each language of the bank.
_WORDS: dict[str, dict[str, str]] = {
    "en": {"id": "id", "kind": "kind", "difficulty": "difficulty", "points": "points", "title": "title",
           "questions": "{n} question(s)", "row": "row", "total": "total", "note": "note",
           "empty": "no questions", "missing": "missing: {kinds}", "rows": "{path}: {n} rows",
           "empty_rows": "{n} row(s) without questions: {rows}",
           "missing_rows": "{n} row(s) lacking a kind they ask for: {rows}",
           "unmapped": "question(s) without a row (META.covers): {ids}",
           "no_syllabus": "{root}: no syllabus.yaml; {n} question(s): {kinds}",
           "header": "{id}  ({kind}, difficulty {difficulty}, {points} points, seed {seed})", "answer": "answer",
           "score": "{verdict}  {score}/{max_score} points", "understood": "understood as",
           "variants": "variants", "checks": "checks", "seeds": "seeds", "result": "result", "ok": "ok",
           "fail": "FAIL", "passed": "{ok}/{n} question(s) passed",
           "correct": "correct", "partial": "partial", "incorrect": "incorrect", "invalid": "invalid"},
    "zh": {"id": "编号", "kind": "题型", "difficulty": "难度", "points": "分值", "title": "标题",
           "questions": "共 {n} 道题", "row": "行", "total": "合计", "note": "说明",
           "empty": "没有题目", "missing": "缺少：{kinds}", "rows": "{path}：共 {n} 行",
           "empty_rows": "{n} 行没有题目：{rows}",
           "missing_rows": "{n} 行缺少其要求的题型：{rows}",
           "unmapped": "未注明所属行（META.covers）的题目：{ids}",
           "no_syllabus": "{root}：没有 syllabus.yaml；共 {n} 道题：{kinds}",
           "header": "{id}（{kind}，难度 {difficulty}，{points} 分，种子 {seed}）", "answer": "答案",
           "score": "{verdict}  {score}/{max_score} 分", "understood": "理解为",
           "variants": "变体", "checks": "检查", "seeds": "种子", "result": "结果", "ok": "通过",
           "fail": "失败", "passed": "{ok}/{n} 道题通过",
           "correct": "正确", "partial": "部分正确", "incorrect": "错误", "invalid": "无效"},
}


def _say(lang: str, word: str, **values: object) -> str:
    return _WORDS[lang][word].format(**values)


def _colon(lang: str, label: str) -> str:
    return f"{label}：" if lang == "zh" else f"{label}: "


@bank.command("list")
@_bank_options
@click.option("--topic", default=None, help="Only this topic (e.g. cnn).")
@click.option("--kind", default=None, help=_KIND_HELP)
@click.option("--coverage", is_flag=True,
              help="The syllabus table instead: questions per topic row and kind, from each bank's syllabus.yaml.")
@_LANG
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def bank_list(banks: tuple[Path, ...], config_path: Path | None, topic: str | None, kind: str | None,
              coverage: bool, lang: str, fmt: str) -> None:
    """List the questions, or (--coverage) how they cover the syllabus."""
    from grader.render import table

    bank_ = _load_bank(banks, config_path)
    if coverage:
        if topic is not None or kind is not None:
            raise UsageError("--coverage counts the whole bank; it does not combine with --topic or --kind")
        _print_coverage(bank_, lang=lang, fmt=fmt)
        return
    questions = bank_.select(topic=topic, kind=kind)
    if fmt == "json":
        click.echo(json.dumps([q.summary() for q in questions], ensure_ascii=False, indent=2))
        return
    rows: list[list[object]] = [[q.id, q.meta.kind, q.meta.difficulty, q.meta.points, q.meta.title[lang]]
                                for q in questions]
    click.echo(table([_say(lang, w) for w in ("id", "kind", "difficulty", "points", "title")], rows))
    click.echo(_say(lang, "questions", n=len(questions)))


def _print_coverage(bank_: Bank, *, lang: str, fmt: str) -> None:
    """The rows × kinds table of each bank folder (`Bank.coverage`)."""
    from grader.render import table

    coverages = bank_.coverage()
    if fmt == "json":
        click.echo(json.dumps({"banks": [c.to_dict() for c in coverages]}, ensure_ascii=False, indent=2))
        return
    comma = "、" if lang == "zh" else ", "
    for number, cov in enumerate(coverages):
        if number:
            click.echo("")
        if cov.syllabus is None:
            kinds = comma.join(f"{k} {n}" for k, n in cov.questions.items() if n) or "-"
            click.echo(_say(lang, "no_syllabus", root=cov.root, n=sum(cov.questions.values()), kinds=kinds))
            continue
        click.echo(_say(lang, "rows", path=cov.syllabus.path, n=len(cov.rows)))
        rows: list[list[object]] = []
        for row in cov.rows:
            note = (_say(lang, "empty") if not row.total else
                    _say(lang, "missing", kinds=comma.join(row.missing)) if row.missing else "")
            rows.append([row.row.id, *(row.counts.get(k, 0) for k in cov.kinds), row.total, note,
                         row.row.title[lang]])
        totals = cov.totals()
        rows.append([_say(lang, "total"), *(totals[k] for k in cov.kinds), sum(totals.values()), "", ""])
        headers = [_say(lang, "row"), *cov.kinds, _say(lang, "total"), _say(lang, "note"), _say(lang, "title")]
        click.echo(table(headers, rows))
        empty = [r.row.id for r in cov.rows if not r.total]
        lacking = [f"{r.row.id} ({comma.join(r.missing)})" for r in cov.rows if r.total and r.missing]
        if empty:
            click.echo(_say(lang, "empty_rows", n=len(empty), rows=comma.join(empty)))
        if lacking:
            click.echo(_say(lang, "missing_rows", n=len(lacking), rows=comma.join(lacking)))
        if cov.unmapped:
            click.echo(_say(lang, "unmapped", ids=comma.join(cov.unmapped)))


@bank.command("show")
@_bank_options
@click.argument("qid")
@_variant_options
@_LANG
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: math rendered for the terminal; json: the LaTeX as written, for other front ends.")
def bank_show(banks: tuple[Path, ...], config_path: Path | None, qid: str, seed: int | None,
              params_json: str | None, lang: str, fmt: str) -> None:
    """Show one variant of a question with its answer."""
    from grader.bank.terminal import to_terminal

    variant = _variant(_load_bank(banks, config_path), qid, seed, params_json)
    data = variant.to_dict(lang)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(_say(lang, "header", id=data["id"], kind=data["kind"], difficulty=data["difficulty"],
                    points=data["points"], seed=data["seed"]))
    click.echo(f"# {to_terminal(data['title'])}\n")
    click.echo(to_terminal(data["prompt"]).rstrip())
    for choice in data.get("choices", []):
        click.echo(f"  {choice['letter']}. {to_terminal(choice['text'])}")
    click.echo("\n" + _colon(lang, _say(lang, "answer")) + data["answer"])
    if data["explanation"]:
        click.echo(f"\n{to_terminal(data['explanation']).rstrip()}")


@bank.command("check")
@_bank_options
@click.argument("qid")
@_variant_options
@click.option("--answer", "answer_text", required=True, help="The answer to check, as a student would type it.")
@_LANG
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def bank_check(banks: tuple[Path, ...], config_path: Path | None, qid: str, seed: int | None,
               params_json: str | None, answer_text: str, lang: str, fmt: str) -> None:
    """Check an answer against one variant of a question."""
    from grader.bank.terminal import math_to_text, to_terminal

    variant = _variant(_load_bank(banks, config_path), qid, seed, params_json)
    result = variant.check(answer_text, lang=lang)
    data = {"id": variant.question.id, "seed": variant.seed, **result.to_dict()}
    if result.verdict.value != "correct":
        data["explanation"] = variant.explanation(lang)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(_say(lang, "score", verdict=_say(lang, result.verdict.value), score=f"{result.score:g}",
                    max_score=f"{result.max_score:g}"))
    if result.understood_as:
        # What was understood is LaTeX (formulas, exact constants) or plain (numbers, letters):
        # shown as math, like the prompt.
        click.echo(_colon(lang, _say(lang, "understood")) + math_to_text(result.understood_as))
    for line in (result.feedback, *result.warnings):
        if line:
            click.echo(to_terminal(line))


@bank.command("validate")
@_bank_options
@click.argument("qids", nargs=-1)
# Defaults live in grader.bank.validate (not imported here: `grade` must start without numpy); the
# help shows them, and a test checks that it says what the library does.
@click.option("--seeds", default=None, type=click.IntRange(1, 100_000),
              help="Seeds to try for each question but symbolic ones  [default: 200]")
@click.option("--symbolic-seeds", default=None, type=click.IntRange(1, 100_000),
              help="Seeds to try for each symbolic question (each variant's key is evaluated at 48 points)  "
                   "[default: 20]")
@click.option("--jobs", default=0, type=click.IntRange(0, 256),
              help="Worker processes (default 0: one per CPU).")
@_LANG
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def bank_validate(banks: tuple[Path, ...], config_path: Path | None, qids: tuple[str, ...], seeds: int | None,
                  symbolic_seeds: int | None, jobs: int, lang: str, fmt: str) -> None:
    """Self-test questions over many seeds; exit 1 when any fails."""
    from grader.bank import validate
    from grader.bank.validate import DEFAULT_SEEDS, DEFAULT_SYMBOLIC_SEEDS, default_jobs
    from grader.render import table

    results = validate(_load_bank(banks, config_path), qids, seeds=DEFAULT_SEEDS if seeds is None else seeds,
                       symbolic_seeds=DEFAULT_SYMBOLIC_SEEDS if symbolic_seeds is None else symbolic_seeds,
                       jobs=jobs or default_jobs())
    if fmt == "json":
        click.echo(json.dumps([r.to_dict(lang) for r in results], ensure_ascii=False, indent=2))
    else:
        rows: list[list[object]] = [[r.id, r.seeds, r.variants, r.checks, _say(lang, "ok" if r.ok else "fail")]
                                    for r in results]
        click.echo(table([_say(lang, w) for w in ("id", "seeds", "variants", "checks", "result")], rows))
        for r in results:
            for failure in r.messages(lang):
                click.echo(f"{r.id}: {failure}")
        bad = sum(not r.ok for r in results)
        click.echo(_say(lang, "passed", ok=len(results) - bad, n=len(results)))
    if any(not r.ok for r in results):
        sys.exit(1)


@bank.command("new")
@click.argument("qid")
@click.option("--kind", type=click.Choice(_NEW_KINDS), required=True)
@click.option("--bank", "bank_dir", type=click.Path(path_type=Path), required=True,
              help="Your question-bank folder; the file goes to BANK/topic/name.py.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def bank_new(qid: str, kind: str, bank_dir: Path, force: bool) -> None:
    """Write a commented skeleton for a new question."""
    from grader.bank.scaffold import new_question

    path = new_question(qid, kind=kind, bank_dir=bank_dir, force=force)
    click.echo(f"wrote {path}; edit it, then run: grade bank validate {qid} --bank {bank_dir}")

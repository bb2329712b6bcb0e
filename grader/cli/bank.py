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


_LANG = click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)


@bank.command("list")
@_bank_options
@click.option("--topic", default=None, help="Only this topic (e.g. cnn).")
@click.option("--kind", default=None, help=_KIND_HELP)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def bank_list(banks: tuple[Path, ...], config_path: Path | None, topic: str | None, kind: str | None,
              fmt: str) -> None:
    """List the questions."""
    from grader.render import table

    questions = _load_bank(banks, config_path).select(topic=topic, kind=kind)
    if fmt == "json":
        click.echo(json.dumps([q.summary() for q in questions], ensure_ascii=False, indent=2))
        return
    rows: list[list[object]] = [[q.id, q.meta.kind, q.meta.difficulty, q.meta.points, q.meta.title["en"]]
                                for q in questions]
    click.echo(table(["id", "kind", "difficulty", "points", "title"], rows))
    click.echo(f"{len(questions)} question(s)")


@bank.command("show")
@_bank_options
@click.argument("qid")
@_variant_options
@_LANG
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def bank_show(banks: tuple[Path, ...], config_path: Path | None, qid: str, seed: int | None,
              params_json: str | None, lang: str, fmt: str) -> None:
    """Show one variant of a question with its answer."""
    variant = _variant(_load_bank(banks, config_path), qid, seed, params_json)
    data = variant.to_dict(lang)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{data['id']}  ({data['kind']}, difficulty {data['difficulty']}, {data['points']} points, "
               f"seed {data['seed']})")
    click.echo(f"# {data['title']}\n")
    click.echo(data["prompt"].rstrip())
    for choice in data.get("choices", []):
        click.echo(f"  {choice['letter']}. {choice['text']}")
    click.echo(f"\nanswer: {data['answer']}")
    if data["explanation"]:
        click.echo(f"\n{data['explanation'].rstrip()}")


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
    variant = _variant(_load_bank(banks, config_path), qid, seed, params_json)
    result = variant.check(answer_text, lang=lang)
    data = {"id": variant.question.id, "seed": variant.seed, **result.to_dict()}
    if result.verdict.value != "correct":
        data["explanation"] = variant.explanation(lang)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{result.verdict.value}  {result.score:g}/{result.max_score:g} points")
    if result.understood_as:
        click.echo(f"understood as: {result.understood_as}")
    for line in (result.feedback, *result.warnings):
        if line:
            click.echo(line)


@bank.command("validate")
@_bank_options
@click.argument("qids", nargs=-1)
@click.option("--seeds", default=50, show_default=True, type=click.IntRange(1, 10000),
              help="Seeds to try for each question.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def bank_validate(banks: tuple[Path, ...], config_path: Path | None, qids: tuple[str, ...], seeds: int,
                  fmt: str) -> None:
    """Self-test questions over many seeds; exit 1 when any fails."""
    from dataclasses import asdict

    from grader.bank import validate
    from grader.render import table

    results = validate(_load_bank(banks, config_path), qids, seeds=seeds)
    if fmt == "json":
        click.echo(json.dumps([asdict(r) | {"ok": r.ok} for r in results], ensure_ascii=False, indent=2))
    else:
        rows: list[list[object]] = [[r.id, r.variants, r.checks, "ok" if r.ok else "FAIL"] for r in results]
        click.echo(table(["id", "variants", "checks", "result"], rows))
        for r in results:
            for failure in r.failures:
                click.echo(f"{r.id}: {failure}")
        bad = sum(not r.ok for r in results)
        click.echo(f"{len(results) - bad}/{len(results)} question(s) passed")
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

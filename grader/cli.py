"""The `grade` command: thin click wiring over the library modules.

Every command turns `UsageError` into one line on stderr and exit status 2; nothing the user types
should ever produce a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from grader import __version__
from grader.errors import UsageError


class _Group(click.Group):
    """A click group that reports UsageError as one clean line with exit status 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            click.echo(f"grade: error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="grade")
def cli() -> None:
    """Question banks, answer checking and sandboxed grading for the deep-learning course."""


@cli.group(cls=_Group)
def bank() -> None:
    """Browse, show, check and validate the question bank."""


def _bank_options(command):
    command = click.option("--bank", "banks", multiple=True, type=click.Path(path_type=Path),
                           help="An extra question-bank folder (repeatable).")(command)
    return click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
                        help="Settings file (default: ./grade.yaml when present).")(command)


def _variant_options(command):
    command = click.option("--seed", type=int, default=None, help="Variant seed (default 0).")(command)
    return click.option("--params", "params_json", default=None,
                        help="Explicit parameters as a JSON object, instead of a seed.")(command)


def _load_bank(banks, config_path):
    from grader.bank import load_bank
    from grader.config import load_config

    extra = [*load_config(config_path)["banks"], *banks]
    return load_bank(extra)


def _variant(bank_, qid, seed, params_json):
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
@click.option("--kind", default=None, help="Only this kind (choice, multi, numeric, symbolic).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def bank_list(banks, config_path, topic, kind, fmt) -> None:
    """List the questions."""
    from grader.render import table

    questions = _load_bank(banks, config_path).select(topic=topic, kind=kind)
    if fmt == "json":
        click.echo(json.dumps([q.summary() for q in questions], ensure_ascii=False, indent=2))
        return
    rows = [[q.id, q.meta.kind, q.meta.difficulty, q.meta.points, q.meta.title["en"]] for q in questions]
    click.echo(table(["id", "kind", "difficulty", "points", "title"], rows))
    click.echo(f"{len(questions)} question(s)")


@bank.command("show")
@_bank_options
@click.argument("qid")
@_variant_options
@_LANG
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def bank_show(banks, config_path, qid, seed, params_json, lang, fmt) -> None:
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
def bank_check(banks, config_path, qid, seed, params_json, answer_text, lang, fmt) -> None:
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
def bank_validate(banks, config_path, qids, seeds, fmt) -> None:
    """Self-test questions over many seeds; exit 1 when any fails."""
    from dataclasses import asdict

    from grader.bank import validate
    from grader.render import table

    results = validate(_load_bank(banks, config_path), qids, seeds=seeds)
    if fmt == "json":
        click.echo(json.dumps([asdict(r) | {"ok": r.ok} for r in results], ensure_ascii=False, indent=2))
    else:
        rows = [[r.id, r.variants, r.checks, "ok" if r.ok else "FAIL"] for r in results]
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
@click.option("--kind", type=click.Choice(["numeric", "symbolic", "choice", "multi"]), required=True)
@click.option("--bank", "bank_dir", type=click.Path(path_type=Path), required=True,
              help="Your question-bank folder; the file goes to BANK/topic/name.py.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def bank_new(qid, kind, bank_dir, force) -> None:
    """Write a commented skeleton for a new question."""
    from grader.scaffold import new_question

    path = new_question(qid, kind=kind, bank_dir=bank_dir, force=force)
    click.echo(f"wrote {path}; edit it, then run: grade bank validate {qid} --bank {bank_dir}")


# --- classroom and batch (grader/classroom.py, grader/batch.py) -------------------------------


@cli.group(cls=_Group)
def classroom() -> None:
    """GitHub Classroom autograding."""


@classroom.command("init")
@click.option("--force", is_flag=True, help="Overwrite an existing workflow.")
@click.option("--python", "python_version", default="3.11", show_default=True, help="Python version on the runner.")
@click.option("--grader-spec", default=None,
              help="What `pip install` gets for the grader [default: grade @ git+https://github.com/OWNER/REPO].")
def classroom_init(force, python_version, grader_spec) -> None:
    """Write .github/workflows/classroom.yml in the current directory."""
    from grader import classroom as classroom_mod

    path = classroom_mod.init(Path.cwd(), force=force, python_version=python_version,
                              grader_spec=grader_spec or classroom_mod.DEFAULT_GRADER_SPEC)
    click.echo(f"wrote {path.relative_to(Path.cwd()).as_posix()}")
    if grader_spec is None:
        click.echo("edit the `pip install` line (OWNER/REPO) or pass --grader-spec", err=True)


@cli.command("batch")
@click.argument("submissions_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Folder for the per-student reports and gradebook.csv.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Submissions graded at the same time.")
@click.option("--exercises-subdir", default="exercises", show_default=True,
              help="Where the exercise files are inside each student folder (else the folder itself).")
@click.option("--device", default="auto", show_default=True, help="auto, cpu or cuda.")
def batch_command(submissions_dir, out_dir, jobs, exercises_subdir, device) -> None:
    """Grade every student folder in SUBMISSIONS_DIR and write a gradebook."""
    from grader.batch import grade_batch
    from grader.export import format_points

    def progress(row: dict) -> None:
        report = row["report"]
        what = (f"{format_points(report['score'])}/{format_points(report['max_score'])}" if report
                else f"error: {row['error']}")
        click.echo(f"{row['student']}: {what}", err=True)

    book = grade_batch(submissions_dir, out_dir, jobs=jobs, exercises_subdir=exercises_subdir, device=device,
                       progress=progress)
    errors = int((book["status"] == "error").sum())
    click.echo(f"graded {len(book) - errors} of {len(book)} submission(s)"
               + (f", {errors} with grader errors" if errors else "") + f"; gradebook: {out_dir / 'gradebook.csv'}")


# --- grade submit (sandboxed code grading; grader/codegrade.py) ------------------------------

_SUBMIT_FORMATS = ("text", "json", "markdown", "html", "junit", "gradescope", "classroom")


def _submit_progress(outcome) -> None:
    """One short line per exercise on stderr while grading (only when stderr is a terminal)."""
    score = f"{outcome.score:g}/{outcome.max_score:g}"
    click.echo(f"  {outcome.name:<36} {outcome.status:<9} {score:>9}", err=True)


def _submit_fallback(report, fmt: str, output: Path | None) -> None:
    """Used only while grader.export is missing: a table for text, JSON for everything else."""
    import json

    if fmt == "text":
        lines = [f"{e.name:<36} {e.status:<9} {e.score:g}/{e.max_score:g}  {e.message}".rstrip()
                 for e in report.exercises]
        lines.append(f"score {report.score:g}/{report.max_score:g} on {report.device} in {report.duration_s:.1f} s")
        text = "\n".join(lines) + "\n"
    else:
        text = json.dumps(report.to_dict(), indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@cli.command("submit")
@click.option("--exercises", "exercises_dir", type=click.Path(path_type=Path), default=Path("exercises"),
              show_default=True, help="Folder with your exercise modules.")
@click.option("--only", default=None, help="Only exercises matching these patterns, e.g. 'activations.*,cnn.conv2d'.")
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
              help="Where to run the checks (auto: CUDA when available).")
@click.option("--format", "fmt", type=click.Choice(_SUBMIT_FORMATS), default="text", show_default=True)
@click.option("--output", type=click.Path(path_type=Path), default=None, help="Write the report here instead of stdout.")
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None,
              help="Exit with status 1 when the score is below this percentage.")
@click.option("--push", "push_", is_flag=True, help="After grading, commit your exercise files and push them.")
@click.option("--archive", type=click.Path(path_type=Path), default=None,
              help="After grading, write a zip of your exercise files and the report.")
def submit_command(exercises_dir, only, device, fmt, output, fail_under, push_, archive) -> None:
    """Grade your exercise modules in a sandbox and print the report.

    Exits 0 whenever grading completed, whatever the score (1 only for --fail-under), and 2 for
    usage errors.
    """
    import os

    from grader.codegrade import grade_submission

    if push_ and os.environ.get("CI", "").lower() == "true":
        raise UsageError("--push is refused in CI (CI=true): push from your own machine")
    if not exercises_dir.is_dir():
        raise UsageError(f"exercises folder not found: {exercises_dir} (use --exercises DIR)")
    progress = _submit_progress if sys.stderr.isatty() else None
    report = grade_submission(exercises_dir, only=only, device=device, progress=progress)
    try:
        from grader import export
    except ModuleNotFoundError as exc:
        if exc.name != "grader.export":
            raise
        _submit_fallback(report, fmt, output)
    else:
        export.write(report, fmt, output)
    if archive is not None:
        from grader import submission

        path = submission.archive(exercises_dir, report, archive)
        click.echo(f"archive written: {path}", err=True)
    if push_:
        from grader import submission

        interactive = sys.stdin.isatty()
        confirm = (lambda question: click.confirm(question, default=False, err=True)) if interactive else None
        click.echo(submission.push(exercises_dir, report, confirm=confirm), err=True)
    if fail_under is not None:
        percent = 100.0 * report.score / report.max_score if report.max_score else 100.0
        if percent + 1e-9 < fail_under:
            click.echo(f"grade: score {percent:.1f}% is under --fail-under {fail_under:g}%", err=True)
            sys.exit(1)


def main() -> None:
    try:
        cli.main(prog_name="grade", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("grade: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()

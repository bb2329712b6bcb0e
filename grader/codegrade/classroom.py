"""`grade classroom init`: the GitHub Actions workflow GitHub Classroom expects, grading with `grade`.

The file mirrors what Classroom generates (workflow `Autograding Tests`, job `run-autograding-tests`
skipped for `github-classroom[bot]`, the same triggers and permissions) but replaces the per-test
command graders by one step running `grade submit --format classroom`, whose outputs feed
`classroom-resources/autograding-grading-reporter@v1`. The runner list is fixed
(`grader.reports.classroom.CLASSROOM_RUNNERS`), so the workflow does not change when exercises do.

The grader runs as root (`GRADE_COMMAND`; GitHub-hosted runners allow sudo without a password):
only then does the sandbox give the student's code a uid of its own on top of the namespaces, and
the Ubuntu 24.04 image behind `ubuntu-latest` restricts unprivileged user namespaces (AppArmor), so
without root only the process group would contain it, a level at which the classroom format
refuses to write outputs in CI. sudo resets the environment (and the dynamic linker drops LD_*
variables for it), so the command keeps the environment (-E: GITHUB_OUTPUT, CI) and puts back
PATH and LD_LIBRARY_PATH, both set by actions/setup-python.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from grader.errors import UsageError
from grader.render import render_template
from grader.reports.classroom import CLASSROOM_RUNNERS

WORKFLOW_PATH = Path(".github/workflows/classroom.yml")
DEFAULT_GRADER_SPEC = "grade @ git+https://github.com/OWNER/REPO"
STEP_ID = "grade"
GRADE_COMMAND = 'sudo -E env "PATH=$PATH" "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}" grade submit --format classroom'


def workflow(*, python_version: str = "3.11", grader_spec: str = DEFAULT_GRADER_SPEC,
             timeout_minutes: int = 30) -> str:
    """The workflow text. `grader_spec` is what `pip install` gets (a requirement or a URL)."""
    if not re.fullmatch(r"3(\.\d+)*(\.x)?", python_version):
        raise UsageError(f"--python must look like 3.11, not {python_version!r}")
    if not grader_spec.strip() or any(c in grader_spec for c in "\r\n\0"):
        raise UsageError("--grader-spec must be one line, e.g. 'grade @ git+https://github.com/OWNER/REPO'")
    if not 1 <= timeout_minutes <= 360:
        raise UsageError("the job timeout must be between 1 and 360 minutes")
    return render_template(
        "classroom.yml.j2",
        python_version=json.dumps(python_version),  # a JSON string is a YAML string: "3.10" stays 3.10
        grader_spec=shlex.quote(grader_spec.strip()),  # inside a literal block: only the shell reads it
        step_id=STEP_ID,
        grade_command=GRADE_COMMAND,
        runners=list(CLASSROOM_RUNNERS),
        # Only a step that succeeded wrote the outputs: after a refusal (weak isolation) whatever
        # they hold was written by someone else.
        reporter_if=(f"${{{{ !cancelled() && steps.{STEP_ID}.outcome == 'success' && "
                     f"steps.{STEP_ID}.outputs.{CLASSROOM_RUNNERS[0]} != '' }}}}"),
        timeout_minutes=timeout_minutes,
    )


def init(repo_dir: Path, *, force: bool = False, python_version: str = "3.11",
         grader_spec: str = DEFAULT_GRADER_SPEC) -> Path:
    """Write `.github/workflows/classroom.yml` under `repo_dir`; refuse to overwrite unless `force`."""
    path = repo_dir / WORKFLOW_PATH
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; use --force to overwrite it")
    text = workflow(python_version=python_version, grader_spec=grader_spec)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path

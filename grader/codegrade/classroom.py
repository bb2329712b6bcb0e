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

What it installs is pinned (`grader.codegrade.install`): the CPU build of one torch release and one
build of the grader, from pip's cache (`actions/cache` on ~/.cache/pip, keyed by what is pinned;
GitHub scopes caches per repository, so each student's repository downloads torch once). Without a
grader source it refuses to write anything: a placeholder would fail on every student's push.
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from pathlib import Path

from grader.codegrade import install
from grader.errors import UsageError
from grader.i18n import _
from grader.render import render_template
from grader.reports.classroom import CLASSROOM_RUNNERS

WORKFLOW_PATH = Path(".github/workflows/classroom.yml")
STEP_ID = "grade"
GRADE_COMMAND = 'sudo -E env "PATH=$PATH" "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}" grade submit --format classroom'


def _comment(text: str, width: int = 96) -> list[str]:
    """`text` as the lines of a YAML comment (without the `# `)."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)


def workflow(*, grader_spec: str | None, python_version: str = "3.11", torch: str | None = None,
             allow_unpinned: bool = False, timeout_minutes: int = 30) -> str:
    """The workflow text. `grader_spec` is what `pip install` gets for the grader (required, pinned
    unless `allow_unpinned`); `torch` the torch release (default: the one installed here)."""
    python_version = install.check_python(python_version)
    spec = install.grader_spec(grader_spec, allow_unpinned=allow_unpinned)
    torch_version = install.torch_version(torch)
    if not 1 <= timeout_minutes <= 360:
        raise UsageError(_("the job timeout must be between 1 and 360 minutes"))
    pinned = f"py{python_version}-torch{torch_version}-{hashlib.sha256(spec.encode()).hexdigest()[:12]}"
    return render_template(
        "classroom.yml.j2",
        python_version=json.dumps(python_version),  # a JSON string is a YAML string: "3.10" stays 3.10
        install_commands=install.pip_commands(torch=torch_version, grader=spec),  # in a literal block: shell only
        cache_key=f"grade-pip-${{{{ runner.os }}}}-{pinned}",
        cache_restore_key=f"grade-pip-${{{{ runner.os }}}}-py{python_version}-torch{torch_version}-",
        private_note=_comment(_(
            "Students can read this file and everything it installs: the grader runs on the same machine "
            "as their code. Install a grader build that holds no reference solutions and no private "
            "questions (grading compares with PyTorch and needs neither); keep solutions and private "
            "question banks in a private repository, never in this template repository.")),
        pin_note=_comment(_(
            "torch and the grader are pinned so that grading cannot change during the semester; change "
            "the versions here (or rerun `grade classroom init --force`) between assignments, not during one.")),
        step_id=STEP_ID,
        grade_command=GRADE_COMMAND,
        runners=list(CLASSROOM_RUNNERS),
        # Only a step that succeeded wrote the outputs: after a refusal (weak isolation) whatever
        # they hold was written by someone else.
        reporter_if=(f"${{{{ !cancelled() && steps.{STEP_ID}.outcome == 'success' && "
                     f"steps.{STEP_ID}.outputs.{CLASSROOM_RUNNERS[0]} != '' }}}}"),
        timeout_minutes=timeout_minutes,
    )


def init(repo_dir: Path, *, grader_spec: str | None, force: bool = False, python_version: str = "3.11",
         torch: str | None = None, allow_unpinned: bool = False) -> Path:
    """Write `.github/workflows/classroom.yml` under `repo_dir`; refuse to overwrite unless `force`.
    Every option is checked before anything is written."""
    text = workflow(python_version=python_version, grader_spec=grader_spec, torch=torch,
                    allow_unpinned=allow_unpinned)
    path = repo_dir / WORKFLOW_PATH
    if path.exists() and not force:
        raise UsageError(_("{path} already exists; use --force to overwrite it").format(path=path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(_("cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)) from None
    return path

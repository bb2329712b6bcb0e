"""Grade a folder of student exercise modules: `grade_submission(exercises_dir) -> Report`.

The orchestration, in the order it happens:
1. start the sandboxed child (`sandbox.host`), which imports torch in parallel with us;
2. import torch, find the exercises (`discovery`), and plan the submission (`plan`): read each
   student module's source (never importing it here), scan it for forbidden operations, build
   every check's seeded cases and run the references here;
3. write all inputs once as one safetensors file and send one batch (module imports, then every
   call) to the child; results stream back, one per call;
4. judge each exercise as soon as its last call is answered (`judge`), in order, so `progress`
   sees exercises one by one;
5. a crash, time-out or memory blow-up costs only the checks it touches: the sandbox restarts the
   child for the rest, and a report covering every selected exercise always comes back.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from grader import __version__
from grader.codegrade.model import Exercise
from grader.codegrade.sandbox.host import Limits, Sandbox, StepResult
from grader.errors import UsageError
from grader.i18n import _, language
from grader.results import ExerciseOutcome, Report, identify

if TYPE_CHECKING:
    import torch

__all__ = ["DEVICES", "Limits", "grade_submission"]

DEVICES = ("auto", "cpu", "cuda")


def _resolve_device(device: str) -> torch.device:
    import torch

    if device == "cuda" and not torch.cuda.is_available():
        raise UsageError(_("--device cuda was asked for, but CUDA is not available here"))
    use_cuda = device == "cuda" or (device == "auto" and torch.cuda.is_available())
    return torch.device("cuda" if use_cuda else "cpu")


def grade_submission(exercises_dir: Path, *, only: str | None = None, device: str = "auto",
                     progress: Callable[[ExerciseOutcome], None] | None = None,
                     start: Callable[[list[str]], None] | None = None,
                     limits: Limits | None = None, exercises: Sequence[Exercise] | None = None,
                     extra_dirs: Sequence[Path] = (), student: str | None = None,
                     trust_user_config: bool = False, identity: bool = True) -> Report:
    """Grade the modules in `exercises_dir` (e.g. ./exercises) and return the complete report.

    `only` selects exercises by fnmatch pattern on `module.function` (see
    `grader.codegrade.discovery.select`); `extra_dirs` are instructors' exercise folders graded
    besides the bundled ones (`exercises:` in grade.yaml); `device` is "auto" (CUDA when
    available), "cpu" or "cuda"; `start` is called once with the names of the exercises to grade, in
    order, before any is graded, and `progress` with each exercise's outcome as soon as it is final.
    The report names the student (`student`, else git's user of the repository holding
    `exercises_dir`, from its own configuration, and from the user's global one only when
    `trust_user_config`: see `grader.results.identify`), the commit graded, when, and the language
    its messages are written in (the current one); `identity=False` leaves who and which commit to a
    caller that knows better (`grade batch`: no git is run here then). `limits` and `exercises` (instead of discovery)
    exist for tests and tools. Raises UsageError for a missing folder, an unknown pattern, a broken
    spec module or an unavailable device; nothing a submission does raises.
    """
    t0 = time.monotonic()
    exercises_dir = Path(exercises_dir)
    if not exercises_dir.is_dir():
        raise UsageError(_("exercises folder not found: {folder}").format(folder=exercises_dir))
    if device not in DEVICES:
        raise UsageError(_("--device must be one of {choices}, not {device}").format(choices=", ".join(DEVICES),
                                                                                   device=repr(device)))
    created = datetime.now().astimezone().isoformat(timespec="seconds")
    limits = limits or Limits()
    deadline = t0 + limits.submission_timeout_s
    # Start the child first: it imports torch while this process does the same and builds inputs.
    with Sandbox(limits=limits, device=device) as box:
        installed = box.install_sources(exercises_dir)
        from grader.codegrade import discovery, judge
        from grader.codegrade.plan import SubmissionPlan

        dev = _resolve_device(device)
        selected = discovery.select(discovery.load_exercises(extra_dirs), only) if exercises is None \
            else list(exercises)
        if start is not None:
            start([ex.name for ex in selected])
        plan = SubmissionPlan(selected, exercises_dir=exercises_dir, installed=installed, device=dev,
                              source_dir=box.src_dir)
        inputs = box.write_inputs(plan.tensors) if plan.tensors else None
        loads: dict[str, StepResult] = {}
        outcomes: list[ExerciseOutcome] = []

        def flush(*, final: bool = False) -> None:
            """Judge, in order, every exercise whose calls are all answered (all of them at the end)."""
            while len(outcomes) < len(plan.exercises):
                ep = plan.exercises[len(outcomes)]
                if not (ep.decided or final):
                    return
                outcomes.append(judge.finish(ep, loads.get(ep.exercise.module), dev))
                if progress is not None:
                    progress(outcomes[-1])

        flush()
        if plan.steps:
            for result in box.run(plan.steps, inputs=inputs, deadline=deadline):
                if result.id in plan.cases:
                    ep, case_plan = plan.cases[result.id]
                    case_plan.result = result
                    ep.pending -= 1
                else:
                    loads[plan.loads[result.id]] = result
                flush()
        flush(final=True)  # anything left (should not happen) is reported rather than lost
    # Only now, with the sandbox closed (everything the submission started is dead, what it left
    # is deleted), does the caller get a report to write.
    # git runs on the student's folder only now, with their code no longer running.
    who, commit = (identify(exercises_dir, student, trust_user_config=trust_user_config) if identity
                   else (student, None))
    return Report(exercises=outcomes, device=dev.type, duration_s=time.monotonic() - t0, grader_version=__version__,
                  isolation=box.isolation, student=who, commit=commit, created=created, lang=language())

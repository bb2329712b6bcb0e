"""`grade batch`: grade a folder of student repositories in parallel and write a gradebook.

Each immediate subfolder of SUBMISSIONS_DIR is one student (hidden folders are skipped); their
exercise files are in `<sub>/<exercises_subdir>/` or, when that folder does not exist, in `<sub>`
itself. Every student gets `<report>.json` and `<report>.md` in the output folder (or
`<report>.error.txt` when grading failed), and one row in `gradebook.csv`: student, total, max,
percent, one column per exercise, status, error, folder, report.

Each report names its student by the folder's name (as the gradebook does) and carries the commit
of the folder's own git repository, if it has one: git looks for it inside the student folder only,
never in SUBMISSIONS_DIR or above (submissions unpacked inside the course's own repository are not
that repository's commit), and never reads the grading machine's git identity.

Folder names are student-controlled text (a Classroom export, an unzipped archive), so every use
of one is cleaned for its destination, once, here:
- a report file name (`_report_stems`): a folder whose name is already a safe file name keeps it
  (`alice` → `alice.json`); any other gets its safe form (NFC, Unicode letters, digits and marks
  kept, everything else → `_`, bounded bytes) plus `-` and 8 hex digits of the SHA-256 of the exact
  name (`çarlos  名 字` → `çarlos_名_字-<hash>`), and so does every folder whose name equals
  another's but for case or Unicode normalisation. Unique on case-insensitive file systems too;
- gradebook cells and progress lines (`_visible`, `_csv_cell`): one line, no control or
  direction-changing character, bytes that are not UTF-8 shown as `\\xNN`, and a text cell that a
  spreadsheet would read as a formula (`=`, `+`, `-`, `@`) prefixed with `'`.
A student folder that is a symbolic link, or whose exercises folder is one, is never followed: it
gets an error row and nobody's files outside SUBMISSIONS_DIR are graded.

Nothing a submission does stops the batch. `grade_submission` already isolates student code in a
sandbox child; here each submission is additionally graded in a worker *process*, so even a
submission that breaks the grader itself (an exception, or a crash of the worker) only costs its
own row, marked `status=error` with the reason, and the others are graded normally. When a worker
dies, the process pool is broken for every submission still in it: those are re-graded one at a
time in fresh single-worker pools, so the culprit is identified and nobody else is penalised.

Progress: `progress(BatchProgress)` is called once before anyone is graded (`done` 0) and again as
each student finishes, in the order they finish, with the students being graded at that moment (the
pool takes submissions in order, so those are the first `jobs` unfinished ones).

Processes, not threads, although on this 2-core machine they are about as fast once each worker
imports torch once and gets its share of the cores (benchmarks/bench_batch.py --executors): a
crashed worker (even a segfault in the grader) costs only its own submission, and torch's process-wide
settings (`grade_submission` switches TF32 off and back on around its references, which two
threads could interleave) stay per submission.
"""

from __future__ import annotations

import functools
import hashlib
import math
import multiprocessing
import os
import re
import subprocess
import sys
import traceback
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from grader.codegrade.grade import DEVICES
from grader.errors import UsageError
from grader.i18n import _
from grader.reports.clean import csv_cell, visible_line
from grader.results import Report, identify

if TYPE_CHECKING:
    import pandas as pd  # for annotations only: gradebook() imports pandas when it runs

GradeFn = Callable[..., Report]  # grade_submission(exercises_dir, *, device=...) -> Report
EXECUTORS = ("process", "thread")


MAX_STEM_BYTES = 64  # of the readable part of a report file name (UTF-8), before `-<hash>`
HASH_DIGITS = 8
# Names Windows reserves (with any extension): a report there would be unreachable.
_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"{dev}{n}" for dev in ("COM", "LPT") for n in "123456789¹²³")})
_LOOKS_HASHED = re.compile(rf"-[0-9a-f]{{{HASH_DIGITS}}}$", re.IGNORECASE)


@dataclass(frozen=True)
class BatchProgress:
    """Where a batch stands: sent before anyone is graded (`done` 0, `row` None) and after each student."""

    done: int  # students finished
    total: int
    grading: tuple[str, ...]  # the students being graded now, shown safely (`_visible`)
    row: dict | None = None  # the row of the student who just finished (see `_row`)


@dataclass(frozen=True)
class Submission:
    student: str  # the folder name, exactly as the file system gave it
    exercises_dir: Path
    stem: str  # file-name-safe, unique: `<stem>.json`, `<stem>.md`
    folder: str = ""  # the graded folder relative to SUBMISSIONS_DIR: `alice/exercises` or `bob`
    problem: str = ""  # why it is not graded at all (a symbolic link), else ""
    ceiling: Path | None = None  # SUBMISSIONS_DIR: no student's repository is looked for there or above


def _exact_bytes(name: str) -> bytes:
    """The folder name's bytes on disk (undecodable bytes arrive as surrogate escapes)."""
    try:
        return name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that is no escape: not from a file system
        return name.encode("utf-8", "backslashreplace")


def _keep(ch: str) -> bool:
    return ch in "-_." or unicodedata.category(ch)[0] in "LNM"


def _safe_stem(name: str) -> str:
    """A file-name-safe, recognisable form of a folder name: NFC, Unicode letters, digits and marks
    kept, every run of anything else (separators of every script, spaces, controls, punctuation,
    symbols, lone surrogates) one `_`; no leading dot or dash, no trailing dot, at most
    MAX_STEM_BYTES bytes of UTF-8, never a name Windows reserves. Not unique: see `_report_stems`."""
    out: list[str] = []
    in_run = False  # inside a run of replaced characters
    for ch in unicodedata.normalize("NFC", name):
        if _keep(ch):
            out.append(ch)
        elif not in_run:
            out.append("_")
        in_run = not _keep(ch)
    stem = "".join(out).lstrip(".-")
    stem = stem.encode("utf-8")[:MAX_STEM_BYTES].decode("utf-8", "ignore").rstrip(".")
    if stem.split(".")[0].upper() in _RESERVED:
        stem = "_" + stem
    return stem or "student"


def _short_hash(name: str) -> str:
    return hashlib.sha256(_exact_bytes(name)).hexdigest()[:HASH_DIGITS]


def _same_file_key(stem: str) -> str:
    """Two names a case-insensitive or normalising file system (NTFS, APFS, HFS+) may treat as one."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", stem).casefold())


def _report_stems(names: Sequence[str]) -> dict[str, str]:
    """{folder name: report stem}, unique even ignoring case and Unicode normalisation.

    A name that is its own safe form keeps it, unless it ends like a hashed stem (so it can never
    pass for another's) or another name has the same safe form but for case or normalisation (so
    two rows that read alike both carry their hash); every other name gets `<safe form>-<8 hex
    digits of the SHA-256 of its exact bytes>`. Stable: a student's stem does not depend on who
    else is in the class, except in those collisions (and, past them, in a 32-bit hash collision,
    which a `-2` settles in folder-name order).
    """
    safe = {n: _safe_stem(n) for n in names}
    alike = Counter(_same_file_key(safe[n]) for n in names)
    keep = {n for n in names
            if safe[n] == n and not _LOOKS_HASHED.search(n) and alike[_same_file_key(n)] == 1}
    stems: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        stem = name if name in keep else f"{safe[name]}-{_short_hash(name)}"
        candidate, n = stem, 2
        while _same_file_key(candidate) in taken:
            candidate, n = f"{stem}-{n}", n + 1
        taken.add(_same_file_key(candidate))
        stems[name] = candidate
    return stems


def _visible(text: str, limit: int = 500) -> str:
    """One line for a gradebook cell or a progress line (`clean.visible_line`), a folder name's bytes
    that are not UTF-8 shown as `\\xNN`."""
    return visible_line(_exact_bytes(text).decode("utf-8", "backslashreplace"), limit)




def _not_followed(sub: Path, inner: Path, exercises_subdir: str) -> str:
    """Why `sub` must not be graded ("" when it may): a student folder, or an exercises folder
    inside it, that is a symbolic link could point at anything (/etc, another student's work)."""
    if sub.is_symlink():
        return _("not graded: the student folder is a symbolic link, which is never followed")
    try:  # any link on the way makes the resolved path differ from the spelled one
        spelled = sub.resolve().joinpath(*PurePosixPath(exercises_subdir).parts)
        linked = bool(exercises_subdir) and inner.resolve() != spelled
    except (OSError, RuntimeError):  # a loop of links
        linked = True
    if linked:
        return _("not graded: {folder} in the student folder is, or passes through, a symbolic link").format(
            folder=exercises_subdir)
    return ""


def find_submissions(submissions_dir: Path, *, exercises_subdir: str = "exercises",
                     exclude: Path | None = None) -> list[Submission]:
    """The student folders, sorted by name (`exclude`: e.g. the output folder, if it lies inside).

    A symbolic link to a folder is listed, with `problem` saying why it is not graded; its target
    is never read.
    """
    if not submissions_dir.is_dir():
        raise UsageError(_("{path} is not a folder").format(path=submissions_dir))
    excluded = exclude.resolve() if exclude is not None else None
    try:
        entries = sorted(submissions_dir.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise UsageError(_("cannot read {path}: {reason}").format(path=submissions_dir,
                                                                   reason=exc.strerror or exc)) from None
    students: list[tuple[Path, Path, str]] = []
    for sub in entries:
        if not sub.is_dir() or sub.name.startswith(".") or sub.name == "__pycache__":
            continue  # is_dir() follows a link: a link to a folder is listed, and refused below
        if excluded is not None and sub.resolve() == excluded:
            continue
        inner = sub / exercises_subdir if exercises_subdir else sub
        problem = _not_followed(sub, inner, exercises_subdir)
        students.append((sub, inner if inner.is_dir() and not problem else sub, problem))
    if not students:
        raise UsageError(_("no student folders in {path}").format(path=submissions_dir))
    stems = _report_stems([sub.name for sub, _, _ in students])
    return [Submission(sub.name, graded, stems[sub.name], graded.relative_to(submissions_dir).as_posix(), problem,
                       ceiling=submissions_dir)
            for sub, graded, problem in students]


def _default_grade(exercises_dir: Path, *, device: str, extra_dirs: tuple[Path, ...] = ()) -> Report:
    from grader.codegrade import grade_submission

    return grade_submission(exercises_dir, device=device, extra_dirs=extra_dirs, identity=False)  # _grade_one: who


REPORT_SUFFIXES = (".json", ".md")  # written for a graded submission
ERROR_SUFFIX = ".error.txt"  # written instead when it could not be graded


def _write_outputs(out_dir: Path, stem: str, texts: dict[str, str]) -> None:
    """Write `<stem><suffix>` for each text; remove the other outcome's files a previous run left,
    so the files next to a gradebook row are always those of that row."""
    for suffix in (*REPORT_SUFFIXES, ERROR_SUFFIX):
        path = out_dir / f"{stem}{suffix}"
        if suffix in texts:
            path.write_text(texts[suffix], encoding="utf-8")
        else:
            path.unlink(missing_ok=True)


def _grade_one(sub: Submission, out_dir: Path, device: str, grade: GradeFn) -> dict:
    """Grade one submission and write its reports; never raises (errors become the row)."""
    from grader.reports import render  # imported here too: a spawned worker starts empty

    if sub.problem:
        _write_outputs(out_dir, sub.stem, {ERROR_SUFFIX: sub.problem + "\n"})
        return _error_row(sub, sub.problem)
    try:
        report = grade(sub.exercises_dir, device=device)
        if not isinstance(report, Report):
            raise TypeError(f"the grader returned {type(report).__name__}, not a Report")  # a bug: English
        # Who: the folder, which is what names the student in the gradebook too; what: the commit of
        # the folder's own repository, never of one around SUBMISSIONS_DIR (the course's own, often).
        # The grading machine's git identity is never read (`identify` trusts no user configuration).
        report.student, report.commit = identify(sub.exercises_dir, _visible(sub.student), ceiling=sub.ceiling)
        _write_outputs(out_dir, sub.stem, {".json": render(report, "json"), ".md": render(report, "markdown")})
    except BaseException as exc:  # SystemExit and KeyboardInterrupt from a grader bug included
        if isinstance(exc, KeyboardInterrupt):
            raise
        _write_outputs(out_dir, sub.stem, {ERROR_SUFFIX: traceback.format_exc()})
        return _error_row(sub, f"{type(exc).__name__}: {exc}")
    return _row(sub, report=report.to_dict(), status="graded", error="")


def _row(sub: Submission, *, report: dict | None, status: str, error: str) -> dict:
    """What the gradebook and `progress` get: every text shown safely (`_visible`); `stem` names
    the report files."""
    return {"student": _visible(sub.student), "folder": _visible(sub.folder), "stem": sub.stem,
            "report": report, "status": status, "error": _visible(" ".join(error.split()))}


def _error_row(sub: Submission, error: str) -> dict:
    return _row(sub, report=None, status="error", error=error)


def _worker_init(torch_threads: int) -> None:
    """Import torch once per worker (not per submission) and share the cores between workers:
    N workers each running torch's default one-thread-per-core pool oversubscribe the machine
    (measured: --jobs 2 on 2 cores was slower than --jobs 1 without this)."""
    try:
        import torch
    except ImportError:  # the stand-in graders of the tests do not need it
        return
    torch.set_num_threads(torch_threads)


def _pool(executor: str, jobs: int) -> Executor:
    if executor == "thread":
        return ThreadPoolExecutor(max_workers=jobs)
    # fork: the worker inherits the imported grader instead of importing it again (the spec modules
    # import torch here, but CUDA is never initialised in this process: see `_cuda_available`)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init,
                               initargs=(max(1, (os.cpu_count() or 1) // jobs),))


def _run(subs: list[Submission], out_dir: Path, *, jobs: int, device: str, grade: GradeFn, executor: str,
         progress: Callable[[BatchProgress], None] | None) -> dict[str, dict]:
    rows: dict[str, dict] = {}
    crashed: list[Submission] = []
    waiting = list(subs)  # not finished yet, in the order the pool takes them

    def tell(row: dict | None, at_once: int) -> None:
        if progress is not None:
            progress(BatchProgress(len(rows), len(subs), tuple(_visible(s.student) for s in waiting[:at_once]), row))

    def done(sub: Submission, row: dict, at_once: int) -> None:
        rows[sub.stem] = row
        waiting.remove(sub)
        tell(row, at_once)

    tell(None, jobs)  # before anyone is graded: the first words come at once, not after the first student
    with _pool(executor, jobs) as pool:
        futures: dict[Future, Submission] = {pool.submit(_grade_one, s, out_dir, device, grade): s for s in subs}
        for future in as_completed(futures):
            sub = futures[future]
            try:
                done(sub, future.result(), jobs)
            except BrokenProcessPool:
                crashed.append(sub)
            except Exception as exc:  # pickling trouble and the like
                done(sub, _error_row(sub, f"{type(exc).__name__}: {exc}"), jobs)
    crashed.sort(key=subs.index)
    for sub in crashed:  # alone, in a fresh worker each: whoever crashes again is the culprit
        with _pool(executor, 1) as pool:
            try:
                done(sub, pool.submit(_grade_one, sub, out_dir, device, grade).result(), 1)
            except BrokenProcessPool:
                done(sub, _error_row(sub, _("the grading worker process died (crashed or was killed)")), 1)
            except Exception as exc:
                done(sub, _error_row(sub, f"{type(exc).__name__}: {exc}"), 1)
    return rows


GRADEBOOK_HEAD = ("student", "total", "max", "percent")  # then one column per exercise
GRADEBOOK_TAIL = ("status", "error", "folder", "report")


def gradebook(rows: list[dict]) -> pd.DataFrame:
    """The pandas gradebook: student, total, max, percent, one column per exercise, status, error,
    folder (the graded folder relative to SUBMISSIONS_DIR) and report (the stem of the report
    files: `<report>.json`, `<report>.md`, or `<report>.error.txt`). Text cells are safe to open
    in a spreadsheet (`_csv_cell`)."""
    import pandas as pd

    from grader.reports import percent

    exercises: list[str] = []
    for row in rows:
        for e in (row["report"] or {}).get("exercises", []):
            if e["name"] not in exercises:
                exercises.append(e["name"])
    records = []
    for row in rows:
        report = row["report"]
        record: dict = {"student": row["student"]}
        if report is None:
            record.update(total=math.nan, max=math.nan, percent=math.nan)
            record.update({name: math.nan for name in exercises})
        else:
            scores = {e["name"]: e["score"] for e in report["exercises"]}
            record.update(total=report["score"], max=report["max_score"],
                          percent=round(percent(report["score"], report["max_score"]), 2))
            record.update({name: scores.get(name, math.nan) for name in exercises})
        record.update(status=row["status"], error=row["error"], folder=row.get("folder", ""),
                      report=row.get("stem", ""))
        records.append({k: csv_cell(v) for k, v in record.items()})
    columns = [*GRADEBOOK_HEAD, *exercises, *GRADEBOOK_TAIL]
    return pd.DataFrame.from_records(records, columns=columns)


def check_exercises_subdir(exercises_subdir: str) -> None:
    """Refuse an `--exercises-subdir` that could lead out of a student's folder."""
    sub = PurePosixPath(exercises_subdir)
    if sub.is_absolute() or ".." in sub.parts or "\\" in exercises_subdir or "\0" in exercises_subdir:
        raise UsageError(_("--exercises-subdir must be a relative path inside each student folder, without '..', "
                           "not {value}").format(value=repr(exercises_subdir)))


def _check_options(*, jobs: int, executor: str, device: str, exercises_subdir: str) -> None:
    """Raise UsageError, naming the option, for the first value `grade_batch` cannot use."""
    if type(jobs) is not int or jobs < 1:
        raise UsageError(_("--jobs must be a whole number, at least 1, not {value}").format(value=repr(jobs)))
    if executor not in EXECUTORS:
        # English: only tests and benchmarks choose the executor
        raise UsageError(f"unknown executor {executor!r}; choose from {', '.join(EXECUTORS)}")
    if device not in DEVICES:
        raise UsageError(_("--device must be one of {choices}, not {value}").format(
            choices=", ".join(DEVICES), value=repr(device)))
    check_exercises_subdir(exercises_subdir)


# Where a GPU driver shows itself without loading anything: NVIDIA's driver, AMD's ROCm (torch.cuda
# serves both) and WSL's GPU paravirtualisation.
_GPU_DRIVER_SIGNS = ("/proc/driver/nvidia/version", "/dev/nvidiactl", "/dev/kfd", "/dev/dxg")


def _no_gpu_here() -> bool:
    """True when torch certainly sees no GPU, decided in microseconds: every device hidden by
    CUDA_VISIBLE_DEVICES, or (on Linux) no sign of a GPU driver."""
    if os.environ.get("CUDA_VISIBLE_DEVICES", None) in ("", "-1"):
        return True
    return sys.platform.startswith("linux") and not any(os.path.exists(p) for p in _GPU_DRIVER_SIGNS)


def _cuda_available() -> bool:
    """Whether torch sees a GPU. Cheaply no when there is certainly none (`_no_gpu_here`); else asked
    in a fresh interpreter: CUDA initialised in this process would be inherited, unusable, by the
    forked workers."""
    if _no_gpu_here():
        return False
    code = "import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)"
    try:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=300).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def grade_batch(submissions_dir: Path, out_dir: Path, *, jobs: int = 1, exercises_subdir: str = "exercises",
                device: str = "auto", executor: str = "process", grade: GradeFn | None = None,
                progress: Callable[[BatchProgress], None] | None = None,
                extra_dirs: Sequence[Path] = ()) -> pd.DataFrame:
    """Grade every student folder; write the per-student reports and `gradebook.csv` into `out_dir`.

    Returns the gradebook DataFrame (one row per student, sorted by folder name). `grade` replaces
    `grader.codegrade.grade_submission` (tests); `progress(BatchProgress)` is called before anyone
    is graded and as each student finishes;
    `extra_dirs` are instructors' exercise-spec folders (`exercises:` in grade.yaml). Every option
    is checked before anyone is graded: a wrong one is one UsageError, never a gradebook of errors.
    """
    _check_options(jobs=jobs, executor=executor, device=device, exercises_subdir=exercises_subdir)
    subs = find_submissions(submissions_dir, exercises_subdir=exercises_subdir, exclude=out_dir)
    if grade is None:
        if device == "cuda" and not _cuda_available():  # first: it is the cheaper check
            raise UsageError(_("--device cuda was asked for, but no CUDA GPU is available here; use --device cpu "
                               "(or auto)"))
        # Discover once here, so a broken spec folder is one usage error, not an error row per student.
        from grader.codegrade.discovery import load_modules

        load_modules(extra_dirs)
        grade = functools.partial(_default_grade, extra_dirs=tuple(Path(d) for d in extra_dirs))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(_("cannot create {path}: {reason}").format(path=out_dir, reason=exc.strerror or exc)) from None
    rows = _run(subs, out_dir, jobs=min(jobs, len(subs)), device=device, grade=grade,
                executor=executor, progress=progress)
    book = gradebook([rows[s.stem] for s in subs])
    book.to_csv(out_dir / "gradebook.csv", index=False)
    return book

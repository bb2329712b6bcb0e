"""`grade gradescope init` and `grade gradescope run`: a Gradescope programming-assignment autograder.

Gradescope builds an image from a zip holding `setup.sh` (run once, as root) and `run_autograder`
(run for every submission, as root, with the student's files in /autograder/submission), and shows
what `run_autograder` leaves in /autograder/results/results.json. `init` writes both scripts and
`autograder.zip` (both at the zip's root, executable in its Unix mode bits, plus any `include`d
grade.yaml and exercise folders, unpacked by Gradescope into /autograder/source):

- `setup.sh` checks that the image has Python ≥ 3.10 (Ubuntu 22.04 or newer), makes a virtual
  environment in /opt/grade and installs the pinned CPU torch and the pinned grader
  (`grader.codegrade.install`; nothing is unpinned unless the instructor says so);
- `run_autograder` runs `grade gradescope run` from /autograder/source (so an included grade.yaml
  applies), with the visibility chosen at `init` (`grader.reports.gradescope.Visibility`).

`run` copies the submission into a private temporary folder, grades its `exercises/` folder when it
has one (else its top level) on the CPU, and writes results.json. Only regular files and folders are
copied, at most MAX_DEPTH folders deep, MAX_ENTRIES of them and MAX_BYTES bytes: a symbolic link (it
could point at anything on the image), a named pipe (reading it would block), a device or a socket
is left out, and so is whatever lies past a bound; results.json says what was left out. A
results.json is written whatever happens: when the submission cannot be graded at all, it gives 0
and says why. The root is /autograder unless `GRADE_AUTOGRADER_ROOT` or `--root` says otherwise, so
the whole script can be tried on any machine.

Students can read whatever the image holds while their code runs: the autograder must contain no
reference solutions and no private questions (grading compares with PyTorch and needs neither).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import tempfile
import zipfile
from collections import deque
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from grader.codegrade import install
from grader.errors import UsageError
from grader.i18n import _, language
from grader.render import render_template
from grader.reports.gradescope import Visibility, to_gradescope
from grader.results import Report

SCRIPTS = ("setup.sh", "run_autograder")
ZIP_NAME = "autograder.zip"
VENV = "/opt/grade"
DEFAULT_ROOT = Path("/autograder")
ROOT_ENV = "GRADE_AUTOGRADER_ROOT"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed: the same options give the same zip, byte for byte


def _script(name: str, **context: object) -> str:
    return render_template(f"gradescope_{name.replace('.', '_')}.j2", **context)


def scripts(*, grader_spec: str | None, torch: str | None = None, allow_unpinned: bool = False,
            only: str | None = None, visibility: Visibility | None = None) -> dict[str, str]:
    """{file name: text} of `setup.sh` and `run_autograder`; every option checked."""
    spec = install.grader_spec(grader_spec, allow_unpinned=allow_unpinned)
    torch_version = install.torch_version(torch)
    visibility = visibility or Visibility()
    run_args = ["grade", "gradescope", "run", "--lang", language(), *visibility.to_args()]
    if only:
        run_args += ["--only", only]
    minimum = ".".join(map(str, install.MIN_PYTHON))
    return {
        "setup.sh": _script("setup.sh", venv=VENV, min_python=repr(install.MIN_PYTHON),
                            install_commands=install.pip_commands(torch=torch_version, grader=spec,
                                                                  pip=f"{VENV}/bin/pip"),
                            too_old=shlex.quote(_("grade needs Python {minimum} or newer: choose an Ubuntu 22.04 "
                                                  "(or newer) base image in the autograder settings").format(
                                minimum=minimum))),
        "run_autograder": _script("run_autograder", venv=VENV, root_env=ROOT_ENV, default_root=str(DEFAULT_ROOT),
                                  command=shlex.join(run_args)),
    }


def _add(archive: zipfile.ZipFile, name: str, data: bytes, mode: int) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.create_system = 3  # Unix: the mode bits below are read by unzip and by Gradescope
    info.external_attr = (0o100000 | mode) << 16  # a regular file with `mode`
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def _included_files(base: Path, include: Sequence[Path]) -> list[tuple[str, Path]]:
    """(name in the zip, file) for each included file or every file of an included folder; names
    relative to `base`, without links, hidden files or caches."""
    found: list[tuple[str, Path]] = []
    for given in include:
        path = given if given.is_absolute() else base / given
        try:
            rel = PurePosixPath(path.resolve().relative_to(base.resolve()).as_posix())
        except ValueError:
            raise UsageError(_("--include {path} is outside the current folder").format(path=given)) from None
        if not path.exists():
            raise UsageError(_("--include {path} does not exist").format(path=given))
        if str(rel) in SCRIPTS or str(rel) == ".":
            raise UsageError(_("--include {path} would replace the autograder's own files").format(path=given))
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            name = rel.joinpath(*file.relative_to(path).parts) if file != path else rel
            if file.is_symlink() or any(part.startswith(".") or part == "__pycache__" for part in name.parts):
                continue
            found.append((name.as_posix(), file))
    return found


def init(out_dir: Path, *, grader_spec: str | None, torch: str | None = None, allow_unpinned: bool = False,
         only: str | None = None, visibility: Visibility | None = None, include: Sequence[Path] = (),
         force: bool = False, base: Path | None = None) -> dict[str, Path]:
    """Write `setup.sh`, `run_autograder` and `autograder.zip` into `out_dir`; refuse to overwrite
    them unless `force`. `include`: files and folders (relative to `base`, the current folder) that
    the zip carries into /autograder/source, e.g. grade.yaml and the exercise folders it names.
    Every option is checked before anything is written."""
    texts = scripts(grader_spec=grader_spec, torch=torch, allow_unpinned=allow_unpinned, only=only,
                    visibility=visibility)
    extra = _included_files(base or Path.cwd(), include)
    paths = {name: out_dir / name for name in (*SCRIPTS, ZIP_NAME)}
    existing = [p for p in paths.values() if p.exists()]
    if existing and not force:
        raise UsageError(_("{path} already exists; use --force to overwrite it").format(path=existing[0]))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, text in texts.items():
            paths[name].write_text(text, encoding="utf-8", newline="\n")
            paths[name].chmod(0o755)
        with zipfile.ZipFile(paths[ZIP_NAME], "w") as archive:
            for name, text in texts.items():
                _add(archive, name, text.encode("utf-8"), 0o755)
            for name, file in extra:
                _add(archive, name, file.read_bytes(), 0o644)
    except OSError as exc:
        raise UsageError(_("cannot write {path}: {reason}").format(path=out_dir, reason=exc.strerror or exc)) from None
    return paths


def autograder_root(root: Path | None = None) -> Path:
    """`root`, else $GRADE_AUTOGRADER_ROOT, else /autograder."""
    return root or Path(os.environ.get(ROOT_ENV) or DEFAULT_ROOT)


def _submitters(root: Path) -> str | None:
    """The names on the submission (Gradescope's submission_metadata.json), or None when the file
    is missing, unreadable, or of any shape but {"users": [{"name": ..., "email": ...}, ...]}."""
    try:
        doc = json.loads((root / "submission_metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: nesting deeper than json reads
        return None
    users = doc.get("users") if isinstance(doc, dict) else None
    if not isinstance(users, list):
        return None
    names = []
    for user in users:
        if isinstance(user, dict):
            name = user.get("name") or user.get("email")
            if isinstance(name, str):
                names.append(name)
    return ", ".join(n for n in names if n) or None


MAX_DEPTH = 32  # folders below the submission's top; deeper ones are not copied
MAX_ENTRIES = 10_000  # files and folders copied
MAX_BYTES = 512 * 1024 * 1024  # of all files copied


def _copy_submission(source: Path, target: Path) -> list[str]:
    """Copy the regular files and folders of `source` into `target` (a new folder), within
    MAX_DEPTH, MAX_ENTRIES and MAX_BYTES, breadth first (the shallower entries are the ones kept);
    return a note for each thing left out. Iterative: a tree of any depth cannot exhaust the stack.
    Never follows a link, never opens anything but a regular file."""
    left_out: list[str] = []
    copied = size = 0
    target.mkdir()
    pending = deque([(source, target, 0)])
    while pending:
        folder, copy, depth = pending.popleft()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            left_out.append(_("{path}: cannot be read ({reason})").format(
                path=_shown(folder, source), reason=exc.strerror or exc))
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                length = 0 if is_dir else entry.stat(follow_symlinks=False).st_size
                if not is_dir and not entry.is_file(follow_symlinks=False):
                    note = _("{path}: not a regular file or folder (a link, a pipe, a device)")
                elif is_dir and depth >= MAX_DEPTH:
                    note = _("{path}: more than {depth} folders deep")
                elif copied >= MAX_ENTRIES or size + length > MAX_BYTES:
                    note = _("{path}: past the limit of {entries} files and folders or {mib} MiB")
                else:
                    if is_dir:
                        (copy / entry.name).mkdir()
                        pending.append((path, copy / entry.name, depth + 1))
                    else:
                        shutil.copyfile(path, copy / entry.name, follow_symlinks=False)
                    copied, size = copied + 1, size + length
                    continue
                left_out.append(note.format(path=_shown(path, source), entries=MAX_ENTRIES,
                                            mib=MAX_BYTES // 2**20, depth=MAX_DEPTH))
            except OSError as exc:  # shutil.SpecialFileError included: replaced by a pipe meanwhile
                left_out.append(_("{path}: cannot be copied ({reason})").format(
                    path=_shown(path, source), reason=exc.strerror or exc))
    return left_out


def _shown(path: Path, source: Path) -> str:
    """A path of the submission as one safe line, relative to its top."""
    from grader.reports.clean import visible_line

    rel = path.relative_to(source).as_posix()
    return visible_line(os.fsencode(rel).decode("utf-8", "backslashreplace"), 200)  # bytes not UTF-8: \xNN


MAX_NOTES = 20  # left-out paths listed in results.json; the rest are counted


def _with_notes(results_json: str, notes: list[str]) -> str:
    """results.json with what was left out of the copy added to its output."""
    if not notes:
        return results_json
    doc = json.loads(results_json)
    lines = [_("Not graded (left out of the copy of the submission):"), *notes[:MAX_NOTES]]
    if len(notes) > MAX_NOTES:
        lines.append(_("... and {n} more").format(n=len(notes) - MAX_NOTES))
    doc["output"] = "\n".join([doc.get("output") or "", *lines]).strip()
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _failure(message: str, visibility: Visibility | None) -> str:
    """results.json for a submission that could not be graded at all: 0, and why."""
    doc = {"score": 0, "output": message, "output_format": "text",
           "visibility": (visibility or Visibility()).default, "stdout_visibility": "hidden", "tests": []}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _write(results: Path, text: str) -> None:
    try:
        results.parent.mkdir(parents=True, exist_ok=True)
        results.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(_("cannot write {path}: {reason}").format(path=results, reason=exc.strerror or exc)) from None


def run(root: Path | None = None, *, only: str | None = None, visibility: Visibility | None = None,
        exercises_subdir: str = "exercises", extra_dirs: Sequence[Path] = ()) -> tuple[Path, Report]:
    """Grade <root>/submission on the CPU and write <root>/results/results.json; returns its path
    and the report. Raises UsageError when there is no submission folder (nothing is written: this
    is not an autograder), and when grading fails: then results.json gives 0 and says why first."""
    from grader.codegrade import grade_submission
    from grader.codegrade.batch import check_exercises_subdir

    check_exercises_subdir(exercises_subdir)
    root = autograder_root(root)
    submission = root / "submission"
    if not submission.is_dir() or submission.is_symlink():
        raise UsageError(_("no submission folder at {path}").format(path=submission))
    results = root / "results" / "results.json"
    try:
        with tempfile.TemporaryDirectory(prefix="grade-gradescope-") as work:
            copy = Path(work) / "submission"
            left_out = _copy_submission(submission, copy)
            inner = copy / exercises_subdir
            exercises = inner if exercises_subdir and inner.is_dir() else copy
            report = grade_submission(exercises, only=only, device="cpu", extra_dirs=extra_dirs,
                                      student=_submitters(root))
    except UsageError as exc:  # e.g. an --only that names no exercise: the instructor's to fix
        _write(results, _failure(_("The autograder could not grade this submission: {reason}").format(
            reason=exc), visibility))
        raise
    except Exception:  # a bug of the grader: the student gets a 0 that says so, the log the traceback
        _write(results, _failure(_("The autograder failed on this submission (an error of the grader, not of "
                                   "your code); your instructors have the details."), visibility))
        raise
    _write(results, _with_notes(to_gradescope(report, visibility=visibility), left_out))
    return results, report

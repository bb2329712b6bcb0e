"""Handing work in: a deterministic archive of a graded submission, and a git commit-and-push.

`archive` writes a zip a teacher can verify: the exercise files, the JSON report, and a MANIFEST of
SHA-256 hashes. Entries are sorted and carry a fixed timestamp and mode, so the same files and
report always give the same bytes (and the same hash of the zip itself).

`push` commits only the exercise files — whatever else the student has staged stays out of the
commit — with the score in the message, then pushes. It refuses to run in CI, where a push from the
grading workflow would trigger the workflow again.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from grader.errors import UsageError
from grader.i18n import _, ngettext
from grader.reports.ci import in_ci
from grader.reports.common import score_line
from grader.results import Report

_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
_SKIP_DIRS = {"__pycache__", ".git", ".ipynb_checkpoints"}
_GIT_TIMEOUT_S = 120


def exercise_files(exercises_dir: Path) -> list[Path]:
    """The student's .py files under `exercises_dir`, sorted, caches and hidden folders left out."""
    if not exercises_dir.is_dir():
        raise UsageError(_("{folder} is not a folder").format(folder=exercises_dir))
    files = []
    for path in exercises_dir.rglob("*.py"):
        parts = path.relative_to(exercises_dir).parts
        if any(p in _SKIP_DIRS or p.startswith(".") for p in parts[:-1]) or not path.is_file():
            continue
        files.append(path)
    return sorted(files, key=lambda p: p.relative_to(exercises_dir).as_posix())


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (0o100644 & 0xFFFF) << 16  # a regular file, rw-r--r--
    info.create_system = 3  # Unix, whatever machine wrote it
    return info


def archive(exercises_dir: Path, report: Report, path: Path) -> Path:
    """Zip the exercise files (under `exercises/`), `report.json` and a `MANIFEST` of their hashes.

    The MANIFEST has one `<sha256>  <name>` line per other entry, sorted by name (the format
    `sha256sum -c` reads after unzipping).
    """
    contents: dict[str, bytes] = {}
    for file in exercise_files(exercises_dir):
        contents["exercises/" + file.relative_to(exercises_dir).as_posix()] = file.read_bytes()
    contents["report.json"] = (json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n").encode()
    manifest = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(contents.items()))
    contents["MANIFEST"] = manifest.encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        with zipfile.ZipFile(tmp, "w") as zf:
            for name in sorted(contents):
                zf.writestr(_entry(name), contents[name])
        tmp.replace(path)
    except OSError as exc:
        raise UsageError(_("cannot write {path}: {error}").format(path=path, error=exc.strerror or exc)) from None
    return path


def verify_archive(path: Path) -> list[str]:
    """Names whose hash no longer matches the MANIFEST (empty when the archive is intact)."""
    with zipfile.ZipFile(path) as zf:
        lines = zf.read("MANIFEST").decode().splitlines()
        expected = {name: digest for digest, name in (line.split("  ", 1) for line in lines)}
        names = sorted(n for n in zf.namelist() if n != "MANIFEST")
        bad = [n for n in names if expected.get(n) != hashlib.sha256(zf.read(n)).hexdigest()]
        return bad + sorted(set(expected) - set(names))


# ---------------------------------------------------------------------------------------------
# push


def _git(args: list[str], cwd: Path, *, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}  # never hang on a password prompt
    try:
        result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                                timeout=_GIT_TIMEOUT_S)
    except FileNotFoundError:
        raise UsageError(_("git is not installed (or not on PATH)")) from None
    except subprocess.TimeoutExpired:
        raise UsageError(_("`git {command}` took longer than {seconds} s; check your network and try again").format(
            command=args[0], seconds=_GIT_TIMEOUT_S)) from None
    if check and result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise UsageError(_("`git {command}` failed: {detail}").format(
            command=" ".join(args[:2]), detail=detail[-1] if detail else f"exit {result.returncode}"))
    return result


def commit_message(report: Report) -> str:
    """'grade: 42/50 (84.0%)'."""
    return f"grade: {score_line(report)}"


@dataclass(frozen=True)
class PushTarget:
    """Where `push` commits and pushes: the repository, its branch and remote, the git arguments
    of the push, and the exercise files to commit."""

    root: Path
    branch: str
    remote: str
    push_args: list[str]
    files: list[Path]


def push_target(exercises_dir: Path) -> PushTarget:
    """Everything `push` needs that can be known before grading, or the UsageError that would stop
    it: called before grading too, so that a push that cannot work fails before the wait."""
    if in_ci():
        raise UsageError(_("refusing to commit and push in CI (CI=true); push from your own machine"))
    exercises_dir = exercises_dir.resolve()
    files = exercise_files(exercises_dir)
    if not files:
        raise UsageError(_("no exercise files (.py) in {folder}").format(folder=exercises_dir))
    probe = _git(["rev-parse", "--show-toplevel"], exercises_dir, check=False)
    if probe.returncode != 0:
        raise UsageError(_("{folder} is not inside a git repository (clone your assignment repository first)")
                         .format(folder=exercises_dir))
    root = Path(probe.stdout.strip()).resolve()
    branch = _git(["symbolic-ref", "--quiet", "--short", "HEAD"], root, check=False)
    if branch.returncode != 0:
        raise UsageError(_("HEAD is detached; check out your branch (e.g. `git switch main`) before pushing"))
    branch_name = branch.stdout.strip()
    upstream = _git(["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"], root, check=False)
    remotes = _git(["remote"], root).stdout.split()
    if upstream.returncode == 0:
        remote = upstream.stdout.strip().split("/", 1)[0]
        push_args = ["push"]
    elif remotes:
        remote = "origin" if "origin" in remotes else remotes[0] if len(remotes) == 1 else ""
        if not remote:
            raise UsageError(_("several remotes ({remotes}) and no upstream branch; set one with "
                               "`git branch -u <remote>/{branch}`").format(remotes=", ".join(remotes),
                                                                          branch=branch_name))
        push_args = ["push", "--set-upstream", remote, f"HEAD:refs/heads/{branch_name}"]
    else:
        raise UsageError(_("the repository has no remote to push to (`git remote add origin <url>`)"))
    return PushTarget(root, branch_name, remote, push_args, files)


def push(exercises_dir: Path, report: Report, *, confirm: Callable[[str], bool] | None) -> str:
    """Commit the exercise files with the score in the message and push; return what happened.

    `confirm(question)` is asked once before anything changes; a False answer changes nothing.
    Nothing to commit is fine: the branch is still pushed (earlier commits may be waiting).
    """
    target = push_target(exercises_dir)
    root, files = target.root, target.files
    message = commit_message(report)
    if confirm is not None and not confirm(
            ngettext("Commit {n} exercise file as \"{message}\" and push {branch} to {remote}?",
                     "Commit {n} exercise files as \"{message}\" and push {branch} to {remote}?", len(files))
            .format(n=len(files), message=message, branch=target.branch, remote=target.remote)):
        return _("Nothing pushed (cancelled).")

    relative = [f.relative_to(root).as_posix() for f in files]
    _git(["add", "--", *relative], root)
    staged = _git(["diff", "--cached", "--quiet", "--", *relative], root, check=False)
    if staged.returncode == 1:
        # `--only` with paths commits just these files, leaving anything else staged as it was.
        commit = _git(["commit", "--quiet", "--only", "-m", message, "--", *relative], root, check=False)
        if commit.returncode != 0:
            detail = (commit.stderr or commit.stdout).strip()
            if "user.email" in detail or "identity" in detail.lower():
                raise UsageError(_("git does not know who you are; run `git config --global user.name \"Your Name\"` "
                                   "and `git config --global user.email you@example.com`"))
            raise UsageError(_("`git commit` failed: {detail}").format(
                detail=detail.splitlines()[-1] if detail else commit.returncode))
        done = _("Committed \"{message}\"; pushed {branch} to {remote}.")
    elif staged.returncode == 0:
        done = _("Nothing to commit (the exercise files are unchanged since your last commit); pushed {branch} to "
                 "{remote}.")
    else:
        raise UsageError(_("`git diff` failed: {detail}").format(detail=staged.stderr.strip()))
    _git(target.push_args, root)
    return done.format(message=message, branch=target.branch, remote=target.remote)

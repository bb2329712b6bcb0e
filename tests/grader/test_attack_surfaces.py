"""Attack review of the features added on 2026-12-01: each test is one weakness found by thinking as a
hostile student, question author or history file, reproduced through the public route it takes.

- exams: MathML from `\\text{...}` smuggles HTML past the "pure MathML" check (an HTML comment or a
  processing instruction that XML ignores and HTML ends early), and Chromium then fetches a URL
  while printing the papers; TeX's `^^5c` notation spells a backslash, so a formula that passes the
  command whitelist still runs `\\input` when the paper is compiled;
- report identity: `git config user.name` reads the grading machine's own ~/.gitconfig, and a
  student folder without a repository takes the identity and commit of the repository around it;
- `grade gradescope run`: a named pipe or a deep tree in the submission crashes the copy with a
  traceback and leaves no results.json; metadata of an unexpected shape crashes it too;
- `grade practice`: a history whose rows are out of range crashes `--stats` / `--review`, and its
  topic names reach the terminal with their escape sequences.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader import browser
from grader.cli import cli
from grader.exams.typeset import Typesetter, tex_math
from grader.results import identify

NO_CHROMIUM = "Chromium not installed (Debian/Ubuntu: apt install chromium fonts-noto-cjk)"
NO_XELATEX = ("xelatex not installed (Debian/Ubuntu: apt install --no-install-recommends texlive-xetex "
              "texlive-lang-chinese texlive-latex-recommended)")
NO_GIT = "git is not installed"


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | {"GIT_CONFIG_NOSYSTEM": "1"}


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=_clean_env()).stdout.strip()


# ---------------------------------------------------------------------------------------------
# Exams: question texts typeset as HTML (printed by Chromium) and as LaTeX (compiled by xelatex)

# latex2mathml copies \text{...} into <mtext> unescaped. XML (the check) ignores a comment or a
# processing instruction; HTML ends `<!--->` and `<?...>` at the first `>`, and inside <mtext> (an
# HTML integration point) what follows is HTML.
SMUGGLED = {
    "comment": "\\text{<!---><img/src=x>-->}",
    "processing_instruction": "\\text{<?x\t><img/src=x>?>}",
}


@pytest.mark.parametrize("latex", SMUGGLED.values(), ids=SMUGGLED.keys())
def test_mathml_check_lets_no_html_element_through(latex):
    html = Typesetter().html(f"A formula ${latex}$ here.")
    assert "<img" not in html, html


def _hostile_exam(tmp_path: Path, prompt: str) -> tuple[Path, Path, Path]:
    """A bank with one question whose prompt is `prompt` (as a question author wrote it), a spec and
    a roster for it: (spec, roster, bank)."""
    bank = tmp_path / "bank"
    (bank / "mine").mkdir(parents=True)
    (bank / "mine" / "evil.py").write_text(
        "from grader.bank.authoring import Meta, Numeric\n\n"
        "META = Meta(title={'en': 'Evil', 'zh': '恶意'}, kind='numeric', difficulty=1, points=1,\n"
        "            source='attack review', check=Numeric(exact_integer=True))\n"
        "PARAMS = {}\n\n\n"
        "def generate(rng):\n    return {}\n\n\n"
        "def answer(p):\n    return 1\n\n\n"
        f"PROMPT = {{'en': {prompt!r}, 'zh': {prompt!r}}}\n"
        "EXPLANATION = {'en': 'One.', 'zh': '一。'}\n", encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    spec.write_text("title: T\nseed: 1\nlanguage: en\nsections:\n  - title: S\n    questions: [mine.evil]\n"
                    "    points: 1\n", encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\ns0,Ann\n", encoding="utf-8")
    return spec, roster, bank


def _recording_server(hits: list[str]) -> http.server.ThreadingHTTPServer:
    """A web server on the loopback interface that notes the path of every request it gets."""

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<html><body>not the exam</body></html>")

        def log_message(self, *args: object) -> None:
            pass

    return http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)


@pytest.mark.skipif(browser.find() is None, reason=NO_CHROMIUM)
def test_printing_papers_fetches_no_url_from_a_question_text(tmp_path):
    """The page's CSP blocks images and scripts, but not a <meta http-equiv=refresh> navigation:
    smuggled into <mtext>, it makes Chromium load a URL while it prints the papers (and the print
    then fails)."""
    hits: list[str] = []
    server = _recording_server(hits)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/leak"
        prompt = f"How much is $\\text{{<!---><meta\thttp-equiv=refresh\tcontent=0;url={url}>-->}}$?"
        spec, roster, bank = _hostile_exam(tmp_path, prompt)
        out = tmp_path / "out"
        result = CliRunner().invoke(cli, ["exam", "build", str(spec), "--roster", str(roster), "--out", str(out),
                                          "--formats", "html,pdf", "--bank", str(bank)])
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []  # the print of the papers fetched nothing...
    assert result.exit_code == 0, result.output  # ...and was not navigated away from the exam
    assert (out / "print" / "papers.pdf").read_bytes().startswith(b"%PDF")


TEX_CARET = "\\text{^^5cinput{/etc/hostname}}"  # ^^5c is TeX's notation for a backslash


def test_tex_math_whitelist_is_not_bypassed_by_caret_notation():
    assert not tex_math(TEX_CARET)
    assert "^^5c" not in Typesetter().tex(f"Compute ${TEX_CARET}$ now.")


@pytest.mark.skipif(shutil.which("xelatex") is None, reason=NO_XELATEX)
def test_compiling_a_paper_reads_no_file_named_in_a_formula(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-FROM-THE-INSTRUCTORS-MACHINE\n", encoding="utf-8")
    spec, roster, bank = _hostile_exam(tmp_path, f"Compute $\\text{{^^5cinput{{{secret}}}}}$ now.")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["exam", "build", str(spec), "--roster", str(roster), "--out", str(out),
                                      "--formats", "tex", "--bank", str(bank)])
    assert result.exit_code == 0, result.output
    work = tmp_path / "latex"
    work.mkdir()
    shutil.copy(out / "papers" / "s0.tex", work)
    subprocess.run(["xelatex", "-no-shell-escape", "-interaction=nonstopmode", "s0.tex"], cwd=work,
                   capture_output=True, timeout=300, stdin=subprocess.DEVNULL)
    log = (work / "s0.log").read_text(encoding="utf-8", errors="replace")
    assert f"({secret}" not in log  # TeX logs every file it opens as "(path"


# ---------------------------------------------------------------------------------------------
# Report identity


@pytest.fixture
def instructor_home(tmp_path, monkeypatch):
    """The grading machine's HOME, whose global git identity is the instructor's."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[user]\n\tname = Prof Instructor\n\temail = prof@uni.example\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return home


@pytest.mark.skipif(shutil.which("git") is None, reason=NO_GIT)
def test_identity_is_never_the_grading_machines_own_git_user(tmp_path, instructor_home):
    plain = tmp_path / "alice"  # handed in as a folder, not a repository
    plain.mkdir()
    repo = tmp_path / "bob"  # a clone: its commits carry Bob's name, its config has none
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "-c", "user.name=Bob", "-c", "user.email=bob@x", "commit", "-q", "--allow-empty", "-m", "mine")
    assert identify(plain, None)[0] is None
    assert identify(repo, None)[0] is None


@pytest.mark.skipif(shutil.which("git") is None, reason=NO_GIT)
def test_batch_report_of_a_folder_without_repository_is_not_the_course_repositorys(tmp_path, monkeypatch):
    """Submissions unpacked inside the course's own repository (a common layout): each student's
    report must not name the course's git user nor its commit."""
    from grader.codegrade import grade_submission
    from grader.codegrade.batch import grade_batch

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))  # no global identity: only the course repository's own
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    course = tmp_path / "course"
    course.mkdir()
    _git(course, "init", "-q")
    _git(course, "config", "user.name", "Course Staff")
    _git(course, "config", "user.email", "staff@uni.example")
    _git(course, "commit", "-q", "--allow-empty", "-m", "course")
    head = _git(course, "rev-parse", "--short", "HEAD")
    (course / "submissions" / "alice" / "exercises").mkdir(parents=True)
    out = tmp_path / "out"
    grade_batch(course / "submissions", out, executor="thread",
                grade=functools.partial(grade_submission, exercises=[]))
    report = json.loads((out / "alice.json").read_text(encoding="utf-8"))
    assert report["student"] != "Course Staff" and report["commit"] != head, report
    assert report["student"] == "alice" and report["commit"] is None  # the folder names the student


@pytest.mark.skipif(shutil.which("git") is None, reason=NO_GIT)
def test_batch_report_of_a_students_own_repository_inside_the_course_carries_its_commit(tmp_path, monkeypatch):
    from grader.codegrade import grade_submission
    from grader.codegrade.batch import grade_batch

    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[user]\n\tname = Prof Instructor\n")  # the grading machine's
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    course = tmp_path / "course"
    course.mkdir()
    _git(course, "init", "-q")
    _git(course, "-c", "user.name=Staff", "-c", "user.email=s@x", "commit", "-q", "--allow-empty", "-m", "course")
    bob = course / "submissions" / "bob"
    (bob / "exercises").mkdir(parents=True)
    _git(bob, "init", "-q")
    _git(bob, "-c", "user.name=Bob", "-c", "user.email=b@x", "commit", "-q", "--allow-empty", "-m", "mine")
    out = tmp_path / "out"
    grade_batch(course / "submissions", out, executor="thread",
                grade=functools.partial(grade_submission, exercises=[]))
    report = json.loads((out / "bob.json").read_text(encoding="utf-8"))
    assert report["student"] == "bob" and report["commit"] == _git(bob, "rev-parse", "--short", "HEAD"), report


# ---------------------------------------------------------------------------------------------
# grade gradescope run


def _fake_grade(monkeypatch, tmp_path):
    """The grading itself replaced (it is not under test here), run from a folder without grade.yaml."""
    import grader.codegrade
    from grader.results import Report

    def fake(exercises_dir, *, only, device, extra_dirs, student):
        return Report(exercises=[], device="cpu", duration_s=0.0, student=student)

    monkeypatch.setattr(grader.codegrade, "grade_submission", fake)
    monkeypatch.chdir(tmp_path)


def _fifo(submission: Path) -> None:
    os.mkfifo(submission / "exercises" / "pipe")


def _deep(submission: Path) -> None:
    here = submission / "exercises"
    for _ in range(600):  # deeper than the copy's recursion allows; a zip holds it easily
        here = here / "d"
    here.mkdir(parents=True)
    (here / "x.py").write_text("x = 1\n")


@pytest.mark.parametrize("make", [_fifo, _deep], ids=["named_pipe", "deep_tree"])
def test_gradescope_run_survives_a_hostile_submission_tree(tmp_path, monkeypatch, make):
    _fake_grade(monkeypatch, tmp_path)
    root = tmp_path / "autograder"
    (root / "submission" / "exercises").mkdir(parents=True)
    (root / "submission" / "exercises" / "activations.py").write_text("# mine\n")
    make(root / "submission")
    result = CliRunner().invoke(cli, ["gradescope", "run", "--root", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 0 and (root / "results" / "results.json").is_file(), result.output


@pytest.mark.parametrize("metadata", ['{"users": 5}', '{"users": true}', "[" * 100_000 + "]" * 100_000],
                         ids=["number", "boolean", "deep"])
def test_gradescope_metadata_of_any_shape_is_not_a_crash(tmp_path, monkeypatch, metadata):
    _fake_grade(monkeypatch, tmp_path)
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    (root / "submission_metadata.json").write_text(metadata)
    result = CliRunner().invoke(cli, ["gradescope", "run", "--root", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert (root / "results" / "results.json").is_file(), result.output


# ---------------------------------------------------------------------------------------------
# grade practice: a history file that is not what this grade wrote


def _crafted_history(path: Path, *rows: tuple) -> None:
    import sqlite3

    from grader.practice import History

    History.open(path).close()
    db = sqlite3.connect(path)
    db.executemany("INSERT INTO schedule (question_id, topic, box, due, updated) VALUES (?, ?, ?, ?, ?)", rows)
    db.commit()
    db.close()


@pytest.mark.parametrize("args", [["--stats"], ["--review"]], ids=["stats", "review"])
def test_practice_history_with_an_out_of_range_due_time_is_no_traceback(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "history.sqlite3"
    _crafted_history(db, ("cnn.conv_output_size", "cnn", 1, 1e300, 0.0))
    result = CliRunner().invoke(cli, ["practice", "--db", str(db), *args], input="")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 2), result.output


def test_practice_stats_shows_no_escape_sequence_from_the_history(tmp_path):
    db = tmp_path / "history.sqlite3"
    _crafted_history(db, ("q1", "cnn\x1b]0;pwned\x07\x1b[2J", 1, 1.0, 0.0))
    result = CliRunner().invoke(cli, ["practice", "--db", str(db), "--stats"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x9b" not in result.output

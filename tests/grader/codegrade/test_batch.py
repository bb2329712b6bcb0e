"""`grade batch` over a small synthetic class, with a stand-in grader (and one broken submission).

The stand-in `fake_grade` keeps these tests fast and independent of the exercise specs; the real
`grade_submission` is exercised by `test_real_grader_on_solutions` when it is available.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from grader.cli import cli
from grader.codegrade import batch
from grader.errors import UsageError
from grader.reports.clean import csv_cell
from grader.results import CheckOutcome as Outcome  # aliased: pytest would try to collect a Test* class
from grader.results import ExerciseOutcome, Report

ROOT = Path(__file__).resolve().parents[3]


def torch_cuda_available() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return torch.cuda.is_available()


def fake_grade(exercises_dir: Path, *, device: str) -> Report:
    """One exercise per known module: 2 points when the file says `correct`, 1 for `half`."""
    text = {p.stem: p.read_text() for p in exercises_dir.glob("*.py")}
    if "raise_in_grader" in "".join(text.values()):
        raise RuntimeError("grader bug triggered by this submission")
    if "kill_the_worker" in "".join(text.values()):
        os._exit(3)  # what a segfault in the grading process looks like from the pool
    exercises = []
    for module in ("cnn", "rnn"):
        body = text.get(module)
        score = 2 if body and "correct" in body else 1 if body and "half" in body else 0
        status = "missing" if body is None else {2: "passed", 1: "partial", 0: "failed"}[score]
        exercises.append(ExerciseOutcome(f"{module}.fn", score, 2, status,
                                         [Outcome("values", score, 2, "passed" if score == 2 else "failed")]))
    return Report(exercises, device, 0.01, "test")


def fake_default_grade(exercises_dir: Path, *, device: str, extra_dirs: tuple = ()) -> Report:
    """`fake_grade` in place of the real grader behind the CLI (module-level: worker processes unpickle it)."""
    return fake_grade(exercises_dir, device=device)


def _class(root: Path) -> Path:
    subs = root / "submissions"
    (subs / "alice" / "exercises").mkdir(parents=True)
    (subs / "alice" / "exercises" / "cnn.py").write_text("# correct")
    (subs / "alice" / "exercises" / "rnn.py").write_text("# correct")
    (subs / "bob").mkdir()  # files at the top of the repository
    (subs / "bob" / "cnn.py").write_text("# half")
    (subs / "carol" / "exercises").mkdir(parents=True)
    (subs / "carol" / "exercises" / "cnn.py").write_text("raise_in_grader")
    (subs / "dave").mkdir()  # submitted nothing
    (subs / ".git").mkdir()
    (subs / "notes.txt").write_text("not a student")
    return subs


@pytest.mark.parametrize("executor", batch.EXECUTORS)
def test_batch_grades_everyone_and_survives_a_broken_submission(tmp_path, executor):
    subs, out = _class(tmp_path), tmp_path / "out"
    seen = []
    book = batch.grade_batch(subs, out, jobs=2, device="cpu", executor=executor, grade=fake_grade,
                             progress=seen.append)
    assert list(book["student"]) == ["alice", "bob", "carol", "dave"]
    assert seen[0] == batch.BatchProgress(0, 4, ("alice", "bob"), None)  # before anyone is graded
    assert [e.done for e in seen] == [0, 1, 2, 3, 4] and all(e.total == 4 for e in seen)
    assert sorted(e.row["student"] for e in seen[1:]) == ["alice", "bob", "carol", "dave"]
    assert seen[-1].grading == ()
    assert list(book.columns) == ["student", "total", "max", "percent", "cnn.fn", "rnn.fn", "status", "error",
                                  "folder", "report"]
    assert list(book["folder"]) == ["alice/exercises", "bob", "carol/exercises", "dave"]
    assert list(book["report"]) == ["alice", "bob", "carol", "dave"]  # safe names are kept as they are
    alice, bob, carol, dave = (book.iloc[i] for i in range(4))
    assert (alice["total"], alice["max"], alice["percent"], alice["status"]) == (4, 4, 100.0, "graded")
    assert (bob["total"], bob["cnn.fn"], bob["rnn.fn"], bob["percent"]) == (1, 1, 0, 25.0)
    assert carol["status"] == "error" and "grader bug" in carol["error"] and math.isnan(carol["total"])
    assert dave["total"] == 0 and dave["status"] == "graded"

    assert sorted(p.name for p in out.iterdir()) == [
        "alice.json", "alice.md", "bob.json", "bob.md", "carol.error.txt", "dave.json", "dave.md", "gradebook.csv"]
    assert json.loads((out / "alice.json").read_text())["score"] == 4
    assert "RuntimeError" in (out / "carol.error.txt").read_text()
    csv = pd.read_csv(out / "gradebook.csv")
    assert list(csv["student"]) == ["alice", "bob", "carol", "dave"] and csv["total"].isna().tolist() == [
        False, False, True, False]


def test_a_crashing_worker_costs_only_its_own_row(tmp_path):
    subs = _class(tmp_path)
    (subs / "eve").mkdir()
    (subs / "eve" / "cnn.py").write_text("kill_the_worker")
    book = batch.grade_batch(subs, tmp_path / "out", jobs=2, device="cpu", executor="process", grade=fake_grade)
    rows = book.set_index("student")
    assert rows.loc["eve", "status"] == "error" and "worker process died" in rows.loc["eve", "error"]
    assert rows.loc["alice", "total"] == 4 and rows.loc["bob", "total"] == 1 and rows.loc["dave", "status"] == "graded"


def test_exercises_subdir_and_output_inside_the_submissions(tmp_path):
    subs = _class(tmp_path)
    (subs / "alice" / "work").mkdir()
    (subs / "alice" / "work" / "rnn.py").write_text("# half")
    out = subs / "_grades"
    batch.grade_batch(subs, out, exercises_subdir="work", grade=fake_grade, executor="thread")
    again = batch.grade_batch(subs, out, exercises_subdir="work", grade=fake_grade, executor="thread")
    assert "_grades" not in set(again["student"])  # the output folder is not a student
    assert again.set_index("student").loc["alice", "rnn.fn"] == 1


def _graded(subs: Path, out: Path, **kwargs) -> pd.DataFrame:
    """Grade with the stand-in, then check what every batch must guarantee, whatever the names."""
    names = sorted(p.name for p in subs.iterdir() if not p.name.startswith("."))
    book = batch.grade_batch(subs, out, grade=fake_grade, executor="thread", **kwargs)
    csv = pd.read_csv(out / "gradebook.csv", keep_default_na=False, dtype=str)
    assert len(book) == len(csv) == len(names)  # nobody lost, nobody merged
    stems = list(csv["report"])
    folded = {unicodedata.normalize("NFC", unicodedata.normalize("NFC", s).casefold()) for s in stems}
    assert len(folded) == len(stems)  # unique even on a case-insensitive, normalising file system
    for stem, status in zip(stems, csv["status"]):
        assert stem == unicodedata.normalize("NFC", stem) and stem[0] not in ".-", stem
        assert len(stem.encode()) <= batch.MAX_STEM_BYTES + 1 + batch.HASH_DIGITS, stem
        assert all(unicodedata.category(c)[0] in "LNM" or c in "-_." for c in stem), stem
        suffixes = batch.REPORT_SUFFIXES if status == "graded" else (batch.ERROR_SUFFIX,)
        assert all((out / f"{stem}{suffix}").is_file() for suffix in suffixes), stem
    written = {p.name for p in out.iterdir()}
    assert written == {"gradebook.csv"} | {f"{stem}{suffix}" for stem, status in zip(stems, csv["status"])
                                           for suffix in (batch.REPORT_SUFFIXES if status == "graded"
                                                          else (batch.ERROR_SUFFIX,))}
    for column in csv.columns:  # nothing a spreadsheet would run, nothing that breaks a line
        for cell in csv[column]:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"), (column, cell)
            assert not any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs") for c in cell), (column, cell)
    return csv


def test_unicode_names_keep_their_letters_and_never_share_a_file(tmp_path):
    subs = tmp_path / "s"
    for name in ("çarlos  名 字", "名字", "名前", "alice", "a b", "a_b"):
        (subs / name).mkdir(parents=True)
        (subs / name / "cnn.py").write_text("# correct" if name == "名前" else "# half")
    csv = _graded(subs, tmp_path / "out").set_index("student")
    assert csv.loc["名字", "report"] == "名字" and csv.loc["名前", "report"] == "名前"
    carlos = csv.loc["çarlos  名 字", "report"]
    assert carlos.startswith("çarlos_名_字-") and carlos == f"çarlos_名_字-{batch._short_hash('çarlos  名 字')}"
    assert csv.loc["alice", "report"] == "alice" and csv.loc["çarlos  名 字", "folder"] == "çarlos  名 字"
    assert csv.loc["a_b", "report"] == f"a_b-{batch._short_hash('a_b')}"  # it would read like "a b"'s
    assert csv.loc["a b", "report"] == f"a_b-{batch._short_hash('a b')}"
    report = json.loads((tmp_path / "out" / "名前.json").read_text(encoding="utf-8"))
    assert report["score"] == 2 and csv.loc["名前", "total"] == "2"  # each row is its own student's


@pytest.mark.parametrize("pair", [("Alice", "alice"), ("e\u0301", "\u00e9"), ("ǅ", "ǆ"), ("STRASSE", "straße")],
                         ids=["case", "normalisation", "titlecase", "casefold"])
def test_names_equal_but_for_case_or_normalisation_get_distinct_files(tmp_path, pair):
    subs = tmp_path / "s"
    for name in pair:
        (subs / name).mkdir(parents=True)
    csv = _graded(subs, tmp_path / "out")
    # both carry the hash of their exact name, so the two rows are told apart
    assert sorted(stem.rsplit("-", 1)[1] for stem in csv["report"]) == sorted(batch._short_hash(n) for n in pair)


def test_a_name_cannot_pass_for_another_students_hashed_file(tmp_path):
    subs = tmp_path / "s"
    victim = "bob smith"
    mimic = f"bob_smith-{batch._short_hash(victim)}"  # exactly the victim's report name
    for name in (victim, mimic):
        (subs / name).mkdir(parents=True)
    csv = _graded(subs, tmp_path / "out").set_index("student")
    assert csv.loc[victim, "report"] == mimic  # the victim keeps its name
    assert csv.loc[mimic, "report"] == f"{mimic}-{batch._short_hash(mimic)}"


# Hostile folder names: each is graded next to an ordinary student, and `_graded` checks that
# every name is recognisably, uniquely and safely filed and that no cell is a formula.
HOSTILE_NAMES = {
    "dot_dots": "a..b..",  # (a name starting with "." is a hidden folder: never a student)
    "leading_dash": "-rf",
    "fullwidth_solidus": "／..／etc",
    "division_slash": "∕..∕etc",
    "fraction_slash": "⁄..⁄etc",
    "backslash": "a\\..\\b",
    "newline": "ann\nbob",
    "carriage_return": "ann\rbob",
    "escape_sequence": "ann\x1b[31mred",
    "bidi_override": "\u202egnp.exe",
    "zero_width": "al\u200bice",
    "csv_formula": "=cmd|' \\C calc'!A0",
    "csv_plus": "+1+1",
    "csv_at": "@SUM(A1)",
    "csv_fullwidth_equals": "＝1+1",
    "very_long_ascii": "x" * 250,
    "very_long_unicode": "名" * 80,  # 240 bytes: longer than the stem may be
    "windows_reserved": "CON",
    "windows_reserved_ext": "nul.txt",
    "emoji_only": "🙂🙂",
}


@pytest.mark.parametrize("name", HOSTILE_NAMES.values(), ids=HOSTILE_NAMES.keys())
def test_hostile_folder_name(tmp_path, name):
    subs = tmp_path / "s"
    (subs / name).mkdir(parents=True)
    (subs / name / "cnn.py").write_text("# correct")
    (subs / "alice").mkdir()
    csv = _graded(subs, tmp_path / "out")
    row = csv[csv["report"] != "alice"].iloc[0]
    assert row["report"].endswith("-" + batch._short_hash(name)) and row["total"] == "2"
    if name[0] in "=+@":
        assert row["student"] == "'" + name  # shown, but as text
    if "\n" in name or "\x1b" in name or "\u202e" in name:
        assert "\\x0a" in row["student"] or "\\x1b" in row["student"] or "\\u202e" in row["student"]


def test_folder_name_that_is_not_utf8(tmp_path):
    subs = tmp_path / "s"
    subs.mkdir()
    try:
        os.mkdir(os.fsencode(subs) + b"/bad\xff\xfename")
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    (subs / "alice").mkdir()
    csv = _graded(subs, tmp_path / "out")
    assert "bad\\xff\\xfename" in list(csv["student"])


def test_error_text_in_the_csv_cannot_run_or_break_lines(tmp_path):
    def hostile_grade(exercises_dir: Path, *, device: str) -> Report:
        raise RuntimeError("=HYPERLINK(\"http://x\")\x1b[2J\nline two")

    subs = tmp_path / "s"
    (subs / "alice").mkdir(parents=True)
    batch.grade_batch(subs, tmp_path / "out", grade=hostile_grade, executor="thread")
    csv = pd.read_csv(tmp_path / "out" / "gradebook.csv", keep_default_na=False, dtype=str)
    error = csv.loc[0, "error"]
    assert error.startswith("RuntimeError: =HYPERLINK") and "\x1b" not in error and "\n" not in error
    lines = (tmp_path / "out" / "gradebook.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2


def test_csv_cells_that_a_spreadsheet_would_run_are_text():
    for cell in ("=1+1", "+1", "-1", "@x", " =1", "\t=1", "＝1", "﹦1"):
        assert csv_cell(cell) == "'" + cell
    for cell in ("alice", "名字", "", "1-2", "a=b"):
        assert csv_cell(cell) == cell
    assert csv_cell(-1.5) == -1.5  # numbers stay numbers


def _symlink_or_skip(link: Path, target: Path) -> None:
    try:
        link.symlink_to(target, target_is_directory=True)
    except OSError:
        pytest.skip("symbolic links are not available here")


def test_a_symlinked_student_folder_is_never_followed(tmp_path):
    outside = tmp_path / "outside"
    (outside / "exercises").mkdir(parents=True)
    (outside / "exercises" / "cnn.py").write_text("# correct")
    subs = tmp_path / "s"
    (subs / "alice" / "exercises").mkdir(parents=True)
    (subs / "alice" / "exercises" / "cnn.py").write_text("# half")
    _symlink_or_skip(subs / "mallory", outside)
    _symlink_or_skip(subs / "etc", Path("/etc"))
    _symlink_or_skip(subs / "alice_again", subs / "alice")  # even inside SUBMISSIONS_DIR
    seen: list[Path] = []

    def recording_grade(exercises_dir: Path, *, device: str) -> Report:
        seen.append(exercises_dir)
        return fake_grade(exercises_dir, device=device)

    book = batch.grade_batch(subs, tmp_path / "out", grade=recording_grade, executor="thread").set_index("student")
    assert seen == [subs / "alice" / "exercises"]
    for name in ("mallory", "etc", "alice_again"):
        assert book.loc[name, "status"] == "error" and "symbolic link" in book.loc[name, "error"]
        assert math.isnan(book.loc[name, "total"])
        assert "symbolic link" in (tmp_path / "out" / f"{book.loc[name, 'report']}.error.txt").read_text()
    assert book.loc["alice", "total"] == 1


@pytest.mark.parametrize("where", ["outside", "other_student", "parent_link"])
def test_a_symlinked_exercises_folder_is_never_followed(tmp_path, where):
    subs = tmp_path / "s"
    (subs / "bob" / "exercises").mkdir(parents=True)
    (subs / "bob" / "exercises" / "cnn.py").write_text("# correct")
    (tmp_path / "outside").mkdir()
    (subs / "mallory").mkdir()
    (subs / "mallory" / "cnn.py").write_text("# half")  # would be graded if the link were dropped silently
    if where == "outside":
        _symlink_or_skip(subs / "mallory" / "exercises", tmp_path / "outside")
    elif where == "other_student":
        _symlink_or_skip(subs / "mallory" / "exercises", subs / "bob" / "exercises")
    else:  # --exercises-subdir work/exercises, with `work` a link to bob's folder
        _symlink_or_skip(subs / "mallory" / "work", subs / "bob")
    subdir = "work/exercises" if where == "parent_link" else "exercises"
    if where == "parent_link":
        (subs / "bob" / "work").mkdir()
        (subs / "bob" / "work" / "exercises").mkdir()
    book = batch.grade_batch(subs, tmp_path / "out", grade=fake_grade, executor="thread",
                             exercises_subdir=subdir).set_index("student")
    assert book.loc["mallory", "status"] == "error" and "symbolic link" in book.loc["mallory", "error"]
    assert book.loc["bob", "status"] == "graded"


def test_stale_files_of_a_previous_run_are_removed(tmp_path):
    subs = tmp_path / "s"
    (subs / "alice").mkdir(parents=True)
    (subs / "alice" / "cnn.py").write_text("# correct")
    out = tmp_path / "out"
    batch.grade_batch(subs, out, grade=fake_grade, executor="thread")
    (subs / "alice" / "cnn.py").write_text("raise_in_grader")
    batch.grade_batch(subs, out, grade=fake_grade, executor="thread")
    assert sorted(p.name for p in out.iterdir()) == ["alice.error.txt", "gradebook.csv"]


def test_empty_or_missing_folder(tmp_path):
    with pytest.raises(UsageError, match="not a folder"):
        batch.grade_batch(tmp_path / "nope", tmp_path / "out", grade=fake_grade)
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match="no student folders"):
        batch.grade_batch(tmp_path / "empty", tmp_path / "out", grade=fake_grade)
    with pytest.raises(UsageError, match="--jobs"):
        batch.grade_batch(tmp_path / "empty", tmp_path / "out", jobs=0, grade=fake_grade)


def test_cli_batch_usage_errors(tmp_path):
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "missing"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "not a folder" in result.output


@pytest.mark.parametrize("args, words", [
    (["--device", "tpu"], "'tpu' is not one of"),
    (["--jobs", "0"], "--jobs"),
    (["--jobs", "many"], "--jobs"),
    (["--exercises-subdir", "../alice"], "--exercises-subdir"),
    (["--exercises-subdir", "/etc"], "--exercises-subdir"),
    (["--config", "grade.yaml"], "does not exist (see `exercises:` in grade.yaml)"),
], ids=["device", "jobs_zero", "jobs_text", "subdir_parent", "subdir_absolute", "missing_spec_folder"])
def test_cli_batch_checks_every_option_before_grading_anyone(tmp_path, monkeypatch, args, words):
    subs = _class(tmp_path)
    (tmp_path / "grade.yaml").write_text("exercises: [missing_specs]\n")
    monkeypatch.chdir(tmp_path)
    graded: list[Path] = []
    monkeypatch.setattr(batch, "_default_grade", lambda d, **kw: graded.append(d))
    result = CliRunner().invoke(cli, ["batch", str(subs), "--out", str(tmp_path / "out"), *args])
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert sum("rror" in line for line in result.output.splitlines()) == 1  # one error line
    assert not graded and not (tmp_path / "out").exists()


def test_cli_device_choices_are_the_graders():
    from grader.cli.batch import DEVICE_ALIASES, batch_command
    from grader.codegrade.grade import DEVICES

    device = next(p for p in batch_command.params if p.name == "device")
    assert tuple(device.type.choices) == (*DEVICES, *DEVICE_ALIASES)
    assert set(DEVICE_ALIASES.values()) <= set(DEVICES)


@pytest.mark.parametrize("device", ["gpu", "cuda"])
@pytest.mark.parametrize("lang, words", [("en", "no CUDA GPU is available"), ("zh", "没有可用的 CUDA GPU")])
def test_cli_gpu_without_a_gpu_exits_2_before_grading_anyone(tmp_path, monkeypatch, device, lang, words):
    """Every GPU hidden (CUDA_VISIBLE_DEVICES=""), as on a machine without one: refused at once, nobody
    graded, no report or gradebook written."""
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    subs = _class(tmp_path)
    graded: list[Path] = []
    monkeypatch.setattr(batch, "_default_grade", lambda d, **kw: graded.append(d))
    result = CliRunner().invoke(cli, ["batch", str(subs), "--out", str(tmp_path / "out"), "--device", device,
                                      "--lang", lang])
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert not graded and not (tmp_path / "out").exists()


def test_gpu_check_is_cheap_where_no_driver_shows(monkeypatch):
    """No driver device or /proc entry: the answer is no without starting an interpreter that imports torch."""
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    monkeypatch.setattr(batch.sys, "platform", "linux")
    monkeypatch.setattr(batch.os.path, "exists", lambda path: False)

    def no_subprocess(*args, **kwargs):
        raise AssertionError("torch was asked although no GPU driver is present")

    monkeypatch.setattr(batch.subprocess, "run", no_subprocess)
    assert batch._cuda_available() is False


@pytest.mark.skipif(not torch_cuda_available(), reason="needs a CUDA GPU")
def test_gpu_check_says_yes_on_a_gpu_machine():
    assert batch._cuda_available() is True


def test_cli_progress_comes_first_then_one_line_per_student(tmp_path, monkeypatch):
    """Not a terminal (CliRunner): a first line before anyone is graded, then `[n/N] student: score`."""
    subs = _class(tmp_path)
    monkeypatch.setattr(batch, "_default_grade", fake_default_grade)
    monkeypatch.setattr("grader.codegrade.discovery.load_modules", lambda dirs: None)
    result = CliRunner().invoke(cli, ["batch", str(subs), "--out", str(tmp_path / "out"), "--device", "cpu",
                                      "--jobs", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "grading 4 submissions (2 at a time)…"
    progress = sorted(line for line in lines if line.startswith("["))
    assert len(progress) == 4 and {line.split("] ")[0] for line in progress} == {"[1/4", "[2/4", "[3/4", "[4/4"}
    assert any(line.endswith("] alice: 4/4") for line in progress)
    assert any("] carol: error: RuntimeError: grader bug" in line for line in progress)
    assert "Graded 3 of 4 submissions." in lines and "1 could not be graded: see its .error.txt file." in lines


def test_cli_progress_in_chinese(tmp_path, monkeypatch):
    subs = _class(tmp_path)
    monkeypatch.setattr(batch, "_default_grade", fake_default_grade)
    monkeypatch.setattr("grader.codegrade.discovery.load_modules", lambda dirs: None)
    result = CliRunner().invoke(cli, ["batch", str(subs), "--out", str(tmp_path / "out"), "--device", "cpu",
                                      "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "正在评分 4 份提交" in result.output and "已评分 3/4 份提交" in result.output


def test_cli_progress_on_a_terminal_is_a_live_bar(tmp_path, monkeypatch):
    """FORCE_COLOR makes rich treat the output as a terminal: the live bar runs, a line per student is
    printed above it, and a folder name that looks like rich markup is shown as written."""
    subs = _class(tmp_path)
    (subs / "[bold]x[red]").mkdir()
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(batch, "_default_grade", fake_default_grade)
    monkeypatch.setattr("grader.codegrade.discovery.load_modules", lambda dirs: None)
    result = CliRunner().invoke(cli, ["batch", str(subs), "--out", str(tmp_path / "out"), "--device", "cpu"])
    assert result.exit_code == 0, result.output
    assert "5/5" in result.output and "[bold]x[red]" in result.output and "alice" in result.output


@pytest.mark.parametrize("kwargs, words", [
    ({"device": "gpu"}, "--device"), ({"jobs": 0}, "--jobs"), ({"jobs": True}, "--jobs"), ({"jobs": 1.5}, "--jobs"),
    ({"executor": "fork"}, "executor"), ({"exercises_subdir": "a/../../b"}, "--exercises-subdir"),
])
def test_library_checks_options_before_grading_anyone(tmp_path, kwargs, words):
    subs = _class(tmp_path)
    graded: list[Path] = []

    def recording_grade(exercises_dir: Path, *, device: str) -> Report:
        graded.append(exercises_dir)
        return fake_grade(exercises_dir, device=device)

    with pytest.raises(UsageError, match=words):
        batch.grade_batch(subs, tmp_path / "out", grade=recording_grade, **kwargs)
    assert not graded and not (tmp_path / "out").exists()


def _real_grader_available() -> bool:
    try:
        from grader.codegrade import grade_submission  # noqa: F401
    except ImportError:
        return False
    return (ROOT / "solutions").is_dir()


@pytest.mark.skipif(not _real_grader_available(), reason="grader.codegrade has not landed yet")
def test_real_grader_on_solutions(tmp_path):
    subs = tmp_path / "subs"
    shutil.copytree(ROOT / "solutions", subs / "reference" / "exercises")
    (subs / "empty").mkdir()
    result = CliRunner().invoke(cli, ["batch", str(subs), "--out", str(tmp_path / "out"), "--jobs", "2",
                                      "--device", "cpu"])
    assert result.exit_code == 0, result.output
    book = pd.read_csv(tmp_path / "out" / "gradebook.csv").set_index("student")
    assert book.loc["reference", "total"] == book.loc["reference", "max"] > 0
    assert book.loc["empty", "total"] == 0 and book.loc["empty", "status"] == "graded"

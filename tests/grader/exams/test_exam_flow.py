"""End to end through the CLI: build for a 40-student roster in both languages, key, grade.

One exam is built once for the module (the issue's example, plus a multi-select section); each
test grades its own answers against it.
"""

import csv
import io
import json
import os

import pytest
import yaml
from click.testing import CliRunner

from grader.cli import cli
from grader.i18n import _

SPEC = """\
title: Deep learning, final review
course: DL 2026
date: 2026-12-20
duration: 90 min
language: both            # en | zh | both
seed: 20261220
sections:
  - title: Calculations
    pick: {topic: cnn, kind: numeric}   # also difficulty, tags; {} picks from the whole bank
    count: 2
    points: 2
  - title: Derivations
    questions: [logistic.ce_gradient_w, regularization.l2_update]
    points: 4
    shuffle: false
"""
MULTI = """\
  - title: {en: Concepts, zh: 概念}
    questions: [cnn.properties]
    points: 3
"""
NAMES = ["张伟", "王芳", "Émilie Dupont", "Łukasz Żółć", "Ngũgĩ wa Thiong'o", "Ὀδυσσεύς", "Σοφία", "محمد",
         "=HYPERLINK(\"http://x\")", "O'Brien, Seán", "<script>alert(1)</script> | *x*"]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def write_roster(path, n=40, skip=()):
    rows = [{"id": f"s{i:03d}", "name": f"{NAMES[i % len(NAMES)]} {i}", "email": f"s{i}@uni.edu"}
            for i in range(n) if i not in skip]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, ["id", "name", "email"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def build(tmp, name, *, roster=None, extra=()):
    spec = tmp / "spec.yaml"
    if not spec.exists():
        spec.write_text(SPEC + MULTI, encoding="utf-8")
    roster = roster or write_roster(tmp / "roster.csv")
    out = tmp / name
    result = run("exam", "build", spec, "--roster", roster, "--out", out, *extra)
    assert result.exit_code == 0, result.output
    return out


def files_of(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def exam(tmp_path_factory):
    return build(tmp_path_factory.mktemp("exam"), "built")


@pytest.fixture(scope="module")
def keys(exam):
    result = run("exam", "key", exam)
    assert result.exit_code == 0
    return json.loads(result.output)


@pytest.fixture(scope="module")
def manifest(exam):
    return json.loads((exam / "manifest.json").read_text(encoding="utf-8"))


def write_sheet(folder, sid, answers, *, suffix=".yaml"):
    data = {"student": sid, "answers": answers}
    text = json.dumps(data, ensure_ascii=False) if suffix == ".json" else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (folder / f"{sid}{suffix}").write_text(text, encoding="utf-8")


def grade(exam, answers, out):
    result = run("exam", "grade", exam, "--answers", answers, "--out", out)
    assert result.exit_code == 0, result.output
    book = list(csv.DictReader(io.StringIO((out / "gradebook.csv").read_text(encoding="utf-8"))))
    return {row["id"]: row for row in book}, json.loads((out / "results.json").read_text(encoding="utf-8"))


def test_build_writes_papers_keys_sheets_in_both_languages(exam, manifest, keys):
    assert len(manifest["students"]) == 40 and manifest["exam"]["questions"] == 5
    first = manifest["students"]["s000"]["questions"]
    assert [q["number"] for q in first] == [1, 2, 3, 4, 5]
    assert [q["id"] for q in first[2:4]] == ["logistic.ce_gradient_w", "regularization.l2_update"]  # shuffle: false
    assert all(q["id"].startswith("cnn.") and q["points"] == 2 for q in first[:2])
    multi = first[4]
    assert multi["kind"] == "multi" and sorted(multi["choice_order"]) == list(range(len(multi["choice_order"])))
    assert {"variant_seed", "params", "key", "version"} <= set(multi)
    assert manifest["students"]["s000"]["extra"] == {"email": "s0@uni.edu"}
    paper = (exam / "papers" / "s001.md").read_text(encoding="utf-8")
    assert "王芳 1" in paper and "Question / 题 1" in paper and "卷积" in paper and "$" in paper
    assert keys["s001"]["3"] not in paper  # a paper shows no key
    html = (exam / "papers" / "s001.html").read_text(encoding="utf-8")
    assert "<script" not in html and "http" not in html.replace('http-equiv', '') and "卷积" in html
    hostile = (exam / "papers" / "s010.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in hostile and "<script" not in hostile
    assert r"| \<script\>alert\(1\)\</script\> \| \*x\* 10 | s010 |" in (exam / "papers" / "s010.md").read_text(encoding="utf-8")
    key_md = (exam / "keys" / "s001.md").read_text(encoding="utf-8")
    assert keys["s001"]["1"] in key_md and "Explanation / 解析" in key_md
    assert (exam / "keys" / "s001.html").is_file()
    sheet = yaml.safe_load((exam / "sheets" / "s001.yaml").read_text(encoding="utf-8"))
    assert sheet == {"student": "s001", "answers": {n: "" for n in range(1, 6)}}
    # The forms of answers are gettext messages, in both languages of the exam.
    assert f"# an integer / {_('an integer', lang='zh')}" in (exam / "sheets" / "s001.yaml").read_text(encoding="utf-8")
    assert _("an integer", lang="zh") != "an integer"
    # Papers differ between students, keys come as text a student could type.
    assert len({json.dumps(k, sort_keys=True) for k in keys.values()}) > 30


def test_key_csv(exam, keys):
    rows = list(csv.reader(io.StringIO(run("exam", "key", exam, "--format", "csv").output)))
    assert rows[0] == ["student", "1", "2", "3", "4", "5"] and len(rows) == 41
    assert rows[1][1:] == [keys["s000"][str(n)] for n in range(1, 6)]


def test_sheets_filled_from_the_key_get_full_marks_and_grading_is_repeatable(exam, keys, tmp_path):
    answers = tmp_path / "answers"
    answers.mkdir()
    for sid, key in keys.items():
        write_sheet(answers, sid, {int(n): text for n, text in key.items()},
                    suffix=".json" if sid.endswith("7") else ".yaml")
    book, results = grade(exam, answers, tmp_path / "r1")
    assert len(book) == 40
    assert all(row["percent"] == "100.0" and row["status"] == "ok" and row["total"] == "15" for row in book.values())
    assert book["s008"]["name"].startswith("'=HYPERLINK")  # formula-safe cell
    assert results["students"]["s000"]["answers"]["3"]["verdict"] == "correct"
    grade(exam, answers, tmp_path / "r2")
    assert files_of(tmp_path / "r1") == files_of(tmp_path / "r2")
    grade(exam, answers, tmp_path / "r1")  # again into the same folder
    assert files_of(tmp_path / "r1") == files_of(tmp_path / "r2")
    feedback = (tmp_path / "r1" / "feedback" / "s000.md").read_text(encoding="utf-8")
    assert "15/15" in feedback and "Your answer / 你的答案" in feedback
    assert (tmp_path / "r1" / "feedback" / "s000.html").is_file()


def test_key_as_one_csv_gets_full_marks(exam, tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text(run("exam", "key", exam, "--format", "csv").output, encoding="utf-8")
    book, _results = grade(exam, path, tmp_path / "r")
    assert {row["percent"] for row in book.values()} == {"100.0"}


def test_deliberate_mistakes_get_exactly_the_expected_totals(exam, keys, manifest, tmp_path):
    answers = tmp_path / "answers"
    answers.mkdir()
    expected = {}
    for i, (sid, key) in enumerate(sorted(keys.items())):
        sheet = {int(n): text for n, text in key.items()}
        total = 15.0
        if i % 3 == 0:  # a wrong number: question 1 is worth 2
            sheet[1] = str(int(float(key["1"])) + 1)
            total -= 2
        if i % 4 == 0:  # the squared-error gradient instead of the cross-entropy one
            sheet[3] = "x*sigmoid(w*x+b)*(1-sigmoid(w*x+b))*(sigmoid(w*x+b)-y)"
            total -= 4
        if i % 5 == 0:  # one correct letter of two: half the 3 points
            letters = key["5"].split(", ")
            assert len(letters) >= 2
            sheet[5] = letters[0]
            total -= 3 - 3 / len(letters)
        expected[sid] = total
        write_sheet(answers, sid, sheet)
    book, results = grade(exam, answers, tmp_path / "r")
    assert {sid: float(row["total"]) for sid, row in book.items()} == pytest.approx(expected)
    mistake = results["students"]["s000"]["answers"]["3"]
    assert mistake["verdict"] == "incorrect" and "squared-error" in mistake["feedback"]


def test_broken_and_hostile_sheets_are_reported_and_the_rest_graded(exam, keys, tmp_path):
    answers = tmp_path / "answers"
    answers.mkdir()
    good = {sid: {int(n): t for n, t in key.items()} for sid, key in keys.items()}
    for sid in list(good)[20:]:
        write_sheet(answers, sid, good[sid])
    # s000: no sheet at all
    (answers / "s001.yaml").write_text("student: s001\nanswers: {1: '3'\n", encoding="utf-8")  # malformed
    (answers / "s002.yaml").write_text("- 1\n- 2\n", encoding="utf-8")  # a list
    (answers / "s003.yaml").write_bytes(  # not UTF-8 in answer 1 only
        ("student: s003\nanswers:\n  1: '\xff'\n" + "".join(f"  {n}: '{good['s003'][n]}'\n" for n in range(2, 6)))
        .encode("latin-1"))
    half = dict(good["s004"])
    del half[4], half[5]
    write_sheet(answers, "s004", half)  # half-filled
    nul = {**good["s005"], 2: "1\x002"}
    (answers / "s005.json").write_text(json.dumps({"student": "s005", "answers": {str(k): v for k, v in nul.items()}}),
                                       encoding="utf-8")
    long = {**good["s006"], 3: "x" * 1_000_000}
    write_sheet(answers, "s006", long)
    bomb = "a: &a ['lol','lol']\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    (answers / "s007.yaml").write_text("student: s007\nanswers: {}\n" + bomb, encoding="utf-8")
    write_sheet(answers, "s008", good["s008"])
    write_sheet(answers, "s008", {**good["s008"], 1: "0"}, suffix=".yml")  # names s008 again: a duplicate
    (answers / "s008.yml").rename(answers / "z-s008.yaml")  # a second sheet naming s008
    write_sheet(answers, "nobody", good["s009"])  # unknown student
    (answers / "s010.yaml").write_text("student: s010\nanswers:\n  1: !!python/object/apply:os.system ['echo hi']\n",
                                       encoding="utf-8")
    (answers / "s011.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (answers / "s012.yaml").write_text("{student: s012, answers: {1: " + "[" * 5000 + "]" * 5000 + "}}",
                                       encoding="utf-8")
    (answers / "s013.yaml").write_bytes(b"\x00" * 10)
    if hasattr(os, "symlink"):
        os.symlink("/etc/passwd", answers / "s014.yaml")
    write_sheet(answers, "s015", {**good["s015"], 99: "1", "x": "2", 3: {"a": 1}})
    (answers / "s016.yaml").write_bytes(b"x" * (5 << 20))  # too large to be a sheet

    book, results = grade(exam, answers, tmp_path / "r")
    status = {sid: row["status"] for sid, row in book.items()}
    assert status["s000"] == "no_sheet" and book["s000"]["total"] == "0"
    assert status["s001"] == "malformed" and status["s002"] == "not_a_mapping"
    assert status["s003"] == "not_utf8;answer_unreadable" and book["s003"]["total"] == "13"
    assert status["s004"] == "missing_answers" and book["s004"]["4"] == "0" and book["s004"]["1"] == "2"
    assert status["s005"] == "answer_unreadable" and book["s005"]["total"] == "13"
    assert status["s006"] == "answer_too_long" and book["s006"]["total"] == "11"
    assert status["s007"].startswith("malformed") and "aliases" in json.dumps(results["students"]["s007"])
    assert status["s008"] == "duplicate_sheet" and book["s008"]["total"] == "15"  # the first file is graded
    assert results["unmatched"][0]["code"] == "unknown_student" and results["unmatched"][0]["student"] == "nobody"
    assert status["s010"] == "malformed"  # a python tag is refused, nothing runs
    assert status["s011"] == "malformed" and status["s012"] == "malformed"
    assert status["s013"] in ("control_characters;not_a_mapping", "control_characters;malformed")
    if hasattr(os, "symlink"):
        assert status["s014"] == "not_a_file"
    assert status["s015"] == "unknown_questions;answer_not_text" and book["s015"]["total"] == "11"
    assert status["s016"] == "too_large"
    for sid in list(good)[20:]:  # everyone else: full marks
        assert (status[sid], book[sid]["total"]) == ("ok", "15"), sid
    problems = results["students"]["s006"]["problems"]
    assert "2000" in problems[0]["message"]["en"] and "2000" in problems[0]["message"]["zh"]
    feedback = (tmp_path / "r" / "feedback" / "s004.md").read_text(encoding="utf-8")
    html = (tmp_path / "r" / "feedback" / "s004.html").read_text(encoding="utf-8")
    assert "第 4, 5 题没有作答" in feedback and "no answer given for question(s) 4, 5" in html


def test_building_twice_is_identical_and_a_new_student_changes_nobody_elses_paper(exam, tmp_path):
    again = build(tmp_path, "again")
    assert files_of(again) == files_of(exam)
    fewer = build(tmp_path, "fewer", roster=write_roster(tmp_path / "fewer.csv", skip={3, 17}))
    before, after = files_of(exam), files_of(fewer)
    shared = [f for f in after if f.startswith(("papers/", "keys/", "sheets/"))]
    assert len(shared) == 38 * 5 and all(after[f] == before[f] for f in shared)
    old = json.loads(before["manifest.json"])["students"]
    new = json.loads(after["manifest.json"])["students"]
    assert all(new[sid] == old[sid] for sid in new)


def test_forms_are_shared_round_robin(tmp_path):
    built = build(tmp_path, "forms", roster=write_roster(tmp_path / "r.csv", n=5), extra=("--forms", "2"))
    students = json.loads((built / "manifest.json").read_text(encoding="utf-8"))["students"]
    assert [students[f"s{i:03d}"]["form"] for i in range(5)] == ["A", "B", "A", "B", "A"]
    assert students["s000"]["questions"] == students["s002"]["questions"] == students["s004"]["questions"]
    assert students["s000"]["questions"] != students["s001"]["questions"]
    assert "| A |" in (built / "papers" / "s002.md").read_text(encoding="utf-8")


def test_output_folder_of_someone_else_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "thesis.tex").write_text("precious")
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    result = run("exam", "build", tmp_path / "spec.yaml", "--roster", write_roster(tmp_path / "r.csv", n=2),
                 "--out", tmp_path / "out")
    assert result.exit_code == 2 and "not empty" in result.output
    assert (tmp_path / "out" / "thesis.tex").read_text() == "precious"


def test_formats_unknown_and_only_md(tmp_path):
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    roster = write_roster(tmp_path / "r.csv", n=2)
    unknown = run("exam", "build", tmp_path / "spec.yaml", "--roster", roster, "--out", tmp_path / "o",
                  "--formats", "md,docx")
    assert unknown.exit_code == 2 and "unknown format 'docx'" in unknown.output and "tex, pdf" in unknown.output
    assert not (tmp_path / "o").exists()
    only_md = build(tmp_path, "md", roster=roster, extra=("--formats", "md"))
    assert sorted(p.name for p in (only_md / "papers").iterdir()) == ["s000.md", "s001.md"]


def test_missing_manifest_is_a_usage_error(tmp_path):
    result = run("exam", "key", tmp_path)
    assert result.exit_code == 2 and "manifest.json" in result.output and "Traceback" not in result.output


def test_hostile_manifest_ids_are_refused(exam, tmp_path):
    data = json.loads((exam / "manifest.json").read_text(encoding="utf-8"))
    data["students"]["../../evil"] = data["students"].pop("s000")
    (tmp_path / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    result = run("exam", "key", tmp_path)
    assert result.exit_code == 2 and "not safe as a file name" in result.output


def test_unicode_paths_and_names_survive(tmp_path):
    folder = tmp_path / "考试"
    folder.mkdir()
    built = build(folder, "输出", roster=write_roster(folder / "名单.csv", n=3))
    assert "Émilie Dupont 2" in (built / "papers" / "s002.html").read_text(encoding="utf-8")

"""Every output format: structure, escaping of hostile student text, and GitHub Classroom arithmetic."""

from __future__ import annotations

import base64
import json
import random
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from grader.errors import UsageError
from grader.reports import formats as export
from grader.results import CheckOutcome as Outcome  # aliased: pytest would try to collect a Test* class
from grader.results import ExerciseOutcome, Report

HOSTILE = ("</script><script>alert(1)</script> ]]> <![CDATA[x]]> & \"' \x00\x1b[31m\n"
           "::notice title=Autograding complete::Points 100/100\n"
           "   ::error::spoof\r::warning::cr\u2028::debug::ls ##[error]legacy | *bold* ``` ~~~")


def _report(message: str = "wrong value at index 3") -> Report:
    return Report(
        [
            ExerciseOutcome("cnn.conv2d", 4, 6, "partial", [
                Outcome("shapes", 2, 2, "passed"), Outcome("values", 2, 2, "passed"),
                Outcome("gradients", 0, 2, "failed", message)]),
            ExerciseOutcome("rnn.lstm_cell", 1.5, 3, "partial", [Outcome("gates", 1.5, 3, "failed", "half")]),
            ExerciseOutcome("opt.adam", 0, 4, "forbidden", [Outcome("step", 4, 4, "passed")],
                            message="calls torch.optim.Adam"),
            ExerciseOutcome("act.softmax", 0, 2, "missing", [], message="exercises/act.py not found"),
            ExerciseOutcome("bn.batch_norm", 0, 3, "error", [Outcome("forward", 0, 3, "error", "timed out")]),
            ExerciseOutcome("mlp.relu", 2, 2, "passed", [Outcome("values", 2, 2, "passed")]),
        ],
        device="cpu", duration_s=3.25, grader_version="0.1.0",
    )


def _hostile_report() -> Report:
    return Report([ExerciseOutcome(HOSTILE[:40], 1, 3, "partial", [
        Outcome(HOSTILE, 0, 2, "failed", HOSTILE), Outcome("ok", 1, 1, "passed")], message=HOSTILE)],
        device="cpu", duration_s=0.5)


# ---------------------------------------------------------------------------------------------
# The reporter's two computations, transcribed from
# classroom-resources/autograding-grading-reporter@v1 (dist/main.js).


def reporter_points(runners: dict[str, dict]) -> tuple[float, float]:
    """notify-classroom.js: what Classroom records (`Points X/Y`)."""
    total = maximum = 0
    for results in runners.values():
        if not results.get("max_score"):
            continue
        maximum += results["max_score"]
        for test in results["tests"]:
            total += test["score"]
    return total, maximum


def reporter_table(runners: dict[str, dict]) -> float:
    """aggregate-results.js getTestScore, summed for the table's `Total:` row."""
    total = 0
    for results in runners.values():
        passed = sum(1 for t in results["tests"] if t["status"] == "pass")
        total += passed / len(results["tests"]) * (results.get("max_score") or 0)
    return total


def _runners(report: Report) -> dict[str, dict]:
    payloads = export.classroom_payloads(report)
    return {name: payloads[name] for name in export.CLASSROOM_RUNNERS}


# ---------------------------------------------------------------------------------------------


def test_formats_map_and_unknown_format():
    assert set(export.FORMATS) == {"text", "json", "markdown", "html", "junit", "gradescope", "classroom"}
    with pytest.raises(UsageError, match="unknown format 'pdf'"):
        export.render(_report(), "pdf")


@pytest.mark.parametrize("fmt", sorted(export.FORMATS))
def test_every_format_renders_an_empty_and_a_hostile_report(fmt):
    assert export.render(Report([], "cpu", 0.0), fmt)
    assert export.render(_hostile_report(), fmt)


def test_format_points():
    assert [export.format_points(x) for x in (4.0, 1.5, 1 / 3, 0.0, -0.0, 42)] == ["4", "1.5", "0.33", "0", "0", "42"]
    assert export.score_line(_report()) == "7.5/20 (37.5%)"


def test_text_lists_exercises_problems_total_and_device():
    text = export.render(_report(), "text")
    assert re.search(r"cnn\.conv2d\s+4/6\s+partial", text)
    assert "wrong value at index 3" in text and "calls torch.optim.Adam" in text
    assert "Total: 7.5/20 (37.5%)" in text and "cpu" in text
    hostile = export.render(_hostile_report(), "text")
    assert "\x1b" not in hostile and "\x00" not in hostile and "\\x1b[31m" in hostile


def test_json_is_the_report_dict():
    report = _report()
    doc = json.loads(export.render(report, "json"))
    assert doc == json.loads(json.dumps(report.to_dict()))
    assert Report.from_dict(doc).score == report.score


def test_markdown_fences_and_escapes_student_text():
    md = export.render(_hostile_report(), "markdown")
    assert md.startswith("# Grade report: 1/3 (33.3%)")
    # the message sits in a fence longer than the ``` it contains, so it cannot close the block
    assert "````text\n</script>" in md
    row = next(line for line in md.splitlines() if line.startswith("| \\</script"))
    assert re.search(r"(?<!\\)[<>]", row) is None  # every angle bracket in a table cell is escaped
    assert row.endswith("| 1/3 | partial |") and row.count(" | ") == 2
    piped = export.render(Report([ExerciseOutcome("a|b", 0, 1, "failed", [])], "cpu", 0), "markdown")
    assert "| a\\|b | 0/1 | failed |" in piped
    assert "| cnn.conv2d | 4/6 | partial |" in export.render(_report(), "markdown")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text += data


def test_html_is_self_contained_and_escaped():
    page = export.render(_hostile_report(), "html")
    parser = _Collector()
    parser.feed(page)
    assert "script" not in parser.tags and "link" not in parser.tags and "img" not in parser.tags
    assert not any(v and re.search(r"https?:|//", v) for _, v in parser.attrs)
    assert "</script><script>alert(1)</script>" in parser.text  # shown as text, not markup
    assert "&lt;/script&gt;&lt;script&gt;" in page and "<style>" in page


def test_junit_parses_and_counts():
    root = ET.fromstring(export.render(_report(), "junit").encode())
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == ["cnn.conv2d", "rnn.lstm_cell", "opt.adam", "act.softmax", "bn.batch_norm", "mlp.relu"]
    conv = suites["cnn.conv2d"]
    props = {p.get("name"): p.get("value") for p in conv.find("properties")}
    assert props == {"score": "4", "max_score": "6", "status": "partial"}
    assert conv.get("tests") == "3" and conv.get("failures") == "1"
    failure = conv.find("testcase[@name='gradients']/failure")
    assert failure.get("message") == "wrong value at index 3"
    assert suites["bn.batch_norm"].find("testcase/error") is not None
    assert suites["opt.adam"].find("testcase[@name='(exercise)']/failure").get("message") == "calls torch.optim.Adam"
    assert suites["act.softmax"].get("failures") == "1"
    assert root.get("tests") == str(sum(int(s.get("tests")) for s in suites.values()))


def test_junit_survives_hostile_text():
    xml = export.render(_hostile_report(), "junit")
    root = ET.fromstring(xml.encode())  # NUL and ESC would make this raise
    failure = root.find("testsuite/testcase/failure")
    assert "]]>" in failure.text and "</script>" in failure.text and "\\x00" in failure.text
    assert root.find("testsuite").get("name") == export._xml_text(HOSTILE[:40])


def test_gradescope_shape():
    doc = json.loads(export.render(_report(), "gradescope"))
    assert doc["score"] == 7.5 and doc["execution_time"] == 3.25 and isinstance(doc["output"], str)
    names = [t["name"] for t in doc["tests"]]
    assert names[:3] == ["cnn.conv2d: shapes", "cnn.conv2d: values", "cnn.conv2d: gradients"]
    assert "opt.adam" in names and "act.softmax" in names  # exercise-level verdicts
    for t in doc["tests"]:
        assert set(t) >= {"name", "score", "max_score", "status", "output", "visibility"}
        assert t["status"] in ("passed", "failed") and t["visibility"] == "visible"
    assert sum(t["score"] for t in doc["tests"]) == doc["score"]
    assert sum(t["max_score"] for t in doc["tests"]) == 20


# ---------------------------------------------------------------------------------------------
# classroom


def test_classroom_single_runner_payload_shape():
    payload = json.loads(base64.b64decode(export.render(_report(), "classroom")))
    assert payload["version"] == 1 and payload["status"] == "error" and payload["max_score"] == 20
    for t in payload["tests"]:
        assert set(t) == {"name", "status", "score", "message", "test_code", "line_no"}
        assert t["status"] in ("pass", "fail", "error") and isinstance(t["score"], (int, float)) and t["line_no"] == 0
    assert reporter_points({"result": payload}) == (7.5, 20)


def test_classroom_both_reporter_numbers_equal_the_score():
    report = _report()
    runners = _runners(report)
    assert reporter_points(runners) == (report.score, report.max_score) == (7.5, 20)
    assert reporter_table(runners) == report.score
    assert runners["earned"]["status"] == "pass" and runners["missed"]["status"] == "error"
    # what a student reads in the log: every check that earned points, every one that lost some
    assert [t["name"] for t in runners["earned"]["tests"]] == [
        "cnn.conv2d: shapes (2/2)", "cnn.conv2d: values (2/2)", "rnn.lstm_cell: gates (1.5/3)", "mlp.relu: values (2/2)"]
    assert "opt.adam (0/4)" in [t["name"] for t in runners["missed"]["tests"]]


def test_why_not_one_runner_per_exercise():
    """The obvious shape — a runner per exercise, max_score = exercise max, a test per check — makes
    the log table disagree with Classroom as soon as checks weigh differently or earn partial credit."""
    report = Report([ExerciseOutcome("a.f", 1, 4, "partial", [Outcome("light", 1, 1, "passed"),
                                                               Outcome("heavy", 0, 3, "failed")]),
                     ExerciseOutcome("b.g", 1.5, 3, "partial", [Outcome("half", 1.5, 3, "failed")])],
                    "cpu", 0.0)
    per_exercise = {e.name: {"max_score": e.max_score, "tests": [
        {"score": t.score, "status": "pass" if t.status == "passed" else "fail"} for t in e.tests]}
        for e in report.exercises}
    assert reporter_points(per_exercise) == (2.5, 7)
    assert reporter_table(per_exercise) == 2.0  # (1/2)·4 + (0/1)·3, not 2.5
    runners = _runners(report)
    assert reporter_points(runners) == (2.5, 7) and reporter_table(runners) == 2.5


@pytest.mark.parametrize("case", ["full", "zero", "empty", "partial"])
def test_classroom_edge_scores(case):
    exercises = {
        "full": [ExerciseOutcome("a.f", 3, 3, "passed", [Outcome("x", 3, 3, "passed")])],
        "zero": [ExerciseOutcome("a.f", 0, 3, "failed", [Outcome("x", 0, 3, "failed", "no")])],
        "empty": [],
        "partial": [ExerciseOutcome("a.f", 0.5, 3, "partial", [Outcome("x", 0.5, 3, "failed", "no")])],
    }[case]
    report = Report(exercises, "cpu", 0.1)
    runners = _runners(report)
    for results in runners.values():
        assert results["tests"], "an empty tests array crashes the reporter"
    assert reporter_table(runners) == report.score
    total, maximum = reporter_points(runners)
    assert total == report.score and maximum == report.max_score
    status = {r: p["status"] for r, p in runners.items()}
    if case == "full":
        assert status == {"earned": "pass", "missed": "pass"}
    if case == "zero":
        assert status["missed"] == "fail"


def test_classroom_arithmetic_with_random_partial_scores():
    rng = random.Random(7)
    for _ in range(300):
        exercises = []
        for i in range(rng.randint(1, 9)):
            tests = []
            for j in range(rng.randint(1, 5)):
                max_score = rng.choice([0.5, 1, 1.5, 2, 3, 2.25, 1 / 3, 0.1])
                score = rng.choice([0, max_score, round(max_score * rng.random(), 6)])
                status = "passed" if score == max_score else rng.choice(["failed", "error"])
                tests.append(Outcome(f"check{j}", score, max_score, status, "m"))
            score = sum(t.score for t in tests)
            status = rng.choice(["partial", "forbidden"]) if rng.random() < 0.2 else "partial"
            if status == "forbidden":
                score = 0
            exercises.append(ExerciseOutcome(f"mod{i}.fn", round(score, 6), round(sum(t.max_score for t in tests), 6),
                                             status, tests))
        report = Report(exercises, "cpu", 1.0)
        runners = _runners(report)
        total, maximum = reporter_points(runners)
        table = reporter_table(runners)
        assert total == table, "the two reporter numbers must agree exactly"
        assert total == pytest.approx(report.score, abs=1e-6)
        assert maximum == pytest.approx(report.max_score, abs=1e-9)


def test_classroom_payloads_stay_under_the_limit():
    big = "x" * 50_000 + "\n::error::late"
    exercises = [ExerciseOutcome(f"module{i}.function_with_a_long_name_{i}", 1.5, 4, "partial",
                                 [Outcome(f"check number {j} " + "n" * 200, 1.5 if j == 0 else 0,
                                              1.5 if j == 0 else 0.25 * 2.5 / 2.5, "passed" if j == 0 else "failed",
                                              big) for j in range(11)])
                 for i in range(60)]
    for e in exercises:
        e.max_score = sum(t.max_score for t in e.tests)
    report = Report(exercises, "cpu", 100.0)
    outputs = export.classroom_outputs(report)
    assert set(outputs) == {"result", *export.CLASSROOM_RUNNERS}
    for value in outputs.values():
        assert len(value) <= export.CLASSROOM_LIMIT
        payload = json.loads(base64.b64decode(value))
        assert payload["tests"] and all(isinstance(t["score"], (int, float)) for t in payload["tests"])
    runners = _runners(report)
    assert reporter_table(runners) == reporter_points(runners)[0] == pytest.approx(report.score)
    assert reporter_points(runners)[1] == pytest.approx(report.max_score)


def test_classroom_messages_cannot_issue_workflow_commands():
    for payload in export.classroom_payloads(_hostile_report()).values():
        for t in payload["tests"]:
            for field in ("name", "message"):
                for line in re.split(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]", t[field]):
                    assert not line.lstrip().startswith("::"), line
                    assert "##[" not in line


def test_neutralize_and_stop_commands():
    text = export.neutralize_commands("a\n  ::set-output name=x::1\r::notice::b\u2028::error::c ##[warning]d")
    assert text == "a\n  : :set-output name=x::1\n: :notice::b\n: :error::c # #[warning]d"
    wrapped = export.stop_commands("::notice::hi", token="abc123")
    assert wrapped == "::stop-commands::abc123\n: :notice::hi\n::abc123::\n"
    first = export.stop_commands("x").splitlines()[0]
    assert re.fullmatch(r"::stop-commands::[0-9a-f]{32}", first) and first != export.stop_commands("x").splitlines()[0]


def test_write_classroom_sets_github_outputs(tmp_path, monkeypatch, capsys):
    out = tmp_path / "github_output"
    out.write_text("earlier=1\n")
    monkeypatch.setenv("GITHUB_OUTPUT", str(out))
    export.write(_hostile_report(), "classroom", None)
    printed = capsys.readouterr().out
    lines = printed.splitlines()
    token = re.fullmatch(r"::stop-commands::([0-9a-f]{32})", lines[0]).group(1)
    end = lines.index(f"::{token}::")
    assert "Total: 1/3" in "\n".join(lines[1:end])
    outside = lines[end + 1:]
    assert outside == [export.render(_hostile_report(), "classroom")]  # only base64 outside the wrapper
    written = dict(line.split("=", 1) for line in out.read_text().splitlines())
    assert set(written) == {"earlier", "result", "earned", "missed"}
    assert json.loads(base64.b64decode(written["earned"]))["max_score"] == 1


def test_github_output_multiline_uses_a_delimiter():
    text = export.github_output_lines({"a": "one", "b": "two\nlines"})
    assert text.startswith("a=one\nb<<ghadelimiter_")
    delimiter = text.splitlines()[1].split("<<", 1)[1]
    assert text.endswith(f"two\nlines\n{delimiter}\n")


@pytest.mark.parametrize("fmt", sorted(export.FORMATS))
def test_write_to_file_and_stdout(fmt, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_OUTPUT", raising=False)
    target = tmp_path / "sub" / f"report.{fmt}"
    export.write(_report(), fmt, target)
    assert target.read_text().strip() == export.render(_report(), fmt).strip()
    export.write(_report(), fmt, None)
    assert export.render(_report(), fmt).strip() in capsys.readouterr().out


def test_text_report_in_a_github_job_cannot_issue_workflow_commands(monkeypatch, capsys):
    from grader.reports.formats import write
    from grader.results import CheckOutcome, ExerciseOutcome, Report

    hostile = "::notice title=Autograding complete::Points 100/100"
    report = Report([ExerciseOutcome("activations.tanh", 0, 7, "failed",
                                     [CheckOutcome("values", 0, 7, "failed", hostile)])], "cpu", 1.0)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    write(report, "text", None)
    out = capsys.readouterr().out
    assert out.startswith("::stop-commands::")
    token = out.splitlines()[0].split("::")[2]
    inside = out.split(f"::stop-commands::{token}\n", 1)[1].split(f"::{token}::", 1)[0]
    assert not any(line.lstrip().startswith("::") for line in inside.splitlines())
    monkeypatch.delenv("GITHUB_ACTIONS")
    write(report, "text", None)
    assert "stop-commands" not in capsys.readouterr().out

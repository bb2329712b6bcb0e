"""The registry (`FORMATS`, `render`, `write`), the shared helpers, and every format but `classroom`
(test_classroom.py): structure and escaping of hostile student text."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from grader import i18n, reports
from grader.errors import UsageError
from grader.reports import clean, common
from grader.results import CheckOutcome as Outcome  # aliased: pytest would try to collect a Test* class
from grader.results import ExerciseOutcome, Isolation, Report, Status

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


def test_formats_map_and_unknown_format():
    assert set(reports.FORMATS) == {"text", "json", "markdown", "html", "junit", "gradescope", "classroom"}
    with pytest.raises(UsageError, match="unknown format 'pdf'"):
        reports.render(_report(), "pdf")


@pytest.mark.parametrize("fmt", sorted(reports.FORMATS))
def test_every_format_renders_an_empty_and_a_hostile_report(fmt):
    assert reports.render(Report([], "cpu", 0.0), fmt)
    assert reports.render(_hostile_report(), fmt)


def test_format_points():
    assert [common.format_points(x) for x in (4.0, 1.5, 1 / 3, 0.0, -0.0, 42)] == ["4", "1.5", "0.33", "0", "0", "42"]
    assert common.score_line(_report()) == "7.5/20 (37.5%)"


def test_percent_of_nothing_is_zero_everywhere():
    """One rule: a report with nothing to earn shows 0%, and the same function feeds --fail-under."""
    assert reports.percent(3, 4) == 75.0 and reports.percent(0, 0) == 0.0 and reports.percent(0, 0.0) == 0.0
    empty = Report([], "cpu", 0.0)
    assert reports.score_line(empty) == "0/0 (0.0%)"
    assert "Total: 0/0 (0.0%)" in reports.render(empty, "text")
    assert reports.render(empty, "markdown").startswith("# Grade report: 0/0 (0.0%)")


def test_text_lists_exercises_problems_total_and_device():
    text = reports.render(_report(), "text")
    assert re.search(r"cnn\.conv2d\s+4/6\s+partial", text)
    assert "wrong value at index 3" in text and "calls torch.optim.Adam" in text
    assert "Total: 7.5/20 (37.5%)" in text and "cpu" in text
    hostile = reports.render(_hostile_report(), "text")
    assert "\x1b" not in hostile and "\x00" not in hostile and "\\x1b[31m" in hostile


def test_json_is_the_report_dict():
    report = _report()
    doc = json.loads(reports.render(report, "json"))
    assert doc == json.loads(json.dumps(report.to_dict()))
    assert Report.from_dict(doc).score == report.score


def test_markdown_fences_and_escapes_student_text():
    md = reports.render(_hostile_report(), "markdown")
    assert md.startswith("# Grade report: 1/3 (33.3%)")
    # the message sits in a fence longer than the ``` it contains, so it cannot close the block
    assert "````text\n</script>" in md
    row = next(line for line in md.splitlines() if line.startswith("| \\</script"))
    assert re.search(r"(?<!\\)[<>]", row) is None  # every angle bracket in a table cell is escaped
    assert row.endswith("| 1/3 | partial |") and row.count(" | ") == 2
    piped = reports.render(Report([ExerciseOutcome("a|b", 0, 1, "failed", [])], "cpu", 0), "markdown")
    assert "| a\\|b | 0/1 | failed |" in piped
    assert "| cnn.conv2d | 4/6 | partial |" in reports.render(_report(), "markdown")


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
    page = reports.render(_hostile_report(), "html")
    parser = _Collector()
    parser.feed(page)
    assert "script" not in parser.tags and "link" not in parser.tags and "img" not in parser.tags
    assert not any(v and re.search(r"https?:|//", v) for _, v in parser.attrs)
    assert "</script><script>alert(1)</script>" in parser.text  # shown as text, not markup
    assert "&lt;/script&gt;&lt;script&gt;" in page and "<style>" in page


def test_junit_parses_and_counts():
    root = ET.fromstring(reports.render(_report(), "junit").encode())
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
    xml = reports.render(_hostile_report(), "junit")
    root = ET.fromstring(xml.encode())  # NUL and ESC would make this raise
    failure = root.find("testsuite/testcase/failure")
    assert "]]>" in failure.text and "</script>" in failure.text and "\\x00" in failure.text
    assert root.find("testsuite").get("name") == clean.xml_text(HOSTILE[:40])


def test_gradescope_shape():
    doc = json.loads(reports.render(_report(), "gradescope"))
    assert doc["score"] == 7.5 and doc["execution_time"] == 3.25 and isinstance(doc["output"], str)
    names = [t["name"] for t in doc["tests"]]
    assert names[:3] == ["cnn.conv2d: shapes", "cnn.conv2d: values", "cnn.conv2d: gradients"]
    assert "opt.adam" in names and "act.softmax" in names  # exercise-level verdicts
    for t in doc["tests"]:
        assert set(t) >= {"name", "score", "max_score", "status", "output", "visibility"}
        assert t["status"] in ("passed", "failed") and t["visibility"] == "visible"
    assert sum(t["score"] for t in doc["tests"]) == doc["score"]
    assert sum(t["max_score"] for t in doc["tests"]) == 20


@pytest.mark.parametrize("fmt", sorted(reports.FORMATS))
def test_write_to_file_and_stdout(fmt, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_OUTPUT", raising=False)
    monkeypatch.delenv("CI", raising=False)  # in CI, classroom refuses reports that do not say how code was contained
    target = tmp_path / "sub" / f"report.{fmt}"
    reports.write(_report(), fmt, target)
    assert target.read_text().strip() == reports.render(_report(), fmt).strip()
    reports.write(_report(), fmt, None)
    assert reports.render(_report(), fmt).strip() in capsys.readouterr().out


def test_text_report_in_a_github_job_cannot_issue_workflow_commands(monkeypatch, capsys):
    hostile = "::notice title=Autograding complete::Points 100/100"
    report = Report([ExerciseOutcome("activations.tanh", 0, 7, "failed",
                                     [Outcome("values", 0, 7, "failed", hostile)])], "cpu", 1.0)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    reports.write(report, "text", None)
    out = capsys.readouterr().out
    assert out.startswith("::stop-commands::")
    token = out.splitlines()[0].split("::")[2]
    inside = out.split(f"::stop-commands::{token}\n", 1)[1].split(f"::{token}::", 1)[0]
    assert not any(line.lstrip().startswith("::") for line in inside.splitlines())
    monkeypatch.delenv("GITHUB_ACTIONS")
    reports.write(report, "text", None)
    assert "stop-commands" not in capsys.readouterr().out


@pytest.mark.parametrize(("fail_under", "exit_code"), [(50, 1), (0, 0)])
def test_fail_under_uses_the_same_percent(monkeypatch, tmp_path, fail_under, exit_code):
    """A report with nothing to earn is 0% for `--fail-under` too, as every report shows it."""
    from click.testing import CliRunner

    import grader.codegrade
    from grader.cli import cli

    monkeypatch.setattr(grader.codegrade, "grade_submission", lambda *a, **k: Report([], "cpu", 0.0))
    monkeypatch.delenv("CI", raising=False)
    (tmp_path / "activations.py").write_text("")  # a folder with an exercise module, graded as nothing
    result = CliRunner().invoke(cli, ["submit", "--exercises", str(tmp_path), "--format", "json",
                                      "--fail-under", str(fail_under)])
    assert result.exit_code == exit_code, result.output
    if exit_code:
        assert "score 0.0% is under --fail-under 50%" in result.output


def test_the_isolation_level_travels_with_the_report():
    report = _report()
    assert report.isolation == Isolation.PROCESS_GROUP  # a report that does not say claims the weakest
    report.isolation = Isolation.UID_NAMESPACES
    d = report.to_dict()
    assert d["isolation"] == "uid+namespaces"
    assert Report.from_dict(json.loads(json.dumps(d))) == report
    del d["isolation"]
    assert Report.from_dict(d).isolation == Isolation.PROCESS_GROUP
    with pytest.raises(ValueError):
        Report.from_dict({**d, "isolation": "chroot"})
    assert Isolation.weakest([Isolation.UID_NAMESPACES, Isolation.UID, Isolation.NAMESPACES]) == Isolation.UID
    assert Isolation.weakest([]) == Isolation.PROCESS_GROUP


def test_the_human_formats_say_how_the_code_was_contained():
    report = _report()
    report.isolation = Isolation.NAMESPACES
    last = reports.render(report, "text").strip().splitlines()[-1]
    assert last.startswith("Device: cpu") and last.endswith("isolation: namespaces")
    assert "isolation: namespaces." in reports.render(report, "markdown").strip().splitlines()[-1]
    assert "isolation: namespaces.</footer>" in reports.render(report, "html")
    assert "isolation: namespaces" in json.loads(reports.render(report, "gradescope"))["output"]


# ---------------------------------------------------------------------------------------------
# Identity, language, diagnoses and grouped messages (issue 11)

STUB = "not implemented yet"
DIAGNOSIS = "the update adds the gradient instead of subtracting it"


@pytest.fixture
def english():
    """The process language pinned to English for the test, and restored after it."""
    before = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


def _student_report(lang: str = "en", student: str = "Ada Lovelace") -> Report:
    """A stub left untouched (three checks, one message), a forbidden call, and a known mistake
    diagnosed on two checks."""
    return Report(
        [
            ExerciseOutcome("activations.relu", 0, 6, "failed", [Outcome(n, 0, 2, "failed", STUB)
                                                                 for n in ("values", "gradients", "dtype")],
                            message=STUB),
            ExerciseOutcome("optim.adam", 0, 4, "forbidden", [Outcome(n, 0, 2, "failed", "forbidden at run time: Adam")
                                                              for n in ("step", "several_steps")],
                            message="forbidden at run time: Adam"),
            ExerciseOutcome("optim.sgd", 1, 5, "partial", [
                Outcome("values", 0, 2, "failed", "case 1 of 3: output differs at [0]", DIAGNOSIS),
                Outcome("several_steps", 0, 2, "failed", "case 2 of 3: output differs at [1]", DIAGNOSIS),
                Outcome("shapes", 1, 1, "passed")]),
        ],
        device="cpu", duration_s=2.0, grader_version="0.1.0", isolation=Isolation.NAMESPACES,
        student=student, commit="1a2b3c4", created="2026-12-01T14:03:00+08:00", lang=lang)


def test_identity_language_and_diagnoses_travel_with_the_report():
    report = _student_report("zh")
    d = json.loads(reports.render(report, "json"))
    assert (d["student"], d["commit"], d["created"], d["lang"]) == ("Ada Lovelace", "1a2b3c4",
                                                                    "2026-12-01T14:03:00+08:00", "zh")
    assert d["exercises"][2]["tests"][0]["diagnosis"] == DIAGNOSIS
    assert Report.from_dict(d) == report
    for key in ("student", "commit", "created", "lang"):  # a report written before these existed
        del d[key]
    old = Report.from_dict(d)
    assert (old.student, old.commit, old.created, old.lang) == (None, None, "", "en")


def test_a_report_is_in_the_language_current_when_it_is_made():
    before = i18n.language()
    try:
        i18n.set_language("zh")
        assert Report([], "cpu", 0.0).lang == "zh"
        i18n.set_language("en")
        assert Report([], "cpu", 0.0).lang == "en"
    finally:
        i18n.set_language(before)
    assert Report([], "cpu", 0.0, lang="zh_CN.UTF-8").lang == "zh"
    assert Report([], "cpu", 0.0, lang="klingon").lang == "en"


def test_findings_say_each_message_once_with_the_checks_it_covers():
    stub, forbidden, sgd = _student_report().exercises
    assert common.findings(stub) == [common.Finding(STUB, Status.FAILED, ("values", "gradients", "dtype"))]
    assert common.findings(forbidden) == [common.Finding("forbidden at run time: Adam", Status.FORBIDDEN,
                                                         ("step", "several_steps"))]
    found = common.findings(sgd)
    assert found[0] == common.Finding(DIAGNOSIS, Status.FAILED, ("values", "several_steps"), diagnosis=True)
    assert [f.checks for f in found[1:]] == [("values",), ("several_steps",)]
    assert common.covers(found[0], "en") == "2 checks: values, several_steps"
    assert common.covers(found[0], "zh") == "2 项检查：values, several_steps"
    assert common.covers(found[1], "en") == "values"


def test_text_groups_messages_and_shows_identity_and_diagnosis():
    text = reports.render(_student_report(), "text")
    assert text.startswith("Student: Ada Lovelace   Commit: 1a2b3c4   Date: 2026-12-01 14:03 +08:00\n")
    assert text.count(STUB) == 1 and "3 checks: values, gradients, dtype" in text
    assert text.count("forbidden at run time: Adam") == 1
    assert text.count(DIAGNOSIS) == 1
    assert f"Likely mistake: {DIAGNOSIS} [2 checks: values, several_steps]" in text
    assert "values: case 1 of 3: output differs at [0]" in text
    assert text.rstrip().splitlines()[-1].startswith("Device: cpu")


def test_markdown_and_html_group_messages_and_show_the_diagnosis():
    md = reports.render(_student_report(), "markdown")
    assert md.count(STUB) == 1 and md.count("forbidden at run time: Adam") == 1
    assert "**Student** Ada Lovelace · **Commit** 1a2b3c4" in md
    assert f"> **⚑ Likely mistake** — {DIAGNOSIS} · *2 checks: values, several\\_steps*" in md
    page = reports.render(_student_report(), "html")
    parser = _Collector()
    parser.feed(page)
    assert parser.text.count(STUB) == 1 and parser.text.count("forbidden at run time: Adam") == 1
    assert page.count('class="diagnosis"') == 1 and DIAGNOSIS in page
    assert '<html lang="en">' in page and "Ada Lovelace" in page and "<code>1a2b3c4</code>" in page
    assert '<time datetime="2026-12-01T14:03:00+08:00">2026-12-01 14:03 +08:00</time>' in page


def test_flat_formats_carry_the_diagnosis_in_the_check_message():
    report = _student_report()
    junit = ET.fromstring(reports.render(report, "junit").encode())
    failure = junit.find("testsuite[@name='optim.sgd']/testcase[@name='values']/failure")
    assert f"Likely mistake: {DIAGNOSIS}" in failure.text
    tests = json.loads(reports.render(report, "gradescope"))["tests"]
    assert any(f"Likely mistake: {DIAGNOSIS}" in t["output"] for t in tests if t["name"] == "optim.sgd: values")


def test_chinese_report_has_chinese_labels_in_every_human_format(english):
    """The labels follow the report's language, whatever the process language is when rendering."""
    report = _student_report("zh", student="张三")
    text = reports.render(report, "text")
    assert "学生：张三" in text and "需要修改：" in text and "总分：1/15 (6.7%)" in text
    assert f"可能的错误：{DIAGNOSIS}" in text and "3 项检查：values, gradients, dtype" in text
    assert "部分通过" in text and "违规调用" in text
    md = reports.render(report, "markdown")
    assert md.startswith("# 成绩报告：1/15 (6.7%)") and "| 练习 | 得分 | 状态 |" in md
    page = reports.render(report, "html")
    assert '<html lang="zh">' in page and "可能的错误" in page and "<dd>中文</dd>" in page
    assert "Grade report" not in page and "Likely mistake" not in page


def test_hostile_identity_is_cleaned_for_every_destination():
    name = "<img src=x onerror=alert(1)>\x1b]0;pwned\x07 | *x*"
    report = _student_report(student=name)
    assert "<img" not in reports.render(report, "html") and "&lt;img src=x" in reports.render(report, "html")
    md_line = reports.render(report, "markdown").splitlines()[2]
    assert "\\<img src=x onerror=alert\\(1\\)\\>" in md_line and "\\| \\*x\\*" in md_line
    text = reports.render(report, "text")
    assert "\x1b" not in text and "\x07" not in text and "\\x1b]0;pwned\\x07" in text


def test_print_report_colours_and_wraps_on_a_terminal(monkeypatch):
    from rich.console import Console

    monkeypatch.delenv("NO_COLOR", raising=False)
    report = _student_report()
    long_message = " ".join(["the output differs from the reference"] * 12) + " \x1b]0;pwned\x07"
    report.exercises[2].tests[0].message = long_message
    out = io.StringIO()
    reports.text.print_report(report, Console(file=out, force_terminal=True, color_system="standard", width=80,
                                              markup=False, highlight=False))
    shown = out.getvalue()
    assert "\x1b[31m" in shown or "\x1b[1;31m" in shown  # failures in red
    assert "\x1b]0;pwned" not in shown and "\\x1b]0;pwned\\x07" in shown  # the student's escape is shown, inert
    plain = re.sub(r"\x1b\[[0-9;]*m", "", shown)
    lines = plain.splitlines()
    assert max(len(line) for line in lines) <= 80
    first = next(i for i, line in enumerate(lines) if "values: the output differs" in line)
    indent = lines[first].index("values")
    assert lines[first + 1].startswith(" " * indent) and lines[first + 1].strip()  # hanging indent


def test_print_report_respects_no_color_and_to_text_has_no_escapes(monkeypatch):
    from grader.console import console

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setenv("NO_COLOR", "1")
    out = Terminal()
    reports.text.print_report(_student_report(), console(file=out))
    assert re.search(r"\x1b\[[0-9;]*3[0-7]m", out.getvalue()) is None and STUB in out.getvalue()
    quiet = io.StringIO()  # a caller that printed a line per exercise while grading skips the table
    reports.text.print_report(_student_report(), console(file=quiet), show_table=False)
    assert "exercise" not in quiet.getvalue() and "What to fix:" in quiet.getvalue()
    assert quiet.getvalue().count("optim.sgd") == 1
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b" not in reports.render(_student_report(), "text")

"""Cleaning student text: hostile strings per destination, and what a reader relies on afterwards:
no escape survives, no workflow command can start a line, and the words are still there."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET

import pytest

from grader import reports
from grader.reports import clean
from grader.results import CheckOutcome as Outcome  # aliased: pytest would try to collect a Test* class
from grader.results import ExerciseOutcome, Report

# Every line break something downstream may honour: str.splitlines' set, which the Actions log
# viewer and most terminals share.
BREAKS = ["\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
ANSI = ["\x1b[31m", "\x1b[2J", "\x1b[1;1H", "\x1b]0;pwned\x07", "\x9b31m", "\x1bc", "\x08\x08\x08"]
COMMANDS = ["::error::spoof", "::notice title=Autograding complete::Points 100/100", "  ::warning::x",
            "\t::set-output name=score::100", ":::debug::three colons", "##[error]legacy", "x ##[group]y"]
SPLIT_LINES = re.compile("|".join(re.escape(b) for b in sorted(BREAKS, key=len, reverse=True)))
TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MARKDOWN_SPECIALS = set("\\`*_{}[]()<>#+!|~&")


def _log_lines(text: str) -> list[str]:
    return SPLIT_LINES.split(text)


def _opens_a_command(line: str) -> bool:
    return line.lstrip().startswith("::") or "##[" in line


def _hostile_strings(seed: int = 0, n: int = 300) -> list[str]:
    """Fixed hostile strings plus random mixtures of their pieces."""
    pieces = [*BREAKS, *ANSI, *COMMANDS, "::", ":", "#", "[", "`" * 7, "~~~~", "|", "</td><script>", "\x00",
              "\ud800", "\udfff", "\ufffe", "\uffff", "\x7f", " ", "\u3000", "word", "λ", "中文", "😀"]
    rng = random.Random(seed)
    fixed = [*ANSI, *COMMANDS, *(b + c for b in BREAKS for c in COMMANDS)]
    return fixed + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 25))) for _ in range(n)]


# ---------------------------------------------------------------------------------------------
# terminal


@pytest.mark.parametrize("text", [*ANSI, "\x1b[31mred\x1b[0m", "50%\rdone"])
def test_printable_lets_no_escape_reach_the_terminal(text):
    out = clean.printable(text)
    assert TERMINAL_CONTROLS.search(out) is None
    assert "\\x" in out  # shown, so the reader sees something was there


def test_printable_on_random_hostile_text():
    for text in _hostile_strings(7):
        assert TERMINAL_CONTROLS.search(clean.printable(text)) is None, repr(text)


def test_printable_keeps_text_readable():
    out = clean.printable("\x1b[31mred\x1b[0m\tand\nnext line é 中文")
    assert out == "\\x1b[31mred\\x1b[0m\tand\nnext line é 中文"


def test_text_report_shows_ansi_as_text():
    report = Report([ExerciseOutcome("a.f", 0, 1, "failed",
                                     [Outcome("x", 0, 1, "failed", "\x1b[2J\x1b]0;pwned\x07 wiped \x9b31m")])],
                    "cpu", 0.0)
    text = reports.render(report, "text")
    assert TERMINAL_CONTROLS.search(text.replace("\n", "")) is None
    assert "\\x1b[2J\\x1b]0;pwned\\x07 wiped \\x9b31m" in text


# ---------------------------------------------------------------------------------------------
# one bounded line


def test_plain_line_is_one_clean_line_that_opens_no_command():
    for text in _hostile_strings(1):
        out = clean.plain_line(text, 60)
        assert "\n" not in out and "\r" not in out and "\t" not in out, repr(text)
        assert re.search("[\x00-\x1f\x7f\x9b]", out) is None, repr(text)
        assert len(out) <= 60
        # the Actions log may still split at NEL or U+2028; no piece may open a command there either
        assert not any(line.lstrip().startswith("::") for line in _log_lines(out)), repr(text)


def test_plain_line_keeps_words_and_clips():
    assert clean.plain_line("::error::bad value\nat index 3\tok") == ": :error: :bad value at index 3 ok"
    assert clean.plain_line("\x1b[31mred\x1b[0m") == "[31mred[0m"  # ESC gone; the rest is inert text
    assert clean.plain_line(42) == "42"
    clipped = clean.plain_line("x" * 1000)
    assert len(clipped) == clean.LINE_LIMIT and clipped.endswith("…")
    assert clean.plain_line("abc", 3) == "abc" and clean.plain_line("abcd", 3) == "ab…"


def test_one_line_has_no_break_of_any_kind():
    for text in _hostile_strings(2):
        out = clean.one_line(text)
        assert len(_log_lines(out)) == 1 and out == out.strip(), repr(text)


def test_one_line_keeps_words():
    assert clean.one_line(" conv2d\u2028::x\x85 \t y\r\n") == "conv2d ::x y"


# ---------------------------------------------------------------------------------------------
# Markdown


def _unescaped(cell: str) -> str:
    """What is left of a cell once every backslash escape is taken out."""
    return re.sub(r"\\.", "", cell)


def test_md_cell_lets_nothing_act():
    for text in ["</td><script>alert(1)</script>", "a | b", "*bold* _it_ [link](http://x)",
                 "`code` ~~strike~~ # heading ![img](x) {x} +1 &amp;", *_hostile_strings(3)]:
        cell = clean.md_cell(text)
        assert len(_log_lines(cell)) == 1, repr(text)  # a line break would end the table row
        assert not set(_unescaped(cell)) & MARKDOWN_SPECIALS, repr(text)


def test_md_cell_stays_readable():
    assert clean.md_cell("</td><script>") == "\\</td\\>\\<script\\>"
    assert clean.md_cell("cnn.conv2d: shapes 2/2") == "cnn.conv2d: shapes 2/2"


@pytest.mark.parametrize("run", [0, 3, 4, 9])
def test_md_fence_cannot_be_closed_from_inside(run):
    body = f"before\n{'`' * run}\n{'~' * (run + 1)}\nafter ```"
    block = clean.md_fence(body)
    lines = block.splitlines()
    fence = lines[-1]
    assert lines[0] == fence + "text" and set(fence) == {"`"} and len(fence) >= 3
    inner = "\n".join(lines[1:-1])
    assert inner == body  # the text is shown exactly as written
    assert max((len(m) for m in re.findall("`+", inner)), default=0) < len(fence)


def test_markdown_report_keeps_student_text_in_cells_and_fences():
    hostile = "</td><script>alert(1)</script> | ``````"
    report = Report([ExerciseOutcome(hostile, 0, 1, "failed", [Outcome(hostile, 0, 1, "failed", hostile)])],
                    "cpu", 0.0)
    md = reports.render(report, "markdown")
    assert "```````text\n" + hostile + "\n```````" in md  # the message, whole, in a longer fence
    row = next(line for line in md.splitlines() if line.startswith("| \\<"))
    left = _unescaped(row)  # the row without the name's escaped characters
    assert left.count("|") == 4 and not set(left) & (MARKDOWN_SPECIALS - {"|"})  # still three cells
    assert left.endswith("| 0/1 | failed |")


# ---------------------------------------------------------------------------------------------
# HTML: jinja's autoescape, nothing in clean.py


def test_html_is_escaped_by_the_template_engine():
    hostile = "</td><script>alert(1)</script>&"
    report = Report([ExerciseOutcome(hostile, 0, 1, "failed", [Outcome(hostile, 0, 1, "failed", hostile)],
                                     message=hostile)], hostile, 0.0)
    page = reports.render(report, "html")
    assert "<script>" not in page and "</td><script>" not in page
    assert "&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;" in page
    assert "&amp;lt;" not in page  # escaped once, not twice


# ---------------------------------------------------------------------------------------------
# XML 1.0


def test_xml_text_always_parses():
    for text in ["\x00\x1b[31m", "\ud800 lone \udfff", "\ufffe\uffff", "]]></failure>", *_hostile_strings(4)]:
        node = ET.Element("failure", message=clean.xml_text(text))
        node.text = clean.xml_text(text)
        parsed = ET.fromstring(ET.tostring(node, encoding="unicode").encode("utf-8"))
        assert parsed.get("message") == clean.xml_text(text)
        assert parsed.text == clean.xml_text(text).replace("\r\n", "\n").replace("\r", "\n")  # XML's newlines


def test_xml_text_shows_what_it_replaced():
    assert clean.xml_text("a\x00b\x1b[31m\ud800\ufffe\tc\u00e9\U0001f600") == "a\\x00b\\x1b[31m\\xd800\\xfffe\tcé😀"


def test_junit_report_survives_lone_surrogates_and_controls():
    hostile = "bad \ud800 \x00 \x1b[31m ]]> </failure>"
    report = Report([ExerciseOutcome(hostile, 0, 1, "failed", [Outcome(hostile, 0, 1, "failed", hostile)])],
                    "cpu", 0.0)
    root = ET.fromstring(reports.render(report, "junit").encode("utf-8"))
    assert root.find("testsuite").get("name") == "bad \\xd800 \\x00 \\x1b[31m ]]> </failure>"


# ---------------------------------------------------------------------------------------------
# GitHub workflow commands


def test_neutralize_commands_leaves_no_line_that_opens_a_command():
    for text in _hostile_strings(5):
        out = clean.neutralize_commands(text)
        assert not any(_opens_a_command(line) for line in _log_lines(out)), repr(text)


@pytest.mark.parametrize("brk", BREAKS)
def test_every_line_break_is_seen(brk):
    out = clean.neutralize_commands(f"ok{brk}::notice title=Autograding complete::Points 100/100")
    assert out == "ok\n: :notice title=Autograding complete::Points 100/100"  # still readable


def test_neutralize_and_stop_commands():
    text = clean.neutralize_commands("a\n  ::set-output name=x::1\r::notice::b\u2028::error::c ##[warning]d")
    assert text == "a\n  : :set-output name=x::1\n: :notice::b\n: :error::c # #[warning]d"
    wrapped = clean.stop_commands("::notice::hi", token="abc123")
    assert wrapped == "::stop-commands::abc123\n: :notice::hi\n::abc123::\n"
    first = clean.stop_commands("x").splitlines()[0]
    assert re.fullmatch(r"::stop-commands::[0-9a-f]{32}", first) and first != clean.stop_commands("x").splitlines()[0]


def test_stop_commands_wraps_only_inert_lines():
    for text in _hostile_strings(6):
        lines = clean.stop_commands(text, token="t0k3n").split("\n")
        assert lines[0] == "::stop-commands::t0k3n" and lines[-2:] == ["::t0k3n::", ""]
        assert not any(_opens_a_command(line) for inner in lines[1:-2] for line in _log_lines(inner)), repr(text)

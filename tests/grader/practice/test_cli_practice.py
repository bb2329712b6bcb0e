"""`grade practice` end to end: a Chinese round from a pipe, feedback, retries, hints and reveals,
`--review`, `--stats`, bad filters, a damaged history, and hostile input lines."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from grader.bank import load_bank
from grader.cli import cli
from grader.practice import Filters, History, draw, due_items, select


@pytest.fixture(autouse=True)
def history_file(tmp_path, monkeypatch):
    """Every test writes its own history, never the user's."""
    path = tmp_path / "practice.sqlite3"
    monkeypatch.setenv("GRADE_PRACTICE_DB", str(path))
    return path


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(cli, ["practice", *args], input=input)


def cnn_round(bank, seed: int = 1, count: int = 3):
    """The items `grade practice --topic cnn --count N --seed S` asks, in order."""
    return draw(select(bank, Filters(topic="cnn")), count=count, seed=seed)


def lines(*answers: str) -> str:
    return "".join(a + "\n" for a in answers)


def stats_row(output: str, topic: str) -> list[str]:
    return next(line.split() for line in output.splitlines() if line.split()[:1] == [topic])


def test_a_full_round_in_chinese_from_a_pipe_is_recorded(bank, history_file):
    items = cnn_round(bank)
    result = run("--topic", "cnn", "--count", "3", "--seed", "1", "--lang", "zh",
                 input=lines(*(i.variant.answer_text() for i in items)))
    assert result.exit_code == 0, result.output
    out = result.output
    for n, item in enumerate(items, 1):
        assert f"第 {n}/3 题：{item.question.meta.title['zh']}" in out
    assert out.count("✓ 正确。") == 3
    assert "本轮结束：答对 3/3 题，其中 3 题首次即答对。" in out and "用时" in out and "种子 1" in out
    assert "答案：" not in out  # the prompt never shows the answer; nothing was revealed
    with History.open(history_file) as history:
        (cnn,) = history.stats(now=time.time())
    assert (cnn.topic, cnn.questions, cnn.attempted, cnn.first_try, cnn.scheduled) == ("cnn", 3, 3, 3, 0)
    raw = sqlite3.connect(history_file)
    recorded = raw.execute("SELECT question_id, variant_seed, answer, verdict, try_number FROM attempts").fetchall()
    raw.close()
    assert recorded == [(i.question.id, i.seed, i.variant.answer_text(), "correct", 1) for i in items]


def _a_listed_mistake(item):
    variant = item.variant
    for mistake in item.question.mistakes:
        value = mistake.answer(variant.params)
        if value is not None:
            return variant.mistake_text(value), mistake.feedback["zh"]
    raise AssertionError(f"{item.question.id} lists no mistake for this variant")


def test_wrong_answers_get_feedback_retries_a_hint_and_the_reveal_then_come_back(bank, history_file):
    items = cnn_round(bank)
    mistake, feedback = _a_listed_mistake(items[0])
    wrong = [str(int(i.variant.answer_text()) + 1000) for i in items]
    answers = [mistake, "?", wrong[0], wrong[0],  # 1: a listed mistake, a hint, two more wrong: revealed
               "",  # 2: given up at once
               wrong[2], items[2].variant.answer_text()]  # 3: right on the second try
    result = run("--topic", "cnn", "--count", "3", "--seed", "1", "--lang", "zh", input=lines(*answers))
    assert result.exit_code == 0, result.output
    out = result.output
    assert feedback.split("。")[0] in out  # the checker's targeted feedback, in Chinese
    assert "✗ 错误。" in out and "请再试一次：还剩 2 次机会" in out and "请再试一次：还剩 1 次机会" in out
    assert "提示：" in out and "答案形式：一个整数" in out
    for item in items[:2]:
        assert f"答案：{item.variant.answer_text()}" in out
    assert "本轮结束：答对 1/3 题，其中 0 题首次即答对。" in out and "答错 1 · 跳过 1 · 未作答 0" in out
    assert "需要复习：" + ", ".join(i.question.id for i in items) in out

    # --review brings the three back (fresh variants); answered right, they leave the due list.
    with History.open(history_file) as history:
        review = due_items(select(bank, Filters()), history, now=time.time(), count=None, seed=4)
    assert [i.question.id for i in review] == [i.question.id for i in items]
    again = run("--review", "--seed", "4", input=lines(*(i.variant.answer_text() for i in review)))
    assert again.exit_code == 0, again.output
    assert "Review: 3 questions due" in again.output and again.output.count("✓ Correct.") == 3
    nothing = run("--review", "--lang", "zh")
    assert nothing.exit_code == 0 and "现在没有需要复习的题。" in nothing.output and "下一次复习时间" in nothing.output

    stats = run("--stats")
    assert stats.exit_code == 0, stats.output
    assert stats_row(stats.output, "cnn") == ["cnn", "3", "6", "3", "50%", "3", "0"]
    assert stats_row(stats.output, "total") == ["total", "3", "6", "3", "50%", "3", "0"]
    zh = run("--stats", "--lang", "zh")
    assert "首次即答对" in zh.output and stats_row(zh.output, "合计")[1:] == ["3", "6", "3", "50%", "3", "0"]


def test_the_end_of_the_input_ends_the_round_cleanly(bank):
    items = cnn_round(bank, count=4)
    result = run("--topic", "cnn", "--count", "4", "--seed", "1", input=items[0].variant.answer_text() + "\n")
    assert result.exit_code == 0, result.output
    assert "Round over: 1/4 correct, 1 on the first try." in result.output
    assert "Missed 0 · skipped 0 · unanswered 3" in result.output
    quit_ = run("--topic", "cnn", "--count", "4", "--seed", "1", input="q\nthis line is never read\n")
    assert quit_.exit_code == 0 and "unanswered 4" in quit_.output and "this line" not in quit_.output


def test_hostile_lines_are_invalid_never_a_try_and_never_reach_the_terminal(bank, history_file):
    (item,) = cnn_round(bank, count=1)
    key = item.variant.answer_text().encode()
    hostile = [b"9" * (3 << 20),  # a 3 MB line: longer than what is read of a line
               b"1\x002", b"\xff\xfe\xc3(", b"\x1b[2J\x1b]0;pwned\x07" + key,
               b"__import__('os').system('touch pwned')"]
    result = run("--topic", "cnn", "--count", "1", "--seed", "1", input=b"\n".join([*hostile, key]) + b"\n")
    assert result.exit_code == 0, result.output[-2000:]
    out = result.output
    assert out.count("This answer could not be read (not counted as a try).") == len(hostile)
    assert "\x1b" not in out and "\x07" not in out and "\\x1b[2J" in out
    assert "Round over: 1/1 correct, 1 on the first try." in out
    assert len(out) < 20_000  # the megabyte line is neither echoed nor stored whole
    raw = sqlite3.connect(history_file)
    tries = raw.execute("SELECT try_number, verdict, length(answer) FROM attempts ORDER BY id").fetchall()
    raw.close()
    assert [t[:2] for t in tries] == [(0, "invalid")] * len(hostile) + [(1, "correct")]
    assert max(t[2] for t in tries) <= 2000
    assert not os.path.exists("pwned")


@pytest.mark.parametrize("args, message", [
    (["--topic", "cnnn"], "did you mean cnn?"),
    (["--topic", "cnn_shape"], "did you mean cnn_shapes"),
    (["--topic", "cnn", "--kind", "symbolic"], "no question matches --topic cnn --kind symbolic"),
    (["--kind", "essay"], "essay"),
    (["--difficulty", "4"], "4"),
    (["--stats", "--review"], "--stats shows your progress"),
])
def test_bad_filters_exit_2_with_one_clear_line(args, message, history_file):
    result = run(*args, input="")
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not history_file.exists()  # refused before any file is made


def test_unknown_topic_in_chinese():
    result = run("--topic", "rnnn", "--lang", "zh", input="")
    assert result.exit_code == 2 and "未知主题“rnnn”；你是不是想输入 rnn？" in result.output


def test_a_damaged_history_is_a_clear_error_and_is_kept(history_file):
    history_file.write_bytes(b"\x00garbage, not SQLite\n" * 100)
    before = history_file.read_bytes()
    for args in (["--topic", "cnn"], ["--stats"], ["--review"]):
        result = run(*args, input="")
        assert result.exit_code == 2, result.output
        assert "damaged or not a practice history" in result.output and "Traceback" not in result.output
    assert history_file.read_bytes() == before


def test_stats_without_history_says_how_to_start(history_file):
    result = run("--stats", "--lang", "zh")
    assert result.exit_code == 0 and "还没有练习记录" in result.output
    assert not history_file.exists()  # looking does not create the file


def test_the_real_pipe_in_chinese(bank, history_file, tmp_path):
    """What the issue asks for, as a shell runs it: printf '...' | grade practice ... --lang zh."""
    items = cnn_round(bank)
    answers = [items[0].variant.answer_text(), "0", "s", items[2].variant.answer_text()]
    env = {**os.environ, "GRADE_PRACTICE_DB": str(history_file), "NO_COLOR": "1"}
    printf = "printf '" + "\\n".join(answers) + "\\n'"
    done = subprocess.run(f"{printf} | {sys.executable} -m grader practice --topic cnn --count 3 --seed 1 --lang zh",
                          shell=True, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout
    assert "共 3 道题 · 种子 1" in out and out.count("✓ 正确。") == 2 and "✗ 错误。" in out
    assert f"答案：{items[1].variant.answer_text()}" in out
    assert "本轮结束：答对 2/3 题，其中 2 题首次即答对。" in out and "需要复习：" + items[1].question.id in out
    assert "\x1b[" not in out  # plain text on a pipe

"""The SQLite history: schema, a damaged or foreign file, a locked file, concurrent rounds, stats."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from grader.errors import UsageError
from grader.i18n import set_language
from grader.practice import History, Outcome, default_path
from grader.practice.history import ANSWER_LIMIT, APPLICATION_ID, SCHEMA_VERSION
from grader.results import AnswerResult, Verdict

NOW = 1_800_000_000.0


@pytest.fixture(autouse=True)
def english():
    """Messages in English whatever an earlier test chose (the language is per process)."""
    set_language("en")


def _rows(path, sql: str) -> list:
    raw = sqlite3.connect(path)
    try:
        return raw.execute(sql).fetchall()
    finally:
        raw.close()


def _result(qid: str, outcome: Outcome, history: History, round_id: int, *, now: float = NOW,
            topic: str = "cnn") -> None:
    history.record_result(round_id, now=now, question_id=qid, topic=topic, variant_seed=1, outcome=outcome,
                          score=0.0, max_score=2.0, tries=1, hinted=False)


def test_a_new_file_is_marked_and_versioned_and_reopens(tmp_path):
    path = tmp_path / "deep" / "folder" / "h.sqlite3"
    with History.open(path) as history:
        history.start_round(now=NOW, seed=1, lang="en", mode="draw", filters={})
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    raw.close()
    with History.open(path) as history:  # opening again neither fails nor recreates
        assert history.stats(now=NOW) == []
    assert len(_rows(path, "SELECT * FROM rounds")) == 1


@pytest.mark.parametrize("content", [b"not a database at all\n" * 200, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_damaged_file_is_a_clear_error_and_is_left_untouched(tmp_path, content):
    path = tmp_path / "h.sqlite3"
    path.write_bytes(content)
    with pytest.raises(UsageError, match="damaged or not a practice history"):
        History.open(path)
    assert path.read_bytes() == content


BAD_ROWS = {
    "due_past_any_clock": ("INSERT INTO schedule VALUES ('q', 'cnn', 1, 1e300, 0)",),
    "due_infinite": ("INSERT INTO schedule VALUES ('q', 'cnn', 1, 9e999, 0)",),
    "due_negative": ("INSERT INTO schedule VALUES ('q', 'cnn', 1, -1, 0)",),
    "due_text": ("INSERT INTO schedule VALUES ('q', 'cnn', 1, 'soon', 0)",),
    "box_out_of_range": ("INSERT INTO schedule VALUES ('q', 'cnn', 9, 1, 0)",),
    "box_text": ("INSERT INTO schedule VALUES ('q', 'cnn', 'one', 1, 0)",),
    "topic_blob": ("INSERT INTO schedule VALUES ('q', x'1b5b324a', 1, 1, 0)",),
    "unknown_outcome": ("INSERT INTO rounds VALUES (1, 0, NULL, 1, 'en', 'draw', '{}')",
                        "INSERT INTO results VALUES (1, 'q', 'cnn', 1, 0, 'aced', 1, 1, 1, 0)"),
    "result_topic_blob": ("INSERT INTO rounds VALUES (1, 0, NULL, 1, 'en', 'draw', '{}')",
                          "INSERT INTO results VALUES (1, 'q', x'00ff', 1, 0, 'missed', 1, 1, 1, 0)"),
}


@pytest.mark.parametrize("statements", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_row_this_grade_never_writes_is_a_damaged_history_left_untouched(tmp_path, statements):
    """SQLite keeps any value in any column: what is read back is checked once, on opening."""
    path = tmp_path / "h.sqlite3"
    History.open(path).close()
    raw = sqlite3.connect(path)
    for statement in statements:
        raw.execute(statement)
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(UsageError, match="damaged or not a practice history"):
        History.open(path)
    assert path.read_bytes() == before


def test_another_programs_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite3"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE contacts (name TEXT)")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(UsageError, match="another program"):
        History.open(path)
    assert path.read_bytes() == before


def test_a_history_from_a_newer_grade_is_refused(tmp_path):
    path = tmp_path / "h.sqlite3"
    History.open(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(UsageError, match="newer grade"):
        History.open(path)


def test_a_folder_is_not_a_history(tmp_path):
    with pytest.raises(UsageError, match="is a folder"):
        History.open(tmp_path)


def test_a_file_locked_by_another_round_is_a_busy_message_not_a_hang(tmp_path):
    path = tmp_path / "h.sqlite3"
    history = History.open(path, timeout_s=0.2)
    round_id = history.start_round(now=NOW, seed=1, lang="en", mode="draw", filters={})
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(UsageError, match="busy"):
            _result("cnn.a", Outcome.MISSED, history, round_id)
        with pytest.raises(UsageError, match="busy"):
            History.open(path, timeout_s=0.2)
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    _result("cnn.a", Outcome.MISSED, history, round_id)  # the lock gone, the round goes on
    assert [d.question_id for d in history.due(now=NOW)] == ["cnn.a"]
    history.close()


def test_concurrent_rounds_lose_no_write(tmp_path):
    path = tmp_path / "h.sqlite3"
    History.open(path).close()
    errors: list[BaseException] = []

    def play(name: str) -> None:
        try:
            with History.open(path) as history:
                round_id = history.start_round(now=NOW, seed=1, lang="en", mode="draw", filters={})
                for i in range(25):
                    _result(f"{name}.q{i}", Outcome.SKIPPED, history, round_id, topic=name)
        except BaseException as exc:  # reported below: a thread's exception would be lost
            errors.append(exc)

    threads = [threading.Thread(target=play, args=(name,)) for name in ("cnn", "rnn", "mlp")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with History.open(path) as history:
        stats = {s.topic: s for s in history.stats(now=NOW)}
    assert {t: (s.attempted, s.scheduled) for t, s in stats.items()} == {t: (25, 25) for t in ("cnn", "rnn", "mlp")}


def test_stats_count_first_tries_attempts_and_what_is_due(tmp_path):
    with History.open(tmp_path / "h.sqlite3") as history:
        first = history.start_round(now=NOW, seed=1, lang="en", mode="draw", filters={})
        _result("cnn.a", Outcome.FIRST_TRY, history, first)
        _result("cnn.b", Outcome.MISSED, history, first)
        _result("cnn.c", Outcome.UNANSWERED, history, first)  # not attempted
        _result("rnn.a", Outcome.SKIPPED, history, first, topic="rnn")
        second = history.start_round(now=NOW + 60, seed=2, lang="en", mode="review", filters={})
        _result("cnn.b", Outcome.FIRST_TRY, history, second, now=NOW + 60)  # box 2: due in a day
        stats = {s.topic: s for s in history.stats(now=NOW + 120)}
        assert (stats["cnn"].questions, stats["cnn"].attempted, stats["cnn"].first_try) == (2, 3, 2)
        assert stats["cnn"].accuracy == pytest.approx(2 / 3)
        assert (stats["cnn"].scheduled, stats["cnn"].due) == (1, 0)
        assert (stats["rnn"].attempted, stats["rnn"].first_try, stats["rnn"].scheduled, stats["rnn"].due) == (1, 0, 1, 1)
        assert history.next_due() == NOW  # rnn.a, due since it was skipped


def test_answers_are_stored_clipped_with_nul_bytes_intact(tmp_path):
    path = tmp_path / "h.sqlite3"
    with History.open(path) as history:
        round_id = history.start_round(now=NOW, seed=1, lang="en", mode="draw", filters={})
        answer = "1\x002" + "9" * 100_000
        history.record_attempt(round_id, now=NOW, question_id="cnn.a", topic="cnn", variant_seed=3, try_number=0,
                               answer=answer, result=AnswerResult(Verdict.INVALID, 0, 2), hinted=True)
    stored = _rows(path, "SELECT answer, verdict, try_number, hinted FROM attempts")
    assert stored == [(answer[:ANSWER_LIMIT], "invalid", 0, 1)]


def test_default_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("GRADE_PRACTICE_DB", str(tmp_path / "mine.sqlite3"))
    assert default_path() == tmp_path / "mine.sqlite3"
    monkeypatch.delenv("GRADE_PRACTICE_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "grade" / "practice.sqlite3"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")  # the XDG spec: only absolute paths count
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_path() == tmp_path / "home" / ".local" / "share" / "grade" / "practice.sqlite3"

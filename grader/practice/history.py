"""The student's practice history: a local SQLite file (standard library `sqlite3`).

Where: `--db PATH`, else `$GRADE_PRACTICE_DB`, else `$XDG_DATA_HOME/grade/practice.sqlite3`
(`~/.local/share/grade/practice.sqlite3` when XDG_DATA_HOME is unset).

Tables (schema version 1, kept in `PRAGMA user_version`; the file is marked as ours with
`PRAGMA application_id`):
- `rounds`: one row per round (start, end, seed, language, mode, filters);
- `attempts`: every answer checked (time, question id, variant seed, try number, the answer as
  typed, clipped to `ANSWER_LIMIT` characters, verdict, score, whether a hint had been shown);
  `try_number` is 0 for an invalid answer, which is never counted as a try;
- `results`: one row per question per round, with its `Outcome` and first-try score;
- `schedule`: the Leitner box and due time of each question to review (`grader.practice.schedule`).

Every write is one short transaction (`BEGIN IMMEDIATE`, with a busy timeout), so concurrent
rounds on one file interleave safely and an answer is on disk as soon as it is judged. Any SQLite
failure (a damaged or foreign file, a file locked for too long, a read-only folder) is a
`UsageError` naming the file and what to do; the file itself is never deleted or rewritten.

The file is the student's, and SQLite keeps whatever type a row is given: a history is also damaged
(the same error, the file left as it is) when a row that is read back (`schedule`, `results`) is not
what this grade writes: a name that is not text, a box outside 1..BOXES, a due time that is not a
number between 0 and LATEST_TIME (a clock cannot show 1e300), an unknown outcome. Every row is
checked once, when the file is opened, so nothing downstream meets a value it cannot handle.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.errors import UsageError
from grader.i18n import N_, _
from grader.practice.schedule import BOXES, Card, Outcome, next_card
from grader.results import AnswerResult

APPLICATION_ID = 0x67726470  # "grdp": marks a file as a grade practice history
SCHEMA_VERSION = 1
ANSWER_LIMIT = 2000  # characters of an answer kept in the history
BUSY_TIMEOUT_S = 10.0  # how long a write waits for another round's transaction
LATEST_TIME = 32_503_680_000.0  # 3000-01-01 UTC: no time in a history is later (every platform's clock shows it)

_SCHEMA = {
    1: """
CREATE TABLE rounds (
    id INTEGER PRIMARY KEY,
    started REAL NOT NULL,
    finished REAL,
    seed INTEGER NOT NULL,
    lang TEXT NOT NULL,
    mode TEXT NOT NULL,
    filters TEXT NOT NULL
);
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id),
    time REAL NOT NULL,
    question_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    variant_seed INTEGER NOT NULL,
    try_number INTEGER NOT NULL,
    answer TEXT NOT NULL,
    verdict TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    hinted INTEGER NOT NULL
);
CREATE TABLE results (
    round_id INTEGER NOT NULL REFERENCES rounds(id),
    question_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    variant_seed INTEGER NOT NULL,
    time REAL NOT NULL,
    outcome TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    tries INTEGER NOT NULL,
    hinted INTEGER NOT NULL,
    PRIMARY KEY (round_id, question_id)
);
CREATE TABLE schedule (
    question_id TEXT PRIMARY KEY,
    topic TEXT NOT NULL,
    box INTEGER NOT NULL,
    due REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE INDEX attempts_question ON attempts (question_id);
CREATE INDEX results_topic ON results (topic);
""",
}

# Rows `_prepare` refuses: anything but what `record_result` writes, in the tables read back.
_TIME_OK = f"typeof({{column}}) IN ('integer', 'real') AND {{column}} BETWEEN 0 AND {LATEST_TIME!r}"
_BAD_ROWS = (
    "SELECT count(*) FROM schedule WHERE NOT (typeof(question_id) = 'text' AND typeof(topic) = 'text' "
    f"AND typeof(box) = 'integer' AND box BETWEEN 1 AND {BOXES} AND {_TIME_OK.format(column='due')} "
    f"AND {_TIME_OK.format(column='updated')})",
    "SELECT count(*) FROM results WHERE NOT (typeof(question_id) = 'text' AND typeof(topic) = 'text' "
    "AND typeof(outcome) = 'text' AND outcome IN ({}))".format(", ".join(f"'{o.value}'" for o in Outcome)),
)
_DAMAGED_MESSAGE = N_("{path} is damaged or not a practice history; it was left untouched: move it away, or "
                      "choose another file with --db")

# Primary SQLite result codes (https://sqlite.org/rescode.html) the messages tell apart.
_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_DAMAGED = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_UNWRITABLE = {3, 8, 10, 13, 14}  # PERM, READONLY, IOERR, FULL, CANTOPEN


def default_path() -> Path:
    """The history file when `--db` is not given (see the module docstring)."""
    chosen = os.environ.get("GRADE_PRACTICE_DB")
    if chosen:
        return Path(chosen).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME", "")
    base = Path(data_home) if os.path.isabs(data_home) else Path.home() / ".local" / "share"
    return base / "grade" / "practice.sqlite3"


@dataclass(frozen=True)
class TopicStats:
    """Progress on one topic. `attempted` counts questions answered or given up in a round (a
    question met in three rounds counts three times); `accuracy` is `first_try / attempted`."""

    topic: str
    questions: int  # distinct questions attempted
    attempted: int
    first_try: int  # correct on the first try
    scheduled: int  # in the review schedule
    due: int  # of those, due now

    @property
    def accuracy(self) -> float:
        return self.first_try / self.attempted if self.attempted else 0.0


@dataclass(frozen=True)
class Due:
    """A scheduled question."""

    question_id: str
    topic: str
    box: int
    due: float


class History:
    """An open practice history. Use `History.open(path)`; close it (or use `with`)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, timeout_s: float = BUSY_TIMEOUT_S) -> History:
        """Open (creating it and its folder when missing) the history at `path`. Raises UsageError
        for a file that is not a history of ours, one written by a newer grade, or one that cannot
        be opened."""
        path = Path(path)
        if path.is_dir():
            raise UsageError(_("the practice history {path} is a folder; give a file with --db").format(path=path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(_("cannot create the folder of the practice history {path}: {reason}").format(
                path=path, reason=exc.strerror or exc)) from None
        with _errors(path):
            connection = sqlite3.connect(str(path), timeout=timeout_s, isolation_level=None)
        history = cls(connection, path)
        try:
            history._prepare()
        except BaseException:
            connection.close()
            raise
        return history

    def _prepare(self) -> None:
        with self._write():  # inside the lock: two rounds creating one file do it once
            app_id = self._db.execute("PRAGMA application_id").fetchone()[0]
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            tables = self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if app_id != APPLICATION_ID and (app_id != 0 or tables):
                raise UsageError(_("{path} is an SQLite file of another program, not a practice history; it was "
                                   "left untouched: choose another file with --db").format(path=self.path))
            if version > SCHEMA_VERSION:
                raise UsageError(_("the practice history {path} was written by a newer grade (schema {found}; this "
                                   "one reads up to {known}); upgrade grade").format(
                                       path=self.path, found=version, known=SCHEMA_VERSION))
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _statements(_SCHEMA[step]):
                    self._db.execute(statement)
            if version < SCHEMA_VERSION:
                self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            if any(self._db.execute(query).fetchone()[0] for query in _BAD_ROWS):
                raise UsageError(_(_DAMAGED_MESSAGE).format(path=self.path))

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) so it never deadlocks with
        another round's; rolled back on any error; SQLite errors become UsageError."""
        with _errors(self.path):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _read(self, sql: str, args: tuple = ()) -> list[Any]:
        with _errors(self.path):
            return self._db.execute(sql, args).fetchall()

    # -- writing -----------------------------------------------------------------------------

    def start_round(self, *, now: float, seed: int, lang: str, mode: str, filters: Mapping[str, object]) -> int:
        """Record a new round; returns its id."""
        with self._write() as db:
            cursor = db.execute("INSERT INTO rounds (started, seed, lang, mode, filters) VALUES (?, ?, ?, ?, ?)",
                                (now, seed, lang, mode, json.dumps(dict(filters), sort_keys=True)))
            return int(cursor.lastrowid or 0)

    def finish_round(self, round_id: int, *, now: float) -> None:
        with self._write() as db:
            db.execute("UPDATE rounds SET finished = ? WHERE id = ?", (now, round_id))

    def record_attempt(self, round_id: int, *, now: float, question_id: str, topic: str, variant_seed: int,
                       try_number: int, answer: str, result: AnswerResult, hinted: bool) -> None:
        """Record one checked answer (`try_number` 0: invalid, not a try)."""
        with self._write() as db:
            db.execute("INSERT INTO attempts (round_id, time, question_id, topic, variant_seed, try_number, answer, "
                       "verdict, score, max_score, hinted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (round_id, now, question_id, topic, variant_seed, try_number, answer[:ANSWER_LIMIT],
                        result.verdict.value, float(result.score), float(result.max_score), int(hinted)))

    def record_result(self, round_id: int, *, now: float, question_id: str, topic: str, variant_seed: int,
                      outcome: Outcome, score: float, max_score: float, tries: int, hinted: bool) -> None:
        """Record how a question of a round came out and move it in the schedule, in one transaction."""
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO results (round_id, question_id, topic, variant_seed, time, outcome, "
                       "score, max_score, tries, hinted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (round_id, question_id, topic, variant_seed, now, outcome.value, float(score),
                        float(max_score), tries, int(hinted)))
            row = db.execute("SELECT box, due FROM schedule WHERE question_id = ?", (question_id,)).fetchone()
            card = next_card(Card(row[0], row[1]) if row else None, outcome, now=now)
            if card is None:
                db.execute("DELETE FROM schedule WHERE question_id = ?", (question_id,))
            elif card != (Card(row[0], row[1]) if row else None):
                db.execute("INSERT OR REPLACE INTO schedule (question_id, topic, box, due, updated) "
                           "VALUES (?, ?, ?, ?, ?)", (question_id, topic, card.box, card.due, now))

    # -- reading -----------------------------------------------------------------------------

    def due(self, *, now: float) -> list[Due]:
        """The scheduled questions due at `now`, longest overdue first (then lowest box)."""
        rows = self._read("SELECT question_id, topic, box, due FROM schedule WHERE due <= ? "
                          "ORDER BY due, box, question_id", (now,))
        return [Due(*row) for row in rows]

    def next_due(self) -> float | None:
        """When the next scheduled question is due (None: nothing scheduled)."""
        return self._read("SELECT min(due) FROM schedule")[0][0]

    def stats(self, *, now: float) -> list[TopicStats]:
        """Progress per topic, from every round so far (topics with a result or a schedule entry)."""
        done = {row[0]: row[1:] for row in self._read(
            "SELECT topic, count(DISTINCT question_id), count(*), sum(outcome = ?) FROM results "
            "WHERE outcome != ? GROUP BY topic", (Outcome.FIRST_TRY.value, Outcome.UNANSWERED.value))}
        review = {row[0]: row[1:] for row in self._read(
            "SELECT topic, count(*), sum(due <= ?) FROM schedule GROUP BY topic", (now,))}
        return [TopicStats(topic, *done.get(topic, (0, 0, 0)), *review.get(topic, (0, 0)))
                for topic in sorted(done.keys() | review.keys())]


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


@contextmanager
def _errors(path: Path) -> Iterator[None]:
    """SQLite failures as one clear UsageError (decided on SQLite's result code, never its text)."""
    try:
        yield
    except sqlite3.Error as exc:
        code = getattr(exc, "sqlite_errorcode", None)  # Python >= 3.11
        primary = None if code is None else code & 0xFF
        if primary in _BUSY:
            message = _("the practice history {path} is busy: another grade practice is writing it; try again in "
                        "a moment")
        elif primary in _DAMAGED or (primary is None and type(exc) is sqlite3.DatabaseError):
            message = _(_DAMAGED_MESSAGE)
        elif primary in _UNWRITABLE:
            message = _("cannot use the practice history {path}: {reason}")
        else:
            message = _("the practice history {path} cannot be used: {reason}")
        raise UsageError(message.format(path=path, reason=exc)) from None

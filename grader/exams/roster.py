"""The class roster: a UTF-8 CSV with at least the columns `id` and `name`; other columns are kept.

A student id becomes a file name (`papers/<id>.md`), so it is refused unless it is plainly safe as
one on every system: ASCII letters, digits, `.`, `_` and `-`, starting and ending with a letter or
a digit, at most 64 characters, not a name Windows reserves (`CON`, `NUL`, `COM1`...), and unique
even where file names ignore case. Refusing, rather than mapping a bad id to a safe name, keeps one
name for a student everywhere (papers, sheets, gradebook).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from grader.errors import UsageError
from grader.i18n import _

MAX_ROSTER_BYTES = 16 << 20
MAX_NAME_CHARS = 200
_SAFE_ID = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?")
_JOINERS = "\u200c\u200d"  # zero-width (non-)joiners: part of how some names are spelt
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})


@dataclass(frozen=True)
class Student:
    id: str
    name: str
    extra: dict[str, str] = field(default_factory=dict)  # the roster's other columns


def check_student_id(sid: str) -> str | None:
    """Why `sid` cannot be a student id (a file name), in the current language, or None when it can."""
    if not sid:
        return _("is empty")
    if not _SAFE_ID.fullmatch(sid):
        return _("must be 1-64 ASCII letters, digits, '.', '_' or '-', starting and ending with a letter or "
                 "digit (it becomes a file name)")
    if sid.split(".")[0].lower() in _RESERVED:
        return _("is a file name Windows reserves")
    return None


def load_roster(path: Path) -> list[Student]:
    """The students of the roster at `path`, in file order; UsageError naming file, line and column
    for anything wrong."""
    try:
        if path.stat().st_size > MAX_ROSTER_BYTES:
            raise UsageError(_("{path}: larger than {limit} bytes; is it a roster?").format(path=path,
                                                                                            limit=MAX_ROSTER_BYTES))
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(_("{path}: not UTF-8 (byte {byte}); save the roster as UTF-8 CSV").format(
            path=path, byte=exc.start + 1)) from None
    except OSError as exc:
        raise UsageError(_("{path}: cannot read: {reason}").format(path=path, reason=exc.strerror or exc)) from None
    if "\x00" in text:
        raise UsageError(_("{path}: contains a NUL byte; is it a CSV file?").format(path=path))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []  # the line each row ends on
    try:
        for row in reader:
            rows.append(row)
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise UsageError(_("{path}: line {line}: malformed CSV: {error}").format(path=path, line=reader.line_num,
                                                                                 error=exc)) from None
    if not rows:
        raise UsageError(_("{path}: empty; expected a header with the columns id and name").format(path=path))
    header = [h.strip() for h in rows[0]]
    for column in ("id", "name"):
        if column not in header:
            raise UsageError(_("{path}: line 1: missing column `{column}` (the header is: {header})").format(
                path=path, column=column, header=", ".join(header)))
    seen_columns: set[str] = set()
    for column in header:
        if not column:
            raise UsageError(_("{path}: line 1: a column has no name").format(path=path))
        if column in seen_columns:
            raise UsageError(_("{path}: line 1: column `{column}` appears twice").format(path=path, column=column))
        seen_columns.add(column)
    students: list[Student] = []
    seen: dict[str, int] = {}  # case-folded id -> line
    for line, row in zip(lines[1:], rows[1:]):
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if len(row) != len(header):
            raise UsageError(_("{path}: line {line}: {count} field(s), the header has {expected}").format(
                path=path, line=line, count=len(row), expected=len(header)))
        cells = dict(zip(header, row))
        sid = cells["id"].strip()
        why = check_student_id(sid)
        if why is not None:
            raise UsageError(_("{path}: line {line}: column `id`: {id} {why}").format(path=path, line=line,
                                                                                      id=repr(sid), why=why))
        folded = sid.casefold()
        if folded in seen:
            if sid in {s.id for s in students}:
                message = _("{path}: line {line}: column `id`: {id} is already used on line {first}")
            else:
                message = _("{path}: line {line}: column `id`: {id} is already used on line {first} (ids may not "
                            "differ only in case)")
            raise UsageError(message.format(path=path, line=line, id=repr(sid), first=seen[folded]))
        seen[folded] = line
        name = unicodedata.normalize("NFC", cells["name"].strip())
        if not name:
            raise UsageError(_("{path}: line {line}: column `name` is empty").format(path=path, line=line))
        if len(name) > MAX_NAME_CHARS or any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")
                                             and ch not in _JOINERS for ch in name):
            raise UsageError(_("{path}: line {line}: column `name`: control characters or more than {limit} "
                               "characters").format(path=path, line=line, limit=MAX_NAME_CHARS))
        extra = {k: v for k, v in cells.items() if k not in ("id", "name")}
        students.append(Student(sid, name, extra))
    if not students:
        raise UsageError(_("{path}: no students (only a header)").format(path=path))
    return students

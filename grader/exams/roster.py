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
    """Why `sid` cannot be a student id (a file name), or None when it can."""
    if not sid:
        return "is empty"
    if not _SAFE_ID.fullmatch(sid):
        return ("must be 1-64 ASCII letters, digits, '.', '_' or '-', starting and ending with a letter "
                "or digit (it becomes a file name)")
    if sid.split(".")[0].lower() in _RESERVED:
        return "is a file name Windows reserves"
    return None


def load_roster(path: Path) -> list[Student]:
    """The students of the roster at `path`, in file order; UsageError naming file, line and column
    for anything wrong."""
    try:
        if path.stat().st_size > MAX_ROSTER_BYTES:
            raise UsageError(f"{path}: larger than {MAX_ROSTER_BYTES} bytes; is it a roster?")
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 (byte {exc.start + 1}); save the roster as UTF-8 CSV") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if "\x00" in text:
        raise UsageError(f"{path}: contains a NUL byte; is it a CSV file?")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []  # the line each row ends on
    try:
        for row in reader:
            rows.append(row)
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise UsageError(f"{path}: line {reader.line_num}: malformed CSV: {exc}") from None
    if not rows:
        raise UsageError(f"{path}: empty; expected a header with the columns id and name")
    header = [h.strip() for h in rows[0]]
    for column in ("id", "name"):
        if column not in header:
            raise UsageError(f"{path}: line 1: missing column `{column}` (the header is: {', '.join(header)})")
    seen_columns: set[str] = set()
    for column in header:
        if not column:
            raise UsageError(f"{path}: line 1: a column has no name")
        if column in seen_columns:
            raise UsageError(f"{path}: line 1: column `{column}` appears twice")
        seen_columns.add(column)
    students: list[Student] = []
    seen: dict[str, int] = {}  # case-folded id -> line
    for line, row in zip(lines[1:], rows[1:]):
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if len(row) != len(header):
            raise UsageError(f"{path}: line {line}: {len(row)} field(s), the header has {len(header)}")
        cells = dict(zip(header, row))
        sid = cells["id"].strip()
        why = check_student_id(sid)
        if why is not None:
            raise UsageError(f"{path}: line {line}: column `id`: {sid!r} {why}")
        folded = sid.casefold()
        if folded in seen:
            raise UsageError(f"{path}: line {line}: column `id`: {sid!r} is already used on line {seen[folded]}"
                             + (" (ids may not differ only in case)" if sid not in {s.id for s in students} else ""))
        seen[folded] = line
        name = unicodedata.normalize("NFC", cells["name"].strip())
        if not name:
            raise UsageError(f"{path}: line {line}: column `name` is empty")
        if len(name) > MAX_NAME_CHARS or any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")
                                             and ch not in _JOINERS for ch in name):
            raise UsageError(f"{path}: line {line}: column `name`: control characters or more than "
                             f"{MAX_NAME_CHARS} characters")
        extra = {k: v for k, v in cells.items() if k not in ("id", "name")}
        students.append(Student(sid, name, extra))
    if not students:
        raise UsageError(f"{path}: no students (only a header)")
    return students

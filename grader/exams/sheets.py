"""Reading filled answer sheets: a folder of YAML / JSON sheets, or one CSV.

A sheet is what `grade exam build` wrote, filled in: `student: <id>` and `answers:` mapping the
question numbers 1..n to text. Everything in it was written by a student, so it is read as data
and nothing else: YAML through a safe loader that resolves no plain scalar to anything but text
(`0.10` stays `0.10`), after anchors, aliases and deep nesting are refused from the event stream;
JSON with every number kept as the text it was written as; files larger than a sheet can be are
refused before they are read, and so is anything that is not a regular file (a link, a FIFO).

What cannot be read is recorded as a `Problem` (a code from `grader.exams.words.PROBLEMS` and its
details) for that student, and whatever can still be read is kept: a file that is not UTF-8 or
holds control characters is read with those characters replaced, and only the answers that held
them are refused; an answer too long to be a formula is refused, the others are graded. A sheet
that names no student on the exam, or that cannot be tied to one, is `Unmatched`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import stat
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from grader.errors import UsageError
from grader.exams.yamlsafe import Refused, describe_error, load_text
from grader.i18n import _

MAX_SHEET_BYTES = 4 << 20  # room for a megabyte-long answer, which is refused on its own
MAX_CSV_BYTES = 64 << 20
MAX_ANSWER_CHARS = 2000
SHEET_SUFFIXES = (".yaml", ".yml", ".json")
REPLACEMENT = "\ufffd"
_YAML_UNREADABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Problem:
    """Something wrong with a sheet or an answer on it: `code` names it (a key of
    `grader.exams.words.PROBLEMS`), `details` fill in its message."""

    code: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, **self.details}


@dataclass
class Sheet:
    """What was read for one student: answers by question number (text, or a Problem that kept
    the answer from being checked), the problems with the sheet, and the file it came from."""

    student: str
    answers: dict[int, str | Problem] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    source: str | None = None


@dataclass(frozen=True)
class Unmatched:
    """A file or row that could not be tied to a student of the exam."""

    source: str
    problem: Problem

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, **self.problem.to_dict()}


@dataclass
class Answers:
    sheets: dict[str, Sheet] = field(default_factory=dict)  # by student id
    unmatched: list[Unmatched] = field(default_factory=list)


def read_answers(path: Path, *, students: Collection[str], size: int) -> Answers:
    """The answers at `path` (a folder of sheets or one CSV) for an exam of `size` questions taken
    by `students`. UsageError only when `path` as a whole cannot be used."""
    if path.is_dir() and not path.is_symlink():
        return _read_folder(path, students=students, size=size)
    if path.is_file() and path.suffix.lower() == ".csv":
        return _read_csv(path, students=students, size=size)
    raise UsageError(_("--answers {path}: expected a folder of answer sheets or a .csv file").format(path=path))


# ---------------------------------------------------------------------------------------------
# Folders of sheets


def _read_folder(folder: Path, *, students: Collection[str], size: int) -> Answers:
    out = Answers()
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.suffix.lower() not in SHEET_SUFFIXES or path.name.startswith("."):
            continue
        name = path.name
        stem = path.name[: -len(path.suffix)]
        owner = stem if stem in students else None
        sheet = Sheet(owner or "", source=name)
        data = _load_file(path, sheet)
        if data is not None:
            _fill(sheet, data, size=size)
        if not sheet.student:
            code = "unknown_student"
            reason = sheet.problems[0] if sheet.problems else Problem(code, {"file": name, "student": stem})
            out.unmatched.append(Unmatched(name, reason))
            continue
        if sheet.student not in students:
            out.unmatched.append(Unmatched(name, Problem("unknown_student", {"file": name,
                                                                             "student": sheet.student})))
            continue
        _add(out, sheet)
    return out


def _add(out: Answers, sheet: Sheet) -> None:
    """Keep the first sheet of a student (in file-name order); note any further one on it."""
    first = out.sheets.get(sheet.student)
    if first is None:
        out.sheets[sheet.student] = sheet
        return
    duplicate = next((p for p in first.problems if p.code == "duplicate_sheet"), None)
    if duplicate is None:
        duplicate = Problem("duplicate_sheet", {"file": first.source, "files": [first.source]})
        first.problems.append(duplicate)
    duplicate.details["files"].append(sheet.source)


def _load_file(path: Path, sheet: Sheet) -> Any:
    """The parsed content of one sheet file, or None (with the problem noted on `sheet`)."""
    name = path.name
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode):
            sheet.problems.append(Problem("not_a_file", {"file": name}))
            return None
        if info.st_size > MAX_SHEET_BYTES:
            sheet.problems.append(Problem("too_large", {"file": name, "limit": MAX_SHEET_BYTES}))
            return None
        with path.open("rb") as handle:
            raw = handle.read(MAX_SHEET_BYTES + 1)
    except OSError as exc:
        sheet.problems.append(Problem("malformed", {"file": name, "detail": exc.strerror or str(exc)}))
        return None
    if len(raw) > MAX_SHEET_BYTES:
        sheet.problems.append(Problem("too_large", {"file": name, "limit": MAX_SHEET_BYTES}))
        return None
    text = _decode(raw, name, sheet)
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text, parse_float=str, parse_int=str, parse_constant=str, strict=False)
        cleaned = _YAML_UNREADABLE.sub(REPLACEMENT, text)  # characters YAML refuses to read at all
        if cleaned != text and not any(p.code == "not_utf8" for p in sheet.problems):
            sheet.problems.append(Problem("control_characters", {"file": name}))
        return load_text(cleaned)
    except (ValueError, yaml.YAMLError, RecursionError) as exc:
        if isinstance(exc, yaml.YAMLError):
            detail = describe_error(exc)
        elif isinstance(exc, json.JSONDecodeError):
            detail = f"{exc.msg} (line {exc.lineno}, column {exc.colno})"
        elif isinstance(exc, RecursionError):
            detail = "nested too deeply"
        else:
            detail = str(exc) if isinstance(exc, Refused) else "not valid JSON"
        sheet.problems.append(Problem("malformed", {"file": name, "detail": detail}))
        return None


def _decode(raw: bytes, name: str, sheet: Sheet) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        sheet.problems.append(Problem("not_utf8", {"file": name}))
        return raw.decode("utf-8-sig", errors="replace")


def _fill(sheet: Sheet, data: Any, *, size: int) -> None:
    """Read the student and the answers out of a parsed sheet, as far as they can be read."""
    name = sheet.source or ""
    if not isinstance(data, Mapping):
        sheet.problems.append(Problem("not_a_mapping", {"file": name, "detail": _what(data)}))
        return
    claimed = data.get("student")
    if isinstance(claimed, str) and claimed.strip():
        sheet.student = claimed.strip()
    else:
        sheet.problems.append(Problem("no_student_field", {"file": name}))
    answers = data.get("answers")
    if not isinstance(answers, Mapping):
        sheet.problems.append(Problem("no_answers", {"file": name}))
        return
    _take(sheet, answers, size=size)


def _take(sheet: Sheet, answers: Mapping[Any, Any], *, size: int) -> None:
    """Answers by question number, each one checked on its own; then what is missing or extra."""
    unknown: list[str] = []
    for key, value in answers.items():
        text_key = str(key).strip()
        number = int(text_key) if text_key.isascii() and text_key.isdigit() and len(text_key) < 6 else 0
        if not 1 <= number <= size or str(number) != text_key:
            unknown.append(_short(text_key, 20))
            continue
        sheet.answers[number] = _answer(value)
    missing = [n for n in range(1, size + 1) if n not in sheet.answers]
    if missing:
        sheet.problems.append(Problem("missing_answers", {"numbers": _numbers(missing)}))
    if unknown:
        sheet.problems.append(Problem("unknown_questions", {"numbers": ", ".join(sorted(unknown)[:10])}))
    for code in ("answer_not_text", "answer_too_long", "answer_unreadable"):
        numbers = [n for n, a in sorted(sheet.answers.items()) if isinstance(a, Problem) and a.code == code]
        if numbers:
            details: dict[str, Any] = {"numbers": _numbers(numbers)}
            if code == "answer_too_long":
                details["limit"] = MAX_ANSWER_CHARS
            sheet.problems.append(Problem(code, details))
    blank = [n for n, a in sorted(sheet.answers.items()) if isinstance(a, str) and not a.strip()]
    if blank:
        sheet.problems.append(Problem("unanswered", {"numbers": _numbers(blank)}))


def _answer(value: Any) -> str | Problem:
    """One answer as text, or the Problem that keeps it from being checked."""
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value):
        value = ", ".join(str(v) for v in value)  # [A, C]: the letters of a multi-select
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return Problem("answer_not_text")
    if len(value) > MAX_ANSWER_CHARS:
        return Problem("answer_too_long", {"limit": MAX_ANSWER_CHARS})
    if REPLACEMENT in value or _CONTROL.search(value):
        return Problem("answer_unreadable")
    return value.strip()


def _numbers(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers))


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _what(value: Any) -> str:
    return "a list" if isinstance(value, list) else "nothing" if value is None else "text" \
        if isinstance(value, str) else type(value).__name__


# ---------------------------------------------------------------------------------------------
# One CSV


def _read_csv(path: Path, *, students: Collection[str], size: int) -> Answers:
    """A CSV with a column `student` and columns `1`..`n` (others are ignored)."""
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise UsageError(_("--answers {path}: larger than {limit} bytes").format(path=path, limit=MAX_CSV_BYTES))
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(_("--answers {path}: cannot read: {reason}").format(path=path,
                                                                             reason=exc.strerror or exc)) from None
    holder = Sheet("", source=path.name)
    text = _decode(raw, path.name, holder)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CSV_BYTES)  # one long answer is refused alone, not the whole file
    try:
        reader = csv.reader(io.StringIO(text.replace("\x00", REPLACEMENT), newline=""))
        rows = list(reader)
    except csv.Error as exc:
        raise UsageError(_("--answers {path}: line {line}: malformed CSV: {error}").format(
            path=path, line=reader.line_num, error=exc)) from None
    finally:
        csv.field_size_limit(old_limit)
    if not rows or "student" not in [h.strip() for h in rows[0]]:
        raise UsageError(_("--answers {path}: line 1: missing column `student` (and columns 1..{size})").format(
            path=path, size=size))
    header = [h.strip() for h in rows[0]]
    out = Answers()
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, row))
        source = f"{path.name}:{line}"
        sid = cells.get("student", "").strip()
        if sid not in students:
            out.unmatched.append(Unmatched(source, Problem("unknown_student", {"file": source,
                                                                               "student": _short(sid, 80)})))
            continue
        sheet = Sheet(sid, source=source, problems=list(holder.problems))
        _take(sheet, {k: v for k, v in cells.items() if k.isdigit()},
              size=size)
        _add(out, sheet)
    return out

"""A bank's topic map: `syllabus.yaml` beside its topic folders, one row per topic of the course.

```yaml
- id: cnn_shapes                      # snake_case, unique; what META.covers names
  en: Feature-map sizes, pooling sizes and parameter counts
  zh: 特征图尺寸、池化尺寸与参数量
  kinds: [numeric]                    # the answer kinds this row asks for
```

The bundled bank has one (`question_bank/syllabus.yaml`); an instructor bank may have its own or
none. Where a bank has one, every question of that bank names its row with `META.covers` (a row
the syllabus lacks is a load-time error, a question without `covers` a validation failure), and
`grade bank list --coverage` counts the questions of each row by kind (`coverage`).

Reading the file checks everything at once: a malformed file is one UsageError naming the file,
the row and the field (or the YAML line).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.answers.kinds import kind_names
from grader.bank.authoring import LANGUAGES, Text
from grader.config import malformed_yaml
from grader.errors import UsageError
from grader.i18n import _

__all__ = ["FILE_NAME", "Coverage", "CoverageRow", "Row", "Syllabus", "coverage", "load_syllabus"]

FILE_NAME = "syllabus.yaml"
_ID = re.compile(r"[a-z][a-z0-9_]*")
_FIELDS = ("id", *LANGUAGES, "kinds")


@dataclass(frozen=True)
class Row:
    """One topic of the course: its id, its title in each language and the kinds it asks for."""

    id: str
    title: Text
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class Syllabus:
    """The rows of one `syllabus.yaml`, in file order."""

    path: Path
    rows: tuple[Row, ...]

    def ids(self) -> list[str]:
        return [row.id for row in self.rows]

    def unknown_row(self, name: str) -> str:
        """Why `name` is not a row id, with the closest ids as a suggestion."""
        close = difflib.get_close_matches(name, self.ids(), n=3)
        if close:
            return _("{name} is not a row of {path}; did you mean {close}?").format(name=repr(name), path=self.path,
                                                                                  close=", ".join(close))
        return _("{name} is not a row of {path}; rows are listed in {path}").format(name=repr(name), path=self.path)


def load_syllabus(path: Path) -> Syllabus:
    """Read and check `path`: a list of rows, each with exactly `id`, `en`, `zh` and `kinds`; ids
    snake_case and unique; titles non-empty text; kinds a non-empty list of registered kinds
    without repeats. Raises one UsageError naming the file, the row and the field."""
    import yaml  # here, not at import: only banks that have a syllabus pay for it

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise malformed_yaml(path, exc) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(_("{path}: cannot read: {reason}").format(path=path, reason=exc)) from None
    if not isinstance(data, list) or not data:
        got = _("an empty file") if data is None else type(data).__name__
        raise UsageError(_("{path}: expected a list of rows (- id: ..., en: ..., zh: ..., kinds: [...]), got {got}")
                         .format(path=path, got=got))
    rows: list[Row] = []
    seen: set[str] = set()
    for number, entry in enumerate(data, start=1):
        rows.append(_row(path, number, entry, seen))
    return Syllabus(path, tuple(rows))


def _row(path: Path, number: int, entry: Any, seen: set[str]) -> Row:
    def bad(message: str) -> UsageError:
        name = entry.get("id") if isinstance(entry, Mapping) and isinstance(entry.get("id"), str) else None
        which = (_("row {number} ({id})").format(number=number, id=name) if name else
                 _("row {number}").format(number=number))
        return UsageError(_("{path}: {row}: {message}").format(path=path, row=which, message=message))

    if not isinstance(entry, Mapping):
        raise bad(_("expected a mapping with {fields}, got {type}").format(fields=", ".join(_FIELDS),
                                                                          type=type(entry).__name__))
    unknown = sorted(str(k) for k in entry if k not in _FIELDS)
    if unknown:
        raise bad(_("unknown field(s) {names}; expected {fields}").format(names=", ".join(unknown),
                                                                         fields=", ".join(_FIELDS)))
    missing = [f for f in _FIELDS if f not in entry]
    if missing:
        raise bad(_("missing field(s) {names}").format(names=", ".join(missing)))
    row_id = entry["id"]
    if not isinstance(row_id, str) or not _ID.fullmatch(row_id):
        raise bad(_("id {id} must be snake_case (lower-case letters, digits and _)").format(id=repr(row_id)))
    if row_id in seen:
        raise bad(_("id {id} appears twice").format(id=repr(row_id)))
    seen.add(row_id)
    for lang in LANGUAGES:
        if not isinstance(entry[lang], str) or not entry[lang].strip():
            raise bad(_("{field} must be a non-empty title").format(field=lang))
    kinds = entry["kinds"]
    if not isinstance(kinds, list) or not kinds or not all(isinstance(k, str) for k in kinds):
        raise bad(_("kinds must be a non-empty list of answer kinds ({kinds})").format(kinds=", ".join(kind_names())))
    unknown_kinds = [k for k in kinds if k not in kind_names()]
    if unknown_kinds:
        raise bad(_("kinds: unknown kind(s) {names}; expected {kinds}").format(names=", ".join(unknown_kinds),
                                                                              kinds=", ".join(kind_names())))
    if len(set(kinds)) != len(kinds):
        raise bad(_("kinds: a kind is listed twice"))
    return Row(row_id, {lang: entry[lang].strip() for lang in LANGUAGES}, tuple(kinds))


# ---------------------------------------------------------------------------------------------
# Coverage: the rows × kinds table of `grade bank list --coverage`


@dataclass(frozen=True)
class CoverageRow:
    row: Row
    counts: Mapping[str, int]  # kind -> questions of this row

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def missing(self) -> list[str]:
        """The kinds the row asks for that none of its questions has."""
        return [k for k in self.row.kinds if not self.counts.get(k)]

    def to_dict(self) -> dict:
        return {"id": self.row.id, "title": dict(self.row.title), "kinds": list(self.row.kinds),
                "counts": dict(self.counts), "total": self.total, "empty": self.total == 0,
                "missing_kinds": self.missing}


@dataclass(frozen=True)
class Coverage:
    """The coverage of one bank folder: per row of its syllabus (None when it has none), the
    number of questions of each kind; `unmapped` are its questions without a row."""

    root: Path
    syllabus: Syllabus | None
    kinds: tuple[str, ...]
    rows: tuple[CoverageRow, ...]
    unmapped: tuple[str, ...] = ()
    questions: Mapping[str, int] = field(default_factory=dict)  # kind -> questions of the folder

    def totals(self) -> dict[str, int]:
        return {k: sum(r.counts.get(k, 0) for r in self.rows) for k in self.kinds}

    def to_dict(self) -> dict:
        return {"bank": str(self.root), "syllabus": str(self.syllabus.path) if self.syllabus else None,
                "kinds": list(self.kinds), "rows": [r.to_dict() for r in self.rows],
                "totals": self.totals() | {"total": sum(r.total for r in self.rows)},
                "empty_rows": [r.row.id for r in self.rows if r.total == 0],
                "rows_missing_a_kind": {r.row.id: r.missing for r in self.rows if r.total and r.missing},
                "questions_without_row": list(self.unmapped), "questions": dict(self.questions)}


def coverage(root: Path, syllabus: Syllabus | None, questions: Iterable[tuple[str, str, str]]) -> Coverage:
    """Count `questions` (id, kind, covers) of the bank folder `root` per row and kind."""
    kinds = tuple(kind_names())
    by_row: dict[str, dict[str, int]] = {}
    per_kind: dict[str, int] = dict.fromkeys(kinds, 0)
    unmapped: list[str] = []
    for qid, kind, covers in questions:
        per_kind[kind] = per_kind.get(kind, 0) + 1
        if syllabus is None or not covers:
            unmapped.append(qid)
            continue
        counts = by_row.setdefault(covers, {})
        counts[kind] = counts.get(kind, 0) + 1
    rows: Sequence[Row] = syllabus.rows if syllabus else ()
    table = tuple(CoverageRow(row, {k: by_row.get(row.id, {}).get(k, 0) for k in kinds}) for row in rows)
    return Coverage(root, syllabus, kinds, table, tuple(unmapped), per_kind)

"""`manifest.json`: everything about a built exam that grading needs, without drawing anything again.

Per student: name, the roster's other columns, the form (with `--forms`) and, per question
number (*slot*), the question id and version, the variant seed, the parameters, the points, the
order the options were shown in (choice kinds) and the key as a student could type it. Grading
rebuilds each variant from the parameters and that order (`Slot.variant`) and refuses a question
whose key no longer matches: the bank changed since the exam was built.

Written with sorted keys and no timestamps, so building twice gives the same file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.bank import Bank, Variant
from grader.bank.authoring import normalise_params
from grader.errors import UsageError
from grader.exams.roster import Student, check_student_id
from grader.i18n import _

SCHEMA = "grade-exam/1"
FILE_NAME = "manifest.json"
MAX_MANIFEST_BYTES = 256 << 20


@dataclass(frozen=True)
class Slot:
    """One numbered question on one paper."""

    number: int
    section: int  # 1-based
    id: str
    version: int
    kind: str
    variant_seed: int
    params: dict[str, Any]
    points: float
    key: str
    choice_order: tuple[int, ...] | None = None  # original option indices, in the order shown

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "section": self.section, "id": self.id, "version": self.version,
                "kind": self.kind, "variant_seed": self.variant_seed, "params": self.params,
                "points": self.points, "key": self.key,
                "choice_order": None if self.choice_order is None else list(self.choice_order)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Slot:
        order = d.get("choice_order")
        slot = cls(number=int(d["number"]), section=int(d["section"]), id=str(d["id"]), version=int(d["version"]),
                   kind=str(d["kind"]), variant_seed=int(d["variant_seed"]), params=dict(d["params"]),
                   points=d["points"], key=str(d["key"]),
                   choice_order=None if order is None else tuple(int(i) for i in order))
        if isinstance(slot.points, bool) or not isinstance(slot.points, (int, float)) or slot.points <= 0:
            raise ValueError(_("points of question {number} must be a positive number").format(number=slot.number))
        return slot

    @property
    def variant_key(self) -> tuple[Any, ...]:
        """What identifies the variant: slots with equal keys are judged the same way."""
        return (self.id, self.version, self.variant_seed, self.choice_order, self.points)

    def variant(self, bank: Bank) -> Variant:
        """The variant this slot showed, rebuilt from its parameters and option order."""
        question = bank.get(self.id)
        where = _("question {number} ({id})").format(number=self.number, id=self.id)
        if question.meta.version != self.version:
            raise UsageError(_("{where}: the exam was built with version {built}, the bank now has version {now}; "
                               "grade with the bank the exam was built from").format(
                where=where, built=self.version, now=question.meta.version))
        params = normalise_params(question.schema, self.params)
        options = []
        if self.choice_order is not None:
            original = list(question.module.options(params))
            if sorted(self.choice_order) != list(range(len(original))):
                raise UsageError(_("{where}: the bank's options no longer match the exam's; grade with the bank "
                                   "the exam was built from").format(where=where))
            options = [original[i] for i in self.choice_order]
        variant = Variant(question, self.variant_seed, params, options)
        if variant.answer_text() != self.key:
            raise UsageError(_("{where}: the bank's key is now {now}, the exam's is {built}; grade with the bank "
                               "the exam was built from").format(where=where, now=repr(variant.answer_text()),
                                                                 built=repr(self.key)))
        return variant


@dataclass(frozen=True)
class Paper:
    """One student's paper."""

    student: Student
    slots: tuple[Slot, ...]
    form: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.student.name, "extra": self.student.extra, "form": self.form,
                "questions": [s.to_dict() for s in self.slots]}


@dataclass(frozen=True)
class Manifest:
    """A built exam. `exam` holds the specification's texts (title, course, date, duration,
    instructions, language, seed) and the sections' titles and sizes."""

    exam: dict[str, Any]
    papers: dict[str, Paper] = field(default_factory=dict)  # by student id

    @property
    def language(self) -> str:
        return str(self.exam["language"])

    @property
    def size(self) -> int:
        return int(self.exam["questions"])

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "exam": self.exam,
                "students": {sid: paper.to_dict() for sid, paper in self.papers.items()}}

    def write(self, folder: Path) -> Path:
        path = folder / FILE_NAME
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                        encoding="utf-8", newline="\n")
        return path


def read_manifest(folder: Path) -> Manifest:
    """The manifest of the exam built into `folder`; UsageError when there is none or it is broken."""
    path = folder / FILE_NAME
    if not path.is_file():
        raise UsageError(_("{folder}: no {file}; is it a folder written by `grade exam build`?").format(
            folder=folder, file=FILE_NAME))
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise UsageError(_("{path}: larger than {limit} bytes").format(path=path, limit=MAX_MANIFEST_BYTES))
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise UsageError(_("{path}: cannot read: {reason}").format(path=path, reason=exc)) from None
    try:
        if data.get("schema") != SCHEMA:
            raise ValueError(_("schema is {found}, expected {expected}").format(found=repr(data.get("schema")),
                                                                                  expected=repr(SCHEMA)))
        exam = dict(data["exam"])
        size = int(exam["questions"])
        papers: dict[str, Paper] = {}
        for sid, entry in data["students"].items():
            if check_student_id(sid) is not None:
                raise ValueError(_("student id {id} is not safe as a file name").format(id=repr(sid)))
            slots = tuple(Slot.from_dict(s) for s in entry["questions"])
            if [s.number for s in slots] != list(range(1, size + 1)):
                raise ValueError(_("student {id}: questions must be numbered 1..{size}").format(id=sid, size=size))
            student = Student(sid, str(entry["name"]), {str(k): str(v) for k, v in entry.get("extra", {}).items()})
            papers[sid] = Paper(student, slots, entry.get("form"))
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise UsageError(_("{path}: malformed: {error}").format(path=path, error=exc)) from None
    return Manifest(exam, papers)

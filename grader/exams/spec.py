"""Exam specifications: the YAML file an instructor writes, read into frozen dataclasses.

```yaml
title: Deep learning, final review
course: DL 2026
date: 2026-12-20
duration: 90 min
language: both            # en | zh | both
seed: 20261220
sections:
  - title: Calculations
    pick: {topic: cnn, kind: numeric}   # also difficulty, tags; {} picks from the whole bank
    count: 2
    points: 2
  - title: Derivations
    questions: [logistic.ce_gradient_w, regularization.l2_update]
    points: 4
    shuffle: false
```

Every error is one `UsageError` naming the file, the line and the field (`sections[2].pick.topic`),
with a did-you-mean for unknown ids, topics, kinds, tags and keys. The questions a `pick` may draw
are resolved here, against the bank, so that a filter matching fewer questions than asked fails
before any paper is built.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from grader.bank import Bank, Question
from grader.bank.authoring import KINDS
from grader.errors import UsageError
from grader.exams.words import LANGUAGES
from grader.exams.yamlsafe import Located, LocatedList, Refused, describe_error, load_located
from grader.i18n import _

MAX_SPEC_BYTES = 1 << 20
EXAM_LANGUAGES = (*LANGUAGES, "both")
_EXAM_KEYS = ("title", "course", "date", "duration", "instructions", "language", "seed", "sections")
_SECTION_KEYS = ("title", "questions", "pick", "count", "points", "shuffle", "shuffle_choices")
_PICK_KEYS = ("topic", "kind", "difficulty", "tags")

Text = Mapping[str, str]  # {"en": ..., "zh": ...}; the same text in both when the spec gives one string


@dataclass(frozen=True)
class Pick:
    """A filter over the bank; None (or empty) matches everything."""

    topic: str | None = None
    kind: str | None = None
    difficulty: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """One section: explicit `questions`, or `count` questions drawn from `pool` (the ids `pick`
    matches, minus those listed explicitly anywhere in the exam). `points` is per question; None
    keeps each question's own points."""

    title: Text
    questions: tuple[str, ...]
    pick: Pick | None
    count: int
    pool: tuple[str, ...]
    points: float | None
    shuffle: bool
    shuffle_choices: bool
    line: int

    @property
    def size(self) -> int:
        """How many questions the section puts on each paper."""
        return len(self.questions) if self.pick is None else self.count


@dataclass(frozen=True)
class ExamSpec:
    title: str
    course: str
    date: str
    duration: str
    instructions: Text
    language: str  # en | zh | both
    seed: int
    sections: tuple[Section, ...]
    path: Path

    @property
    def size(self) -> int:
        return sum(s.size for s in self.sections)


class _Fields:
    """Typed access to one mapping of the spec, every error naming file, line and field."""

    def __init__(self, path: Path, data: Located, prefix: str, known: tuple[str, ...]) -> None:
        self.path, self.data, self.prefix = path, data, prefix
        for key in data:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1)
                if close:
                    message = _("unknown field `{field}`; did you mean `{close}`?").format(field=self.name(key),
                                                                                          close=close[0])
                else:
                    message = _("unknown field `{field}`; expected {known}").format(field=self.name(key),
                                                                                     known=", ".join(known))
                raise self.error(key, message, at_key=True)

    def name(self, key: object) -> str:
        return f"{self.prefix}{key}"

    def line(self, key: object) -> int:
        return self.data.lines.get(key, self.data.line)

    def error(self, key: object, message: str, *, at_key: bool = False) -> UsageError:
        text = message if at_key else _("`{field}`: {message}").format(field=self.name(key), message=message)
        return UsageError(_("{path}: line {line}: {message}").format(path=self.path, line=self.line(key),
                                                                     message=text))

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def text(self, key: str, *, default: str | None = None) -> str:
        value = self.data.get(key)
        if value is None:
            if default is None:
                raise UsageError(_("{path}: line {line}: `{field}` is required").format(
                    path=self.path, line=self.data.line, field=self.name(key)))
            return default
        if isinstance(value, (_dt.date, int, float)) and not isinstance(value, bool):
            return value.isoformat() if isinstance(value, _dt.date) else str(value)
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, _("expected text, got {what}").format(what=_type(value)))
        return value.strip()

    def bilingual(self, key: str, *, default: str) -> Text:
        """Text given once (both languages) or as {en: ..., zh: ...}."""
        value = self.data.get(key)
        if value is None:
            return dict.fromkeys(LANGUAGES, default)
        if isinstance(value, str):
            return dict.fromkeys(LANGUAGES, value.strip())
        if isinstance(value, Mapping) and set(value) <= set(LANGUAGES) and value \
                and all(isinstance(v, str) for v in value.values()):
            first = next(iter(value.values()))
            return {lang: str(value.get(lang, first)).strip() for lang in LANGUAGES}
        raise self.error(key, _("expected text or {{en: ..., zh: ...}}, got {what}").format(what=_type(value)))

    def integer(self, key: str, *, minimum: int | None = None) -> int:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, _("expected an integer, got {what}").format(what=_type(value)))
        if minimum is not None and value < minimum:
            raise self.error(key, _("must be at least {minimum}, got {value}").format(minimum=minimum, value=value))
        return value

    def number(self, key: str) -> float:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0 or value == float("inf"):
            raise self.error(key, _("expected a positive number, got {value}").format(value=repr(value)))
        return value

    def flag(self, key: str, *, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, _("expected true or false, got {value}").format(value=repr(value)))
        return value

    def choice(self, key: str, choices: tuple[str, ...], *, default: str) -> str:
        value = self.data.get(key, default)
        if value not in choices:
            raise self.error(key, _("expected one of {choices}, got {value}").format(choices=", ".join(choices),
                                                                                      value=repr(value)))
        return str(value)


def _type(value: object) -> str:
    """What a value is, in words, for messages (in the current language)."""
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, (int, float)):
        return _("the number {value}").format(value=repr(value))
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        return _("text")
    return type(value).__name__


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=3)
    return _("; did you mean {words}?").format(words=", ".join(close)) if close else ""


def load_spec(path: Path, bank: Bank) -> ExamSpec:
    """Read and check the specification at `path` against `bank`."""
    try:
        if path.stat().st_size > MAX_SPEC_BYTES:
            raise UsageError(_("{path}: larger than {limit} bytes; is it an exam specification?").format(
                path=path, limit=MAX_SPEC_BYTES))
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(_("{path}: cannot read: {reason}").format(path=path, reason=exc)) from None
    try:
        data = load_located(text)
    except yaml.YAMLError as exc:
        raise UsageError(_("{path}: malformed YAML: {problem}").format(path=path, problem=describe_error(exc))) \
            from None
    except Refused as exc:
        raise UsageError(f"{path}: {exc}") from None
    if not isinstance(data, Located):
        raise UsageError(_("{path}: line 1: expected a mapping of exam fields (title, seed, sections...), got "
                           "{what}").format(path=path, what=_type(data)))
    top = _Fields(path, data, "", _EXAM_KEYS)
    sections_data = data.get("sections")
    if not isinstance(sections_data, LocatedList) or not sections_data:
        raise top.error("sections", _("expected a non-empty list of sections")) if "sections" in data else \
            UsageError(_("{path}: line {line}: `{field}` is required").format(path=path, line=data.line,
                                                                              field="sections"))
    explicit: dict[str, str] = {}  # question id -> the field that lists it
    raw_sections: list[tuple[_Fields, LocatedList | None, Pick | None]] = []
    for index, item in enumerate(sections_data):
        prefix = f"sections[{index + 1}]."
        if not isinstance(item, Located):
            raise UsageError(_("{path}: line {line}: `sections[{number}]`: expected a mapping (title, questions or "
                               "pick, points...), got {what}").format(path=path, line=sections_data.lines[index],
                                                                      number=index + 1, what=_type(item)))
        fields = _Fields(path, item, prefix, _SECTION_KEYS)
        if fields.has("questions") == fields.has("pick"):
            raise UsageError(_("{path}: line {line}: `sections[{number}]` needs either `questions` (a list of ids) "
                               "or `pick` (a filter) with `count`").format(path=path, line=item.line,
                                                                           number=index + 1))
        if fields.has("questions"):
            if "count" in item:
                raise fields.error("count", _("`count` goes with `pick`; `questions` are all used"))
            raw_sections.append((fields, _question_ids(fields, bank, explicit), None))
        else:
            raw_sections.append((fields, None, _pick(fields, bank)))
    sections: list[Section] = []
    earlier: list[tuple[set[str], int]] = []  # each pick section's pool and count
    for fields, listed, pick in raw_sections:
        title = fields.bilingual("title", default="")
        points = fields.number("points") if fields.has("points") else None
        shuffle = fields.flag("shuffle", default=True)
        shuffle_choices = fields.flag("shuffle_choices", default=True)
        if pick is None:
            assert listed is not None
            sections.append(Section(title, tuple(listed), None, 0, (), points, shuffle, shuffle_choices,
                                    fields.data.line))
            continue
        if not fields.has("count"):
            raise UsageError(_("{path}: line {line}: `{field}` is required with `pick`").format(
                path=path, line=fields.data.line, field=fields.name("count")))
        count = fields.integer("count", minimum=1)
        pool = [q.id for q in _matching(bank, pick) if q.id not in explicit]
        # Earlier pick sections may have drawn from this pool already (each paper draws without
        # repeats): ask for enough that every paper can be filled, whatever they drew.
        taken = sum(min(n, len(other & set(pool))) for other, n in earlier)
        if len(pool) < count + taken:
            matches = _("matches {n} question(s)").format(n=len(pool))
            if explicit:
                matches = _("{matches} (questions listed in `questions` are left out)").format(matches=matches)
            if taken:
                matches = _("{matches}; earlier sections may use {taken} of them").format(matches=matches,
                                                                                          taken=taken)
            raise fields.error("pick", _("{matches}, which leaves fewer than the {count} asked by `count`").format(
                matches=matches, count=count))
        earlier.append((set(pool), count))
        sections.append(Section(title, (), pick, count, tuple(pool), points, shuffle, shuffle_choices,
                                fields.data.line))
    seed = top.integer("seed") if "seed" in data else None
    if seed is None:
        raise UsageError(_("{path}: line {line}: `seed` is required (an integer: it fixes every paper)").format(
            path=path, line=data.line))
    return ExamSpec(
        title=top.text("title"), course=top.text("course", default=""), date=top.text("date", default=""),
        duration=top.text("duration", default=""), instructions=top.bilingual("instructions", default=""),
        language=top.choice("language", EXAM_LANGUAGES, default="en"), seed=seed, sections=tuple(sections),
        path=path,
    )


def _question_ids(fields: _Fields, bank: Bank, explicit: dict[str, str]) -> LocatedList:
    ids = fields.data["questions"]
    if not isinstance(ids, LocatedList) or not ids:
        raise fields.error("questions", _("expected a non-empty list of question ids, got {what}").format(
            what=_type(ids)))
    for position, qid in enumerate(ids):
        field = f"{fields.name('questions')}[{position + 1}]"
        where = _("{path}: line {line}: `{field}`").format(path=fields.path, line=ids.lines[position], field=field)
        if not isinstance(qid, str):
            raise UsageError(_("{where}: expected a question id, got {what}").format(where=where, what=_type(qid)))
        if qid not in bank.questions:
            raise UsageError(_("{where}: unknown question id {id}{hint}").format(
                where=where, id=repr(qid), hint=_did_you_mean(qid, list(bank.questions))))
        if qid in explicit:
            raise UsageError(_("{where}: {id} is already listed in `{field}`").format(where=where, id=qid,
                                                                                      field=explicit[qid]))
        explicit[qid] = field
    return ids


def _pick(fields: _Fields, bank: Bank) -> Pick:
    data = fields.data["pick"]
    if not isinstance(data, Located):
        raise fields.error("pick", _("expected a mapping such as {{topic: cnn, kind: numeric}}, got {what}").format(
            what=_type(data)))
    pick = _Fields(fields.path, data, fields.name("pick") + ".", _PICK_KEYS)
    topic = kind = None
    if pick.has("topic"):
        topic = pick.text("topic")
        topics = sorted({q.topic for q in bank})
        if topic not in topics and not any(t.startswith(topic + ".") for t in topics):
            raise pick.error("topic", _("unknown topic {topic}{hint}").format(topic=repr(topic),
                                                                              hint=_did_you_mean(topic, topics)))
    if pick.has("kind"):
        kind = pick.text("kind")
        if kind not in KINDS:
            raise pick.error("kind", _("unknown kind {kind}; expected one of {kinds}").format(kind=repr(kind),
                                                                                              kinds=", ".join(KINDS)))
    difficulty: tuple[int, ...] = ()
    if pick.has("difficulty"):
        value = data["difficulty"]
        values = value if isinstance(value, list) else [value]
        if not values or not all(v in (1, 2, 3) and not isinstance(v, bool) for v in values):
            raise pick.error("difficulty", _("expected 1, 2 or 3, or a list of them, got {value}").format(
                value=repr(value)))
        difficulty = tuple(sorted(set(values)))
    tags: tuple[str, ...] = ()
    if pick.has("tags"):
        value = data["tags"]
        values = value if isinstance(value, list) else [value]
        if not values or not all(isinstance(v, str) and v for v in values):
            raise pick.error("tags", _("expected a tag or a list of tags, got {value}").format(value=repr(value)))
        known = sorted({t for q in bank for t in q.meta.tags})
        for tag in values:
            if tag not in known:
                raise pick.error("tags", _("unknown tag {tag}{hint}").format(tag=repr(tag),
                                                                             hint=_did_you_mean(tag, known)))
        tags = tuple(values)
    return Pick(topic=topic, kind=kind, difficulty=difficulty, tags=tags)


def _matching(bank: Bank, pick: Pick) -> list[Question]:
    """The bank's questions the filter matches, in id order."""
    return [q for q in bank
            if (pick.topic is None or q.topic == pick.topic or q.topic.startswith(pick.topic + "."))
            and (pick.kind is None or q.meta.kind == pick.kind)
            and (not pick.difficulty or q.meta.difficulty in pick.difficulty)
            and all(tag in q.meta.tags for tag in pick.tags)]

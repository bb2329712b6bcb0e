"""Question discovery: a question is a module whose path below a bank folder is its id.

`cnn/conv_output_size.py` is `cnn.conv_output_size`; a leading `_` (on a file or a folder) marks a
helper module that questions may import but that is not a question. Instructors add banks of their
own (`--bank DIR` or `banks:` in `grade.yaml`); their questions get the same checks. Question
modules are instructors' code and are imported; student text never is.

Each bank folder is imported as a package of its own (`grader.bank.packages`), so a question
imports its bank's helpers relatively (`from ._logistic import gradient`), in the bundled bank and
in instructor banks alike, and two banks with the same topic folder do not see each other's
helpers. A question or helper that fails to import is one UsageError naming its file and line.

A bank folder may hold a topic map, `syllabus.yaml` (`grader.bank.syllabus`): then `META.covers`
of each of its questions must name one of its rows (checked here, at load time, with a
did-you-mean); a bank without one takes no `covers`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from grader.answers.kinds import get_kind
from grader.bank.authoring import KINDS, LANGUAGES, Meta, Mistake, Param
from grader.bank.packages import BankPackage
from grader.bank.syllabus import FILE_NAME as SYLLABUS_FILE
from grader.bank.syllabus import Coverage, Syllabus, coverage, load_syllabus
from grader.errors import UsageError
from grader.i18n import _

BUILTIN_BANK = Path(__file__).resolve().parent.parent.parent / "question_bank"


@dataclass(frozen=True)
class Question:
    id: str
    path: Path
    module: ModuleType = field(repr=False, compare=False)
    root: Path | None = field(default=None, compare=False)  # the bank folder it was loaded from
    syllabus: Syllabus | None = field(default=None, repr=False, compare=False)  # that folder's topic map

    @property
    def meta(self) -> Meta:
        return self.module.META

    @property
    def topic(self) -> str:
        return self.id.rsplit(".", 1)[0]

    @property
    def schema(self) -> Mapping[str, Param]:
        return getattr(self.module, "PARAMS", {})

    @property
    def mistakes(self) -> Sequence[Mistake]:
        return getattr(self.module, "MISTAKES", ())

    def summary(self) -> dict:
        m = self.meta
        return {"id": self.id, "topic": self.topic, "kind": m.kind, "difficulty": m.difficulty,
                "points": m.points, "title": dict(m.title), "tags": list(m.tags), "source": m.source,
                "version": m.version, "covers": m.covers, "path": str(self.path)}


def _module_id(root: Path, path: Path) -> str:
    return ".".join(path.relative_to(root).with_suffix("").parts)


def _check_module(qid: str, path: Path, module: ModuleType, syllabus: Syllabus | None = None) -> None:
    """Structural checks at load time, with messages that name the file and the field."""

    def bad(message: str) -> UsageError:
        return UsageError(_("{path}: question {qid}: {message}").format(path=path, qid=qid, message=message))

    meta = getattr(module, "META", None)
    if not isinstance(meta, Meta):
        raise bad(_("META = Meta(...) is missing"))
    if not isinstance(meta.kind, str) or meta.kind not in KINDS:
        raise bad(_("META.kind {kind} is not one of {kinds}").format(kind=repr(meta.kind), kinds=", ".join(KINDS)))
    kind = get_kind(meta.kind)  # the registry (grader.answers.kinds) says what each kind needs
    if not isinstance(meta.check, kind.settings):
        raise bad(_("a {kind} question needs check={settings}(...)").format(kind=meta.kind,
                                                                          settings=kind.settings.__name__))
    if meta.difficulty not in (1, 2, 3):
        raise bad(_("META.difficulty must be 1, 2 or 3"))
    if not isinstance(meta.points, (int, float)) or meta.points <= 0:
        raise bad(_("META.points must be a positive number"))
    for name, text in (("META.title", meta.title), ("PROMPT", getattr(module, "PROMPT", None))):
        if not isinstance(text, Mapping) or any(not isinstance(text.get(lang), str) or not str(text[lang]).strip()
                                                 for lang in LANGUAGES):
            raise bad(_("{name} needs non-empty text for each of {languages}").format(name=name,
                                                                                      languages=", ".join(LANGUAGES)))
    if not callable(getattr(module, "generate", None)):
        raise bad(_("generate(rng) is missing"))
    schema = getattr(module, "PARAMS", {})
    if not isinstance(schema, Mapping) or not all(isinstance(v, Param) for v in schema.values()):
        raise bad(_("PARAMS must map names to Int/Real/OneOf/Seq"))
    needed = "options" if kind.uses_options else "answer"
    if not callable(getattr(module, needed, None)):
        raise bad(_("{function}(params) is missing").format(function=needed))
    if not isinstance(meta.covers, str):
        raise bad(_("META.covers must be the id of a syllabus row (text), got {type}").format(
            type=type(meta.covers).__name__))
    if meta.covers and syllabus is None:
        raise bad(_("META.covers={covers}, but its bank folder has no {file} to name rows from (add one, or leave "
                    "covers out)").format(covers=repr(meta.covers), file=SYLLABUS_FILE))
    if meta.covers and syllabus is not None and meta.covers not in syllabus.ids():
        raise bad(_("META.covers: {reason}").format(reason=syllabus.unknown_row(meta.covers)))


class Bank:
    """Questions from one or more bank folders, by id."""

    def __init__(self, questions: Mapping[str, Question],
                 syllabi: Mapping[Path, Syllabus | None] | None = None) -> None:
        self.questions = dict(sorted(questions.items()))
        # Each bank folder, in load order, with its topic map (None when it has none).
        self.syllabi: dict[Path, Syllabus | None] = dict(syllabi or {})

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions.values())

    def __len__(self) -> int:
        return len(self.questions)

    def get(self, qid: str) -> Question:
        try:
            return self.questions[qid]
        except KeyError:
            close = difflib.get_close_matches(qid, list(self.questions), n=3)
            if close:
                raise UsageError(_("unknown question id {qid}; did you mean {close}?").format(
                    qid=repr(qid), close=", ".join(close))) from None
            raise UsageError(_("unknown question id {qid}; see `grade bank list`").format(qid=repr(qid))) from None

    def select(self, *, topic: str | None = None, kind: str | None = None) -> list[Question]:
        if kind is not None and kind not in KINDS:
            raise UsageError(_("unknown kind {kind}; expected one of {kinds}").format(kind=repr(kind),
                                                                                      kinds=", ".join(KINDS)))
        topics = {q.topic for q in self}
        if topic is not None and topic not in topics and not any(t.startswith(topic + ".") for t in topics):
            raise UsageError(_("unknown topic {topic}; topics are {topics}").format(topic=repr(topic),
                                                                                    topics=", ".join(sorted(topics))))
        return [q for q in self
                if (topic is None or q.topic == topic or q.topic.startswith(topic + "."))
                and (kind is None or q.meta.kind == kind)]

    def coverage(self) -> list[Coverage]:
        """Per bank folder, its questions counted by syllabus row and kind (`grade bank list --coverage`)."""
        return [coverage(root, syllabus, ((q.id, q.meta.kind, q.meta.covers) for q in self if q.root == root))
                for root, syllabus in self.syllabi.items()]


def load_bank(extra: Iterable[Path] = (), *, builtin: bool = True) -> Bank:
    """Load the bundled bank (unless `builtin` is False) and each extra folder. Duplicate ids across
    folders are an error: an instructor's question must not silently replace another."""
    roots = ([BUILTIN_BANK] if builtin else []) + [Path(p) for p in extra]
    questions: dict[str, Question] = {}
    syllabi: dict[Path, Syllabus | None] = {}
    for root in roots:
        if not root.is_dir():
            raise UsageError(_("question bank folder {path} does not exist").format(path=root))
        syllabus_path = root / SYLLABUS_FILE
        syllabus = load_syllabus(syllabus_path) if syllabus_path.exists() else None
        syllabi[root] = syllabus
        package = BankPackage.fresh(root)
        for path in sorted(root.rglob("*.py")):
            rel = path.relative_to(root)
            if any(part.startswith(("_", ".")) for part in rel.parts):
                continue
            qid = _module_id(root, path)
            if qid in questions:
                raise UsageError(_("duplicate question id {qid}: {first} and {second}").format(
                    qid=qid, first=questions[qid].path, second=path))
            module = package.import_question(path, qid)
            _check_module(qid, path, module, syllabus)
            questions[qid] = Question(qid, path, module, root, syllabus)
    return Bank(questions, syllabi)



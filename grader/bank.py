"""The question bank: discovery by path, seeding, variants, answer checking and validation.

A question is a module whose path below a bank folder is its id (`cnn/conv_output_size.py` is
`cnn.conv_output_size`; a leading `_` marks a helper module). A variant is fully determined by
(id, META.version, seed): the seed is hashed with SHA-256 into the question's own
`numpy.random.Generator`, so variants are the same on every machine and Python version, and no
global RNG is touched.

Instructors add banks of their own (`--bank DIR` or `banks:` in `grade.yaml`); their questions get
the same validation. Question modules are instructors' code and are imported; student text never is.
"""

from __future__ import annotations

import difflib
import importlib.util
import math
import traceback
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from grader.errors import UsageError
from grader.question import KINDS, LANGUAGES, Choice, Meta, Mistake, Numeric, Option, Param, Symbolic, normalise_params
from grader.render import render_string
from grader.results import CheckResult, Verdict
from grader.seeds import derive_seed

BUILTIN_BANK = Path(__file__).resolve().parent.parent / "question_bank"
_CHECK_FOR_KIND = {"numeric": Numeric, "symbolic": Symbolic, "choice": Choice, "multi": Choice}


@dataclass(frozen=True)
class Question:
    id: str
    path: Path
    module: ModuleType = field(repr=False, compare=False)

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
                "version": m.version, "path": str(self.path)}


@dataclass
class Variant:
    """One concrete instance of a question: parameters, the key and (for choice kinds) the options
    in their shuffled order."""

    question: Question
    seed: int | None
    params: dict
    options: list[Option] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.question.meta.kind

    @cached_property
    def key(self) -> Any:
        """The key: a number, a sympy expression, or the list of correct letters."""
        if self.kind in ("choice", "multi"):
            return [letter for letter, option in zip(_letters(len(self.options)), self.options) if option.correct]
        return self.question.module.answer(self.params)

    def answer_text(self) -> str:
        """The key written as a student could type it."""
        if self.kind in ("choice", "multi"):
            return ", ".join(self.key)
        if self.kind == "numeric":
            from grader.checks.numeric import format_number

            return format_number(self.key, self.question.meta.check)
        from grader.checks.symbolic import to_plain

        return to_plain(self.key)

    def prompt(self, lang: str = "en") -> str:
        return render_string(self.question.module.PROMPT[lang], **self.params)

    def explanation(self, lang: str = "en") -> str:
        source = getattr(self.question.module, "EXPLANATION", {}).get(lang)
        return render_string(source, **self.params) if source else ""

    def choices(self, lang: str = "en") -> list[dict]:
        return [{"letter": letter, "text": render_string(option.text[lang], **self.params)}
                for letter, option in zip(_letters(len(self.options)), self.options)]

    def to_dict(self, lang: str = "en") -> dict:
        q = self.question
        d = {"id": q.id, "kind": self.kind, "version": q.meta.version, "seed": self.seed,
             "title": q.meta.title[lang], "topic": q.topic, "difficulty": q.meta.difficulty,
             "points": q.meta.points, "lang": lang, "params": self.params, "prompt": self.prompt(lang),
             "answer": self.answer_text(), "explanation": self.explanation(lang)}
        if self.kind in ("choice", "multi"):
            d["choices"] = self.choices(lang)
        return d

    def _mistakes(self, lang: str) -> list[tuple]:
        """(wrong answer, feedback, credit) for the mistakes that apply to this variant; a mistake
        whose `answer` returns None does not apply here."""
        listed = ((m.answer(self.params), m) for m in self.question.mistakes)
        return [(value, m.feedback[lang], m.credit) for value, m in listed if value is not None]

    def check(self, text: str, *, lang: str = "en") -> CheckResult:
        """Check a student's answer text against this variant."""
        meta = self.question.meta
        if self.kind == "numeric":
            from grader.checks.numeric import check_numeric

            return check_numeric(text, key=self.key, spec=meta.check, max_score=meta.points,
                                 mistakes=self._mistakes(lang))
        if self.kind == "symbolic":
            from grader.checks.symbolic import check_symbolic

            return check_symbolic(text, key=self.key, spec=meta.check, max_score=meta.points,
                                  mistakes=self._mistakes(lang), seed=derive_seed(self.question.id, "points"))
        from grader.checks.choice import check_choice

        letters = _letters(len(self.options))
        hints = {letter: render_string(o.feedback[lang], **self.params)
                 for letter, o in zip(letters, self.options) if o.feedback and not o.correct}
        return check_choice(text, correct=self.key, n_options=len(self.options), multi=self.kind == "multi",
                            max_score=meta.points, option_feedback=hints)


def _letters(n: int) -> list[str]:
    return [chr(ord("A") + i) for i in range(n)]


# ---------------------------------------------------------------------------------------------
# Discovery and loading


def _module_id(root: Path, path: Path) -> str:
    return ".".join(path.relative_to(root).with_suffix("").parts)


def _import(path: Path, qid: str) -> ModuleType:
    name = f"grade_bank.{qid}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise UsageError(f"{path}:{exc.lineno}: syntax error in question {qid}: {exc.msg}") from None
    except Exception as exc:  # an instructor's module failed at import: say where, briefly
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        raise UsageError(f"{path}: question {qid} failed to load: {type(exc).__name__}: {exc} "
                         f"(line {frame.lineno})") from None
    return module


def _check_module(qid: str, path: Path, module: ModuleType) -> None:
    """Structural checks at load time, with messages that name the file and the field."""

    def bad(message: str) -> UsageError:
        return UsageError(f"{path}: question {qid}: {message}")

    meta = getattr(module, "META", None)
    if not isinstance(meta, Meta):
        raise bad("META = Meta(...) is missing")
    if meta.kind not in KINDS:
        raise bad(f"META.kind {meta.kind!r} is not one of {', '.join(KINDS)}")
    if not isinstance(meta.check, _CHECK_FOR_KIND[meta.kind]):
        raise bad(f"a {meta.kind} question needs check={_CHECK_FOR_KIND[meta.kind].__name__}(...)")
    if meta.difficulty not in (1, 2, 3):
        raise bad("META.difficulty must be 1, 2 or 3")
    if not isinstance(meta.points, (int, float)) or meta.points <= 0:
        raise bad("META.points must be a positive number")
    for name, text in (("META.title", meta.title), ("PROMPT", getattr(module, "PROMPT", None))):
        if not isinstance(text, Mapping) or any(not isinstance(text.get(lang), str) or not text.get(lang).strip()
                                                 for lang in LANGUAGES):
            raise bad(f"{name} needs non-empty text for each of {', '.join(LANGUAGES)}")
    if not callable(getattr(module, "generate", None)):
        raise bad("generate(rng) is missing")
    schema = getattr(module, "PARAMS", {})
    if not isinstance(schema, Mapping) or not all(isinstance(v, Param) for v in schema.values()):
        raise bad("PARAMS must map names to Int/Real/OneOf/Seq")
    needed = "options" if meta.kind in ("choice", "multi") else "answer"
    if not callable(getattr(module, needed, None)):
        raise bad(f"{needed}(params) is missing")


class Bank:
    """Questions from one or more bank folders, by id."""

    def __init__(self, questions: Mapping[str, Question]) -> None:
        self.questions = dict(sorted(questions.items()))

    def __iter__(self):
        return iter(self.questions.values())

    def __len__(self) -> int:
        return len(self.questions)

    def get(self, qid: str) -> Question:
        try:
            return self.questions[qid]
        except KeyError:
            close = difflib.get_close_matches(qid, list(self.questions), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else "; see `grade bank list`"
            raise UsageError(f"unknown question id {qid!r}{hint}") from None

    def select(self, *, topic: str | None = None, kind: str | None = None) -> list[Question]:
        if kind is not None and kind not in KINDS:
            raise UsageError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
        topics = {q.topic for q in self}
        if topic is not None and topic not in topics and not any(t.startswith(topic + ".") for t in topics):
            raise UsageError(f"unknown topic {topic!r}; topics are {', '.join(sorted(topics))}")
        return [q for q in self
                if (topic is None or q.topic == topic or q.topic.startswith(topic + "."))
                and (kind is None or q.meta.kind == kind)]


def load_bank(extra: Iterable[Path] = (), *, builtin: bool = True) -> Bank:
    """Load the bundled bank (unless `builtin` is False) and each extra folder. Duplicate ids across
    folders are an error: an instructor's question must not silently replace another."""
    roots = ([BUILTIN_BANK] if builtin else []) + [Path(p) for p in extra]
    questions: dict[str, Question] = {}
    for root in roots:
        if not root.is_dir():
            raise UsageError(f"question bank folder {root} does not exist")
        for path in sorted(root.rglob("*.py")):
            rel = path.relative_to(root)
            if any(part.startswith(("_", ".")) for part in rel.parts):
                continue
            qid = _module_id(root, path)
            if qid in questions:
                raise UsageError(f"duplicate question id {qid}: {questions[qid].path} and {path}")
            module = _import(path, qid)
            _check_module(qid, path, module)
            questions[qid] = Question(qid, path, module)
    return Bank(questions)


# ---------------------------------------------------------------------------------------------
# Variants


def make_variant(question: Question, *, seed: int | None = 0, params: Mapping | None = None) -> Variant:
    """The variant for `seed`, or for explicit `params` (validated against the question's schema)."""
    meta = question.meta
    if params is not None:
        values = normalise_params(question.schema, params)
        seed = None
    else:
        rng = np.random.default_rng(derive_seed(question.id, meta.version, seed))
        raw = question.module.generate(rng)
        try:
            values = normalise_params(question.schema, raw)
        except UsageError as exc:
            raise UsageError(f"question {question.id}: generate() broke its own schema: {exc}") from None
    options: list[Option] = []
    if meta.kind in ("choice", "multi"):
        options = list(question.module.options(values))
        if meta.check.shuffle:
            order = np.random.default_rng(derive_seed(question.id, meta.version, seed, values, "options"))
            options = [options[i] for i in order.permutation(len(options))]
    return Variant(question, seed, values, options)


# ---------------------------------------------------------------------------------------------
# Validation


@dataclass
class Validation:
    id: str
    variants: int = 0
    checks: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def _distinct_variants(question: Question, seeds: int) -> Iterable[tuple[int, Variant]]:
    seen: set[str] = set()
    for seed in range(seeds):
        variant = make_variant(question, seed=seed)
        fingerprint = repr((variant.params, [o.text for o in variant.options]))
        if fingerprint not in seen:
            seen.add(fingerprint)
            yield seed, variant


def _mistake_text(variant: Variant, mistake: Mistake) -> str | None:
    value = mistake.answer(variant.params)
    if value is None:
        return None
    if variant.kind == "numeric":
        from grader.checks.numeric import format_number

        return format_number(value, variant.question.meta.check)
    from grader.checks.symbolic import to_plain

    return to_plain(value)


def validate_question(question: Question, *, seeds: int = 50) -> Validation:
    """Run every self-test of one question over many seeds; failures are collected, not raised."""
    result = Validation(question.id)
    positions: list[int] = []
    n_options = 0

    def fail(seed: int, message: str) -> None:
        if len(result.failures) < 10:
            result.failures.append(f"seed {seed}: {message}")

    try:
        variants = list(_distinct_variants(question, seeds))
    except Exception as exc:  # noqa: BLE001 - a broken question is a validation failure, not a crash
        result.failures.append(f"generate/schema: {type(exc).__name__}: {exc}")
        return result
    for seed, variant in variants:
        result.variants += 1
        try:
            for lang in LANGUAGES:
                if not variant.prompt(lang).strip():
                    fail(seed, f"empty prompt ({lang})")
                variant.explanation(lang)
                result.checks += 1
            answer = variant.answer_text()
            outcome = variant.check(answer)
            result.checks += 1
            if outcome.verdict is not Verdict.CORRECT:
                fail(seed, f"the key {answer!r} does not pass its own checker: {outcome.verdict} {outcome.feedback}")
            for i, mistake in enumerate(question.mistakes):
                wrong = _mistake_text(variant, mistake)
                if wrong is None:
                    continue
                outcome = variant.check(wrong)
                result.checks += 1
                if outcome.verdict is Verdict.CORRECT:
                    fail(seed, f"listed mistake #{i + 1} ({wrong!r}) is accepted as correct")
            if variant.options:
                n_options = len(variant.options)
                for lang in LANGUAGES:
                    texts = [c["text"] for c in variant.choices(lang)]
                    if len(set(texts)) != len(texts) or not all(t.strip() for t in texts):
                        fail(seed, f"options are not distinct and non-empty ({lang})")
                n_correct = len(variant.key)
                if n_correct == 0 or variant.kind == "choice" and n_correct != 1:
                    fail(seed, f"{n_correct} correct options for a {variant.kind} question")
                positions.extend(ord(letter) - ord("A") for letter in variant.key)
                result.checks += 1
                for i, option in enumerate(variant.options):
                    if not option.correct and variant.check(chr(ord("A") + i)).verdict is Verdict.CORRECT:
                        fail(seed, f"wrong option {chr(ord('A') + i)} is accepted")
        except Exception as exc:  # noqa: BLE001
            fail(seed, f"{type(exc).__name__}: {exc}")
    if positions and question.meta.check.shuffle and result.variants >= 4 * n_options:
        result.checks += 1
        problem = _position_spread(positions, n_options)
        if problem:
            result.failures.append(problem)
    return result


def _position_spread(positions: Sequence[int], n_options: int) -> str | None:
    """Chi-square test that the correct option's position is spread evenly (p > 0.001)."""
    counts = np.bincount(positions, minlength=n_options)
    expected = len(positions) / n_options
    chi2 = float(((counts - expected) ** 2 / expected).sum())
    # Wilson–Hilferty approximation of the chi-square upper tail, good enough for a 0.001 cut-off.
    k = n_options - 1
    z = ((chi2 / k) ** (1 / 3) - (1 - 2 / (9 * k))) / math.sqrt(2 / (9 * k))
    p = 0.5 * math.erfc(z / math.sqrt(2))
    if p < 0.001:
        return f"the correct option's position is not spread evenly across seeds (counts {counts.tolist()})"
    return None


def validate(bank: Bank, ids: Sequence[str] = (), *, seeds: int = 50) -> list[Validation]:
    questions = [bank.get(qid) for qid in ids] if ids else list(bank)
    return [validate_question(q, seeds=seeds) for q in questions]

"""Variants: one concrete instance of a question, fully determined by (id, META.version, seed).

The seed is hashed with SHA-256 into the question's own `numpy.random.Generator`, so variants are
the same on every machine and Python version, and no global RNG is touched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from grader.answers import Kind, Task, WrongAnswer, check_answer, get_kind
from grader.answers import answer_text as _answer_text
from grader.answers.checking import check_answers
from grader.answers.settings import Choice, Settings
from grader.bank.authoring import Option, normalise_params
from grader.bank.loader import Question
from grader.errors import UsageError
from grader.i18n import _
from grader.render import render_string
from grader.results import AnswerResult
from grader.seeds import derive_seed


def shuffles_options(settings: Settings) -> bool:
    """Whether a question's options are permuted per variant (settings of kinds with options)."""
    return isinstance(settings, Choice) and settings.shuffle


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

    @property
    def kind_info(self) -> Kind:
        """The registry entry of this question's kind (`grader.answers.kinds`)."""
        return get_kind(self.kind)

    @cached_property
    def key(self) -> Any:
        """The key: what `answer(params)` returns (a number, a sympy expression...), or for kinds
        with options the list of correct letters."""
        if self.kind_info.uses_options:
            return [letter for letter, option in zip(_letters(len(self.options)), self.options) if option.correct]
        return self.question.module.answer(self.params)

    def answer_text(self) -> str:
        """The key written as a student could type it."""
        return _answer_text(self.key, kind=self.kind, settings=self.question.meta.check)

    def mistake_text(self, value: Any) -> str:
        """A listed mistake's value written as a student could type it."""
        return _answer_text(value, kind=self.kind, settings=self.question.meta.check)

    def prompt(self, lang: str = "en") -> str:
        return render_string(self.question.module.PROMPT[lang], **self.params)

    def explanation(self, lang: str = "en") -> str:
        source = getattr(self.question.module, "EXPLANATION", {}).get(lang)
        return render_string(source, **self.params) if source else ""

    def choices(self, lang: str = "en") -> list[dict]:
        return [{"letter": letter, "text": render_string(option.text[lang], **self.params)}
                for letter, option in zip(_letters(len(self.options)), self.options)]

    def to_dict(self, lang: str = "en", *, reveal: bool = True) -> dict:
        """The variant as a front end needs it, in `lang`. Without `reveal`, what a student may see
        before answering: no answer and no explanation (the options never say which are correct)."""
        q = self.question
        d = {"id": q.id, "kind": self.kind, "version": q.meta.version, "seed": self.seed,
             "title": q.meta.title[lang], "topic": q.topic, "difficulty": q.meta.difficulty,
             "points": q.meta.points, "lang": lang, "params": self.params, "prompt": self.prompt(lang)}
        if reveal:
            d |= {"answer": self.answer_text(), "explanation": self.explanation(lang)}
        if self.kind_info.uses_options:
            d["choices"] = self.choices(lang)
        return d

    def _mistakes(self, lang: str) -> tuple[WrongAnswer, ...]:
        """The listed mistakes that apply to this variant; a mistake whose `answer` returns None
        does not apply here."""
        listed = ((m.answer(self.params), m) for m in self.question.mistakes)
        return tuple(WrongAnswer(value, m.feedback[lang], m.credit) for value, m in listed if value is not None)

    def task(self, lang: str = "en") -> Task:
        """What a checker needs to judge answers to this variant, with feedback in `lang`."""
        meta = self.question.meta
        hints = {letter: render_string(o.feedback[lang], **self.params)
                 for letter, o in zip(_letters(len(self.options)), self.options) if o.feedback and not o.correct}
        return Task(kind=self.kind, key=self.key, settings=meta.check, max_score=meta.points,
                    mistakes=self._mistakes(lang), option_feedback=hints, n_options=len(self.options),
                    seed=derive_seed(self.question.id, "points"), lang=lang)

    def check(self, text: str, *, lang: str = "en") -> AnswerResult:
        """Check a student's answer text against this variant (`grader.answers.check_answer`)."""
        return check_answer(text, self.task(lang))

    def check_own(self, texts: Sequence[str], *, lang: str = "en") -> list[AnswerResult]:
        """Check the question's own texts (key, mistakes, options) in one go, for validation."""
        return check_answers(texts, self.task(lang))


def _letters(n: int) -> list[str]:
    return [chr(ord("A") + i) for i in range(n)]


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
            raise UsageError(_("question {id}: generate() broke its own schema: {error}").format(
                id=question.id, error=exc)) from None
    options: list[Option] = []
    if get_kind(meta.kind).uses_options:
        options = list(question.module.options(values))
        if shuffles_options(meta.check):
            order = np.random.default_rng(derive_seed(question.id, meta.version, seed, values, "options"))
            options = [options[i] for i in order.permutation(len(options))]
    return Variant(question, seed, values, options)



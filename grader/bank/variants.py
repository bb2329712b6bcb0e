"""Variants: one concrete instance of a question, fully determined by (id, META.version, seed).

The seed is hashed with SHA-256 into the question's own `numpy.random.Generator`, so variants are
the same on every machine and Python version, and no global RNG is touched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from grader.bank.authoring import Option, normalise_params
from grader.bank.loader import Question
from grader.errors import UsageError
from grader.render import render_string
from grader.results import AnswerResult
from grader.seeds import derive_seed


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
            from grader.answers.numeric import format_number

            return format_number(self.key, self.question.meta.check)
        from grader.answers.symbolic import to_plain

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

    def check(self, text: str, *, lang: str = "en") -> AnswerResult:
        """Check a student's answer text against this variant."""
        meta = self.question.meta
        if self.kind == "numeric":
            from grader.answers.numeric import check_numeric

            return check_numeric(text, key=self.key, spec=meta.check, max_score=meta.points,
                                 mistakes=self._mistakes(lang))
        if self.kind == "symbolic":
            from grader.answers.symbolic import check_symbolic

            return check_symbolic(text, key=self.key, spec=meta.check, max_score=meta.points,
                                  mistakes=self._mistakes(lang), seed=derive_seed(self.question.id, "points"))
        from grader.answers.choice import check_choice

        letters = _letters(len(self.options))
        hints = {letter: render_string(o.feedback[lang], **self.params)
                 for letter, o in zip(letters, self.options) if o.feedback and not o.correct}
        return check_choice(text, correct=self.key, n_options=len(self.options), multi=self.kind == "multi",
                            max_score=meta.points, option_feedback=hints)


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
            raise UsageError(f"question {question.id}: generate() broke its own schema: {exc}") from None
    options: list[Option] = []
    if meta.kind in ("choice", "multi"):
        options = list(question.module.options(values))
        if meta.check.shuffle:
            order = np.random.default_rng(derive_seed(question.id, meta.version, seed, values, "options"))
            options = [options[i] for i in order.permutation(len(options))]
    return Variant(question, seed, values, options)



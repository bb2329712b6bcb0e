"""`grade bank validate`: every self-test of a question over many seeds.

Prompts render in both languages, the key passes its own checker, every listed mistake is
rejected, options are distinct and the correct option's position is spread evenly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from grader.bank.authoring import LANGUAGES, Mistake
from grader.bank.loader import Bank, Question
from grader.bank.variants import Variant, make_variant, shuffles_options
from grader.errors import UsageError
from grader.results import Verdict


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
    return None if value is None else variant.mistake_text(value)


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
    except Exception as exc:
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
            # The key, every listed mistake and every wrong option, judged in one child.
            answer = variant.answer_text()
            wrongs = [(i, text) for i, m in enumerate(question.mistakes)
                      if (text := _mistake_text(variant, m)) is not None]
            wrong_options = [chr(ord("A") + i) for i, o in enumerate(variant.options) if not o.correct]
            outcomes = variant.check_own([answer, *(t for _, t in wrongs), *wrong_options])
            result.checks += 1 + len(wrongs)
            outcome = outcomes[0]
            if outcome.verdict is not Verdict.CORRECT:
                fail(seed, f"the key {answer!r} does not pass its own checker: {outcome.verdict} {outcome.feedback}")
            for (i, wrong), outcome in zip(wrongs, outcomes[1:]):
                if outcome.verdict is Verdict.CORRECT:
                    fail(seed, f"listed mistake #{i + 1} ({wrong!r}) is accepted as correct")
            if variant.options:
                n_options = len(variant.options)
                for lang in LANGUAGES:
                    texts = [c["text"] for c in variant.choices(lang)]
                    if len(set(texts)) != len(texts) or not all(t.strip() for t in texts):
                        fail(seed, f"options are not distinct and non-empty ({lang})")
                positions.extend(ord(letter) - ord("A") for letter in variant.key)
                result.checks += 1
                for letter, outcome in zip(wrong_options, outcomes[1 + len(wrongs):]):
                    if outcome.verdict is Verdict.CORRECT:
                        fail(seed, f"wrong option {letter} is accepted")
        except UsageError as exc:  # the checker refused the key or a mistake: say why, as it does
            fail(seed, str(exc))
        except Exception as exc:
            fail(seed, f"{type(exc).__name__}: {exc}")
    if positions and shuffles_options(question.meta.check) and result.variants >= 4 * n_options:
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

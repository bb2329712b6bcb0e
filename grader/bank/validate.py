"""`grade bank validate`: every self-test of a question over many seeds.

A question is run over `seeds` seeds (`symbolic_seeds` for symbolic questions: each of their
variants costs a key evaluated at 48 points in 30-digit arithmetic, and their variety lies in the
formula more than in the numbers), and fails when any of these does not hold:

- generate() keeps to its schema; prompts and explanations render, non-empty, in both languages;
- the key passes its own checker, and no listed mistake and no wrong option is accepted. All the
  texts of all its variants are judged in one child (`grader.answers.checking.check_batches`),
  each under its own time limit, rather than one child per variant;
- options are distinct and non-empty; where they are shuffled, the correct option's position is
  spread evenly (chi-square, p > 0.001);
- the correct options do not give themselves away by their length (`length_cue`);
- variants do not repeat too often (`repetition`);
- in a bank with a syllabus, `META.covers` names the question's row.

`validate` runs the questions in parallel worker processes (`jobs`); each question is validated
exactly as it would be alone. Every failure is a `Problem` with a code and its text in English and
Chinese (through gettext). The same failure on many seeds (a template error, a broken key) is one
`Problem` with the number of seeds it was seen on and the first of them.
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grader.answers.checker import Task
from grader.answers.checking import check_batches
from grader.answers.settings import Symbolic
from grader.answers.timelimit import fork_available
from grader.bank.authoring import LANGUAGES, Mistake, Text
from grader.bank.loader import Bank, Question
from grader.bank.params import Int, OneOf, Param, Real, Seq
from grader.bank.terminal import display_width, to_terminal
from grader.bank.variants import Variant, make_variant, shuffles_options
from grader.errors import UsageError
from grader.i18n import N_, _
from grader.results import AnswerResult, Verdict

__all__ = ["DEFAULT_SEEDS", "DEFAULT_SYMBOLIC_SEEDS", "Problem", "Validation", "length_cue", "repetition",
           "schema_size", "validate", "validate_question"]

DEFAULT_SEEDS = 200
DEFAULT_SYMBOLIC_SEEDS = 20
MAX_SEED_PROBLEMS = 10  # distinct failures per question: the first few say enough

MIN_EFFECTIVE_VARIANTS = 10  # see `repetition`
LENGTH_MARGIN = 1.2  # see `length_cue`
MAX_LENGTH_CUE_SHARE = 0.5
P_VALUE = 0.001  # the cut-off of every statistical check here


@dataclass(frozen=True)
class Problem:
    """One failure of a question's self-test: `code` says what failed (for programs), `text` says it
    in each language, `seed` is the (first) variant it was seen on (None for the question as a
    whole) and `count` the number of seeds that failed the same way."""

    code: str
    text: Text
    seed: int | None = None
    count: int = 1

    def message(self, lang: str = "en") -> str:
        text = self.text.get(lang) or self.text["en"]
        if self.seed is None:
            return text
        if self.count > 1:
            return _("{count} seeds (first: seed {seed}): {text}", lang=lang).format(count=self.count,
                                                                                    seed=self.seed, text=text)
        return _("seed {seed}: {text}", lang=lang).format(seed=self.seed, text=text)

    def to_dict(self) -> dict:
        return {"code": self.code, "seed": self.seed, "count": self.count, "text": dict(self.text)}


@dataclass
class Validation:
    id: str
    variants: int = 0
    checks: int = 0
    seeds: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def failures(self) -> list[str]:
        """The problems as English lines."""
        return [p.message("en") for p in self.problems]

    def messages(self, lang: str = "en") -> list[str]:
        return [p.message(lang) for p in self.problems]

    def to_dict(self, lang: str = "en") -> dict:
        return {"id": self.id, "seeds": self.seeds, "variants": self.variants, "checks": self.checks, "ok": self.ok,
                "failures": self.messages(lang), "problems": [p.to_dict() for p in self.problems]}


def _text(template: str, **fields: Any) -> dict[str, str]:
    """`template` (an English message marked with N_) filled in, in every language of the bank."""
    return {lang: _(template, lang=lang).format(**fields) for lang in LANGUAGES}


# ---------------------------------------------------------------------------------------------
# Repetition


def schema_size(schema: Mapping[str, Param]) -> float:
    """How many parameter sets `schema` admits (math.inf when a parameter is unbounded or a real
    without `decimals`): 1 for a question without parameters, 4 for `OneOf` of four scenarios."""
    size = 1.0
    for param in schema.values():
        size *= _param_size(param)
        if math.isinf(size):
            return math.inf
    return size


def _param_size(param: Param) -> float:
    if isinstance(param, OneOf):
        return float(len(set(map(repr, param.values))))
    if isinstance(param, Int):
        if param.lo is None or param.hi is None:
            return math.inf
        return max(0.0, math.floor(param.hi) - math.ceil(param.lo) + 1)
    if isinstance(param, Real):
        if param.decimals is None or param.lo is None or param.hi is None:
            return math.inf
        return max(0.0, math.floor(round((param.hi - param.lo) * 10 ** param.decimals, 6)) + 1)
    if isinstance(param, Seq):
        item = _param_size(param.item)
        try:
            return float(sum(item ** length for length in range(param.min_len, param.max_len + 1)))
        except OverflowError:
            return math.inf
    return math.inf  # a parameter type of its own: nothing is known about its size


def _poisson_upper_tail(k: int, mean: float) -> float:
    """P(X >= k) for X ~ Poisson(mean): summed exactly for small k, else through the gamma
    distribution (X >= k exactly when a Gamma(k) variable is <= mean) in the Wilson–Hilferty
    approximation, accurate enough for a 0.001 cut-off."""
    if k <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    if k <= 200:
        below = sum(math.exp(-mean + i * math.log(mean) - math.lgamma(i + 1)) for i in range(k))
        return max(0.0, 1.0 - below)
    z = ((mean / k) ** (1 / 3) - (1 - 1 / (9 * k))) / math.sqrt(1 / (9 * k))
    return 0.5 * math.erfc(-z / math.sqrt(2))


def repetition(fingerprints: Sequence[str], *, schema: Mapping[str, Param]) -> Text | None:
    """Whether the variants of a question repeat too often; the problem's text, or None.

    What counts is how often two students given different seeds get the same variant: the
    probability q that two seeds give the same parameters, estimated without bias from the pairs
    of seeds that collide (Σ c(c − 1) / n(n − 1) over the parameter sets' counts c). 1/q is the
    question's *effective number of variants*: the number of equally likely variants that would
    repeat as often (a generator drawing 38 values unevenly, like the bootstrap question, has
    about 30).

    Why not "fewer distinct variants than some fraction of the seeds": the number of distinct
    variants among n seeds grows with n until it reaches the size of the space, so a fraction of
    the seeds fails every small but sound space at 200 seeds and passes it at 20. The effective
    number is a property of the generator; more seeds only estimate it better.

    The rule: at least MIN_EFFECTIVE_VARIANTS (10) effective variants, so that two students share
    a variant no more often than one time in ten — unless the schema itself admits fewer
    parameter sets (`schema_size`, S). A question whose PARAMS admit only S sets is small by
    declaration: no parameters (S = 1, a fixed conceptual question), or `OneOf` four scenarios
    (S = 4). Then it needs S/2 effective variants, i.e. only that it use its few variants evenly
    enough; a question with S <= 2 always passes. A generator that draws from a few values while
    its schema admits many should say so in PARAMS (`OneOf` those values) or draw more widely.

    It fails only when the collisions are significantly more than the requirement allows
    (Poisson upper tail below 0.001), so few seeds never fail a sound question by bad luck.
    """
    n = len(fingerprints)
    size = schema_size(schema)
    required = min(float(MIN_EFFECTIVE_VARIANTS), size / 2)
    if n < 2 or required <= 1:
        return None
    counts = Counter(fingerprints)
    colliding = sum(c * (c - 1) // 2 for c in counts.values())
    pairs = n * (n - 1) // 2
    if _poisson_upper_tail(colliding, pairs / required) >= P_VALUE:
        return None
    q = colliding / pairs
    effective = 1 / q
    return _text(
        N_("variants repeat too often: {seeds} seeds gave {distinct} distinct parameter sets, and two seeds share "
           "one with probability {q}, as often as among {effective} equally likely variants (at least {required} "
           "needed). Let generate() draw more widely or more evenly; if the question has only a few variants by "
           "design, let PARAMS admit exactly those (e.g. OneOf(...)): then it need only use them evenly"),
        seeds=n, distinct=len(counts), q=f"{q:.2f}", effective=f"{effective:.1f}", required=f"{required:g}")


# ---------------------------------------------------------------------------------------------
# Options that give themselves away by their length


def _stands_out(widths: Sequence[int], correct: Sequence[bool]) -> str | None:
    """"longest" when every correct option is clearly longer than every wrong one (by
    LENGTH_MARGIN), "shortest" when clearly shorter, else None."""
    right = [w for w, c in zip(widths, correct) if c]
    wrong = [w for w, c in zip(widths, correct) if not c]
    if not right or not wrong:
        return None
    if min(right) > max(wrong) and min(right) >= LENGTH_MARGIN * max(wrong):
        return "longest"
    if max(right) < min(wrong) and max(right) * LENGTH_MARGIN <= min(wrong):
        return "shortest"
    return None


def length_cue(variants: Sequence[Variant]) -> Text | None:
    """Whether the correct options can be told from their length; the problem's text, or None.

    In each variant (one per distinct parameter set) and each language, the options are measured
    as a terminal shows them (math rendered, wide characters counting two). The correct options
    *stand out* when they are all longer than every wrong option by at least 20 %
    (LENGTH_MARGIN), or all shorter by as much: a student who picks the longest (or the shortest)
    option would get full marks without reading the question. The margin leaves out differences
    of a character or two that no reader notices. It is a failure when the correct options stand
    out the same way in more than half of the variants (for a question with fixed options: in its
    one variant); by chance a four-option question's key is the longest in a quarter of its
    variants and clearly so in fewer.
    """
    if not variants:
        return None
    for lang in LANGUAGES:
        cues: Counter[str] = Counter()
        for variant in variants:
            widths = [display_width(to_terminal(c["text"])) for c in variant.choices(lang)]
            cue = _stands_out(widths, [o.correct for o in variant.options])
            if cue:
                cues[cue] += 1
        for cue, count in cues.items():
            if count / len(variants) > MAX_LENGTH_CUE_SHARE:
                if cue == "longest":
                    template = N_("the correct option is guessable by length ({lang}): in {share} variants the "
                                  "correct option(s) are the longest, at least {margin} longer than every wrong "
                                  "one; reword the options so that length gives nothing away")
                else:
                    template = N_("the correct option is guessable by length ({lang}): in {share} variants the "
                                  "correct option(s) are the shortest, at least {margin} shorter than every wrong "
                                  "one; reword the options so that length gives nothing away")
                return _text(template, lang=lang, share=f"{count}/{len(variants)}",
                             margin=f"{LENGTH_MARGIN - 1:.0%}")
    return None


# ---------------------------------------------------------------------------------------------
# One question


def _mistake_text(variant: Variant, mistake: Mistake) -> str | None:
    value = mistake.answer(variant.params)
    return None if value is None else variant.mistake_text(value)


def _fingerprint(params: dict) -> str:
    return json.dumps(params, sort_keys=True, default=repr)


def seeds_for(question: Question, *, seeds: int, symbolic_seeds: int) -> int:
    """How many seeds a question is validated over: `symbolic_seeds` for symbolic questions."""
    return symbolic_seeds if isinstance(question.meta.check, Symbolic) else seeds


@dataclass
class _Texts:
    """The question's own texts for one variant and what each must come out as."""

    seed: int
    task: Task
    key: str
    mistakes: list[tuple[int, str]]
    wrong_options: list[str]

    def all(self) -> list[str]:
        return [self.key, *(t for _, t in self.mistakes), *self.wrong_options]


def validate_question(question: Question, *, seeds: int = DEFAULT_SEEDS,
                      symbolic_seeds: int = DEFAULT_SYMBOLIC_SEEDS) -> Validation:
    """Run every self-test of one question over many seeds; failures are collected, not raised."""
    n = seeds_for(question, seeds=seeds, symbolic_seeds=symbolic_seeds)
    result = Validation(question.id, seeds=n)
    # The same failure on several seeds is one problem, counted: (code, English text) -> its index.
    grouped: dict[tuple[str, str], int] = {}

    def fail(seed: int | None, code: str, text: Text) -> None:
        if seed is not None:
            same = grouped.get((code, text["en"]))
            if same is not None:
                first = result.problems[same]
                result.problems[same] = Problem(code, first.text, first.seed, first.count + 1)
                return
            if len(grouped) >= MAX_SEED_PROBLEMS:
                return
            grouped[(code, text["en"])] = len(result.problems)
        result.problems.append(Problem(code, text, seed))

    def error(seed: int | None, code: str, message: str) -> None:
        """A failure told by an exception's own message (in the language of this process)."""
        fail(seed, code, dict.fromkeys(LANGUAGES, message))

    meta = question.meta
    if question.syllabus is not None and not meta.covers:
        fail(None, "covers_missing",
             _text(N_("META.covers is empty: name the row of {path} this question belongs to (rows: {rows}, ...)"),
                   path=question.syllabus.path, rows=", ".join(question.syllabus.ids()[:6])))
    try:
        every = [make_variant(question, seed=seed) for seed in range(n)]
    except Exception as exc:
        fail(None, "generate", _text(N_("generate/schema: {error}"), error=f"{type(exc).__name__}: {exc}"))
        return result
    result.checks += 1
    repeated = repetition([_fingerprint(v.params) for v in every], schema=question.schema)
    if repeated:
        result.problems.append(Problem("repetition", repeated))
    # The variants a student could see: distinct parameters, or distinct option orders.
    seen: set[str] = set()
    variants: list[tuple[int, Variant]] = []
    by_params: dict[str, Variant] = {}
    for seed, variant in enumerate(every):
        fingerprint = repr((_fingerprint(variant.params), [o.text for o in variant.options]))
        by_params.setdefault(_fingerprint(variant.params), variant)
        if fingerprint not in seen:
            seen.add(fingerprint)
            variants.append((seed, variant))

    texts: list[_Texts] = []
    positions: list[int] = []
    n_options = 0
    for seed, variant in variants:
        result.variants += 1
        try:
            for lang in LANGUAGES:
                if not variant.prompt(lang).strip():
                    fail(seed, "empty_prompt", _text(N_("empty prompt ({lang})"), lang=lang))
                variant.explanation(lang)
                result.checks += 1
            if variant.options:
                n_options = len(variant.options)
                for lang in LANGUAGES:
                    shown = [c["text"] for c in variant.choices(lang)]
                    if len(set(shown)) != len(shown) or not all(t.strip() for t in shown):
                        fail(seed, "options", _text(N_("options are not distinct and non-empty ({lang})"), lang=lang))
                positions.extend(ord(letter) - ord("A") for letter in variant.key)
                result.checks += 1
            mistakes = [(i, text) for i, m in enumerate(question.mistakes)
                        if (text := _mistake_text(variant, m)) is not None]
            wrong_options = [chr(ord("A") + i) for i, o in enumerate(variant.options) if not o.correct]
            texts.append(_Texts(seed, variant.task("en"), variant.answer_text(), mistakes, wrong_options))
        except UsageError as exc:  # the checker refused the key or a mistake: say why, as it does
            error(seed, "usage", str(exc))
        except Exception as exc:
            error(seed, "error", f"{type(exc).__name__}: {exc}")

    # The key, every listed mistake and every wrong option of every variant, judged in one child.
    outcomes = check_batches([(t.task, t.all()) for t in texts])
    for item, outcome in zip(texts, outcomes):
        if isinstance(outcome, UsageError):
            error(item.seed, "usage", str(outcome))
            continue
        if isinstance(outcome, Exception):
            error(item.seed, "error", f"{type(outcome).__name__}: {outcome}")
            continue
        _judge_own(item, outcome, result, fail)

    if positions and shuffles_options(meta.check) and result.variants >= 4 * n_options:
        result.checks += 1
        counts = _position_spread(positions, n_options)
        if counts:
            fail(None, "position", _text(N_("the correct option's position is not spread evenly across seeds "
                                            "(counts {counts})"), counts=counts))
    if n_options:
        result.checks += 1
        cue = length_cue(list(by_params.values()))
        if cue:
            result.problems.append(Problem("length", cue))
    return result


def _judge_own(item: _Texts, outcome: list[AnswerResult], result: Validation, fail: Any) -> None:
    key, rest = outcome[0], outcome[1:]
    result.checks += 1 + len(item.mistakes)
    if key.verdict is not Verdict.CORRECT:
        fail(item.seed, "key", _text(N_("the key {key} does not pass its own checker: {verdict} {feedback}"),
                                     key=repr(item.key), verdict=key.verdict, feedback=key.feedback))
    elif key.warnings:  # the key as a student would type it must not be told to round less
        fail(item.seed, "key", _text(N_("the key {key} passes with a warning: {warnings}"), key=repr(item.key),
                                     warnings=" ".join(key.warnings)))
    for (i, wrong), judged in zip(item.mistakes, rest):
        if judged.verdict is Verdict.CORRECT:
            fail(item.seed, "mistake", _text(N_("listed mistake #{number} ({answer}) is accepted as correct"),
                                             number=i + 1, answer=repr(wrong)))
    for letter, judged in zip(item.wrong_options, rest[len(item.mistakes):]):
        if judged.verdict is Verdict.CORRECT:
            fail(item.seed, "option", _text(N_("wrong option {letter} is accepted"), letter=letter))


def _position_spread(positions: Sequence[int], n_options: int) -> list[int] | None:
    """Chi-square test that the correct option's position is spread evenly (p > 0.001): the
    counts per position when it is not, else None."""
    counts = np.bincount(positions, minlength=n_options)
    expected = len(positions) / n_options
    chi2 = float(((counts - expected) ** 2 / expected).sum())
    # Wilson–Hilferty approximation of the chi-square upper tail, good enough for a 0.001 cut-off.
    k = n_options - 1
    z = ((chi2 / k) ** (1 / 3) - (1 - 2 / (9 * k))) / math.sqrt(2 / (9 * k))
    p = 0.5 * math.erfc(z / math.sqrt(2))
    return counts.tolist() if p < P_VALUE else None


# ---------------------------------------------------------------------------------------------
# The bank, in parallel

_POOL_WORK: tuple[list[Question], int, int] | None = None  # what forked workers validate


def _validate_one(index: int) -> tuple[int, Validation]:
    assert _POOL_WORK is not None
    questions, seeds, symbolic_seeds = _POOL_WORK
    return index, validate_question(questions[index], seeds=seeds, symbolic_seeds=symbolic_seeds)


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def validate(bank: Bank, ids: Sequence[str] = (), *, seeds: int = DEFAULT_SEEDS,
             symbolic_seeds: int = DEFAULT_SYMBOLIC_SEEDS, jobs: int = 1) -> list[Validation]:
    """Validate the questions `ids` (all when empty), in their order. With `jobs` > 1 (and `fork`
    available), questions are spread over that many forked worker processes, the costliest first;
    each is validated exactly as it would be alone."""
    global _POOL_WORK
    questions = [bank.get(qid) for qid in ids] if ids else list(bank)
    if jobs <= 1 or len(questions) <= 1 or not fork_available():
        return [validate_question(q, seeds=seeds, symbolic_seeds=symbolic_seeds) for q in questions]
    import multiprocessing

    from grader.answers.kinds import get_kind

    for kind in {q.meta.kind for q in questions}:
        get_kind(kind).load_checker()  # imported once here (sympy: ~0.5 s), not in every worker
    # Costliest first, so that no long question starts last: symbolic ones, then by seed count.
    order = sorted(range(len(questions)), key=lambda i: (
        not isinstance(questions[i].meta.check, Symbolic),
        -seeds_for(questions[i], seeds=seeds, symbolic_seeds=symbolic_seeds)))
    _POOL_WORK = (questions, seeds, symbolic_seeds)
    results: list[Validation | None] = [None] * len(questions)
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(questions))) as pool:
            for index, validation in pool.imap_unordered(_validate_one, order, chunksize=1):
                results[index] = validation
    finally:
        _POOL_WORK = None
    return [r for r in results if r is not None]

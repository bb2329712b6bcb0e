"""A practice round: which questions are drawn, and what each line the student types does.

Drawing: `select` applies `--topic` (a bank folder such as `cnn`, or a row of the bank's topic map
such as `cnn_shapes`), `--kind` and `--difficulty`; `draw` picks `count` of them and a variant of
each, reproducibly from the round's seed; `due_items` gives the questions the schedule says are
due (`--review`), each as a fresh variant, so that a review tests the method rather than a
remembered number.

Each line typed is one of (`command_of`):
- `?`, `hint`, `提示`: a hint (`hint`): the answer's expected form, then the question's own `HINT`
  when it has one (a module attribute `{"en": ..., "zh": ...}`, rendered like the prompt), else the
  first sentence of the worked explanation;
- `s`, `skip`, `跳过`, or an empty line: give up; the answer and the explanation are shown;
- `q`, `quit`, `退出`: end the round; what is left counts as unanswered;
- anything else is an answer, checked by `grader.answers.check_answer` (never evaluated). An
  invalid answer is explained and is not a try; `MAX_TRIES` scored tries are allowed, after which
  the answer and the explanation are shown.

`Practice.respond(line)` returns a `Step` saying what happened; the history is written as it
goes (`grader.practice.history`), so nothing is lost when a round is cut short. No I/O of its own.
"""

from __future__ import annotations

import difflib
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from grader.answers.settings import Numeric, Symbolic
from grader.bank import Bank, Question, Variant, make_variant
from grader.errors import UsageError
from grader.i18n import N_, _
from grader.practice.history import History
from grader.practice.schedule import Outcome
from grader.render import render_string
from grader.results import AnswerResult, Verdict
from grader.seeds import derive_seed

MAX_TRIES = 3
DEFAULT_COUNT = 5
HINT_LIMIT = 400  # characters of the explanation's first sentence shown as a hint


class Command(Enum):
    ANSWER = "answer"
    HINT = "hint"
    SKIP = "skip"
    QUIT = "quit"


_COMMANDS = {
    "?": Command.HINT, "hint": Command.HINT, "提示": Command.HINT,
    "": Command.SKIP, "s": Command.SKIP, "skip": Command.SKIP, "跳过": Command.SKIP,
    "q": Command.QUIT, "quit": Command.QUIT, "退出": Command.QUIT,
}


def command_of(line: str) -> Command:
    """What a typed line asks for (full-width `？` and any case read as well)."""
    return _COMMANDS.get(unicodedata.normalize("NFKC", line).strip().casefold(), Command.ANSWER)


# ---------------------------------------------------------------------------------------------
# Drawing


@dataclass(frozen=True)
class Filters:
    topic: str | None = None
    kind: str | None = None
    difficulty: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {k: v for k, v in (("topic", self.topic), ("kind", self.kind), ("difficulty", self.difficulty))
                if v is not None}


@dataclass
class Item:
    """One question of a round, as the variant of `seed`."""

    variant: Variant

    @property
    def question(self) -> Question:
        return self.variant.question

    @property
    def seed(self) -> int:
        return int(self.variant.seed or 0)


def select(bank: Bank, filters: Filters) -> list[Question]:
    """The questions matching `filters`. An unknown topic is a UsageError with the closest topics."""
    topic = filters.topic
    folders = {q.topic for q in bank}
    rows = {q.meta.covers for q in bank if q.meta.covers}
    if topic is None or topic in folders or any(t.startswith(topic + ".") for t in folders):
        pool = bank.select(topic=topic, kind=filters.kind)
    elif topic in rows:
        pool = [q for q in bank.select(kind=filters.kind) if q.meta.covers == topic]
    else:
        close = difflib.get_close_matches(topic, sorted(folders | rows), n=3, cutoff=0.6)
        if close:
            raise UsageError(_("unknown topic “{topic}”; did you mean {suggestions}?").format(
                topic=topic, suggestions=", ".join(close)))
        raise UsageError(_("unknown topic “{topic}”; topics are {topics}").format(
            topic=topic, topics=", ".join(sorted(folders))))
    return [q for q in pool if filters.difficulty is None or q.meta.difficulty == filters.difficulty]


def _variant_seed(*parts: object) -> int:
    return derive_seed("practice", *parts, bits=31)


def draw(pool: Sequence[Question], *, count: int, seed: int) -> list[Item]:
    """`count` questions of `pool` (all of them if it has fewer) in an order and with variants
    determined by `seed` alone."""
    import numpy as np

    rng = np.random.default_rng(derive_seed("practice", "draw", seed))
    order = rng.permutation(len(pool))[:count]
    return [Item(make_variant(pool[i], seed=_variant_seed(seed, pool[i].id))) for i in order]


def due_items(pool: Sequence[Question], history: History, *, now: float, count: int | None,
              seed: int) -> list[Item]:
    """The questions of `pool` due for review at `now`, longest overdue first, each as a fresh
    variant. Scheduled questions no longer in the bank are left out."""
    by_id = {q.id: q for q in pool}
    due = [d for d in history.due(now=now) if d.question_id in by_id]
    if count is not None:
        due = due[:count]
    return [Item(make_variant(by_id[d.question_id], seed=_variant_seed("review", seed, d.question_id)))
            for d in due]


# ---------------------------------------------------------------------------------------------
# Hints


def expected_form(variant: Variant, lang: str) -> str | None:
    """What kind of answer the question wants, in `lang`; None for a kind this does not know."""
    settings = variant.question.meta.check
    if variant.kind_info.uses_options:
        # The registry's two kinds with options: one letter, or every correct letter.
        return _(N_("the letters of every correct option, e.g. A, C") if variant.kind == "multi"
                 else N_("the letter of one option, e.g. B"), lang=lang)
    if isinstance(settings, Numeric):
        if settings.exact_integer:
            return _("an integer", lang=lang)
        if settings.exact:
            return _("the exact value: an integer, a fraction or an expression such as 1/e; no decimals", lang=lang)
        if settings.sig_figs:
            return _("a number to {n} significant figures", lang=lang).format(n=settings.sig_figs)
        if settings.decimals is not None:
            return _("a number rounded to {n} decimal places", lang=lang).format(n=settings.decimals)
        return _("a number: a decimal, a fraction such as 7/10, or scientific notation such as 1.5e-3", lang=lang)
    if isinstance(settings, Symbolic):
        names = [*settings.symbols, *settings.defined]
        if not names:
            return _("a formula (plain text such as exp(-1)/2, or LaTeX)", lang=lang)
        return _("a formula in {symbols} (plain text such as 2*x^2 + exp(-x), or LaTeX)", lang=lang).format(
            symbols=", ".join(names))
    return None


def first_sentence(text: str, limit: int = HINT_LIMIT) -> str:
    """The first sentence of a worked explanation (LaTeX kept): up to the first `.`, `!` or `?`
    followed by a space, or `。！？`, outside `$...$` math; or up to a blank line."""
    text = text.strip()
    in_math = False
    end = len(text)
    for i, ch in enumerate(text):
        if ch == "$" and (i == 0 or text[i - 1] != "\\"):
            in_math = not in_math
        elif in_math:
            continue
        elif ch in "。！？" or (ch in ".!?" and (i + 1 == len(text) or text[i + 1].isspace())):
            end = i + 1
            break
        elif text.startswith("\n\n", i):
            end = i
            break
    sentence = text[:end].strip()
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def hint(variant: Variant, lang: str) -> list[str]:
    """The hint's lines (LaTeX kept, for the front end to render): the expected form, then the
    question's own hint or the explanation's first sentence."""
    lines = []
    form = expected_form(variant, lang)
    if form:
        lines.append(_("Expected form: {form}", lang=lang).format(form=form))
    authored = getattr(variant.question.module, "HINT", None)
    source = authored.get(lang) if isinstance(authored, dict) else None
    step = render_string(source, **variant.params) if isinstance(source, str) else first_sentence(
        variant.explanation(lang))
    if step.strip():
        lines.append(step.strip())
    return lines


# ---------------------------------------------------------------------------------------------
# The round


@dataclass(frozen=True)
class Step:
    """What one typed line did. `outcome` is set when the question is over (the front end then
    reveals the answer for MISSED and SKIPPED); `stop` when the round is over."""

    command: Command
    result: AnswerResult | None = None
    hint: tuple[str, ...] = ()
    tries_left: int = MAX_TRIES
    outcome: Outcome | None = None
    stop: bool = False


@dataclass(frozen=True)
class Summary:
    """A finished round."""

    seed: int
    outcomes: tuple[tuple[str, Outcome], ...]  # (question id, outcome), in the order asked
    first_try_score: float  # points of the first tries
    max_score: float
    elapsed_s: float
    due_now: int  # questions due for review once the round is over

    def count(self, *outcomes: Outcome) -> int:
        return sum(o in outcomes for _, o in self.outcomes)

    @property
    def to_review(self) -> list[str]:
        return [qid for qid, o in self.outcomes if o.to_review]


@dataclass
class Practice:
    """A round over `items`, recorded in `history` as it goes."""

    items: list[Item]
    history: History
    lang: str
    seed: int
    mode: str = "draw"
    filters: Filters = field(default_factory=Filters)
    clock: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        # Prepare each key now (the first one imports sympy: seconds on a busy machine): the time
        # limit of check_answer includes preparing the key, and a student's first answer must not
        # run out of time for it.
        for item in self.items:
            item.variant.kind_info.load_checker().prepare(item.variant.task(self.lang))
        self.started = self.clock()
        self.round_id = self.history.start_round(now=self.started, seed=self.seed, lang=self.lang, mode=self.mode,
                                                 filters=self.filters.to_dict())
        self.index = 0
        self.outcomes: list[tuple[str, Outcome]] = []
        self.first_try_score = 0.0
        self._summary: Summary | None = None
        self._reset()

    def _reset(self) -> None:
        self.tries = 0
        self.hinted = False
        self.first_score = 0.0

    @property
    def current(self) -> Item | None:
        return self.items[self.index] if self.index < len(self.items) else None

    def respond(self, line: str) -> Step:
        """Act on one typed line for the current question."""
        item = self.current
        if item is None:
            raise RuntimeError("the round is over")
        command = command_of(line)
        if command is Command.HINT:
            self.hinted = True
            return Step(command, hint=tuple(hint(item.variant, self.lang)), tries_left=MAX_TRIES - self.tries)
        if command is Command.SKIP:
            return Step(command, outcome=self._close(Outcome.MISSED if self.tries else Outcome.SKIPPED))
        if command is Command.QUIT:  # the caller ends the round with finish()
            return Step(command, tries_left=MAX_TRIES - self.tries, stop=True)
        result = item.variant.check(line, lang=self.lang)
        scored = result.verdict is not Verdict.INVALID
        if scored:
            self.tries += 1
            if self.tries == 1:
                self.first_score = float(result.score)
        self.history.record_attempt(self.round_id, now=self.clock(), question_id=item.question.id,
                                    topic=item.question.topic, variant_seed=item.seed,
                                    try_number=self.tries if scored else 0, answer=line, result=result,
                                    hinted=self.hinted)
        left = MAX_TRIES - self.tries
        if result.verdict is Verdict.CORRECT:
            return Step(command, result, tries_left=left,
                        outcome=self._close(Outcome.FIRST_TRY if self.tries == 1 else Outcome.RETRY))
        if scored and left <= 0:
            return Step(command, result, tries_left=0, outcome=self._close(Outcome.MISSED))
        return Step(command, result, tries_left=left)

    def _close(self, outcome: Outcome) -> Outcome:
        item = self.current
        assert item is not None
        meta = item.question.meta
        self.history.record_result(self.round_id, now=self.clock(), question_id=item.question.id,
                                   topic=item.question.topic, variant_seed=item.seed, outcome=outcome,
                                   score=self.first_score, max_score=float(meta.points), tries=self.tries,
                                   hinted=self.hinted)
        self.outcomes.append((item.question.id, outcome))
        self.first_try_score += self.first_score
        self.index += 1
        self._reset()
        return outcome

    def finish(self) -> Summary:
        """End the round: the question under way is missed if it was answered wrong, unanswered
        otherwise, and every question not reached is unanswered. Calling it again gives the same
        summary."""
        if self._summary is not None:
            return self._summary
        if self.current is not None:
            self._close(Outcome.MISSED if self.tries else Outcome.UNANSWERED)
        while self.current is not None:
            self._close(Outcome.UNANSWERED)
        now = self.clock()
        self.history.finish_round(self.round_id, now=now)
        self._summary = Summary(seed=self.seed, outcomes=tuple(self.outcomes), first_try_score=self.first_try_score,
                                max_score=float(sum(i.question.meta.points for i in self.items)),
                                elapsed_s=now - self.started, due_now=len(self.history.due(now=now)))
        return self._summary

"""A round through the library: drawing, what each typed line does, hints, and the schedule it
leaves behind (with a clock the test moves)."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.bank import load_bank, make_variant
from grader.bank.scaffold import new_question
from grader.errors import UsageError
from grader.i18n import set_language
from grader.practice import (
    MAX_TRIES,
    Command,
    Filters,
    History,
    Item,
    Outcome,
    Practice,
    command_of,
    draw,
    due_items,
    hint,
    select,
)
from grader.practice.schedule import DAY_S
from grader.practice.session import first_sentence

T0 = 1_800_000_000.0


@pytest.fixture(autouse=True)
def english():
    """Messages in English whatever an earlier test chose (the language is per process)."""
    set_language("en")


@pytest.fixture(scope="module")
def bank():
    return load_bank()


class Clock:
    """A second passes at each reading."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        self.now += 1
        return self.now


def test_typed_commands_in_either_language_and_width():
    assert command_of("?") is command_of("？") is command_of(" Hint ") is command_of("提示") is Command.HINT
    assert command_of("") is command_of("  ") is command_of("S") is command_of("跳过") is Command.SKIP
    assert command_of("q") is command_of("QUIT") is command_of("退出") is Command.QUIT
    assert command_of("A, C") is command_of("3/4") is command_of("sigmoid(x)") is Command.ANSWER


def test_draw_is_reproducible_from_the_seed(bank):
    pool = select(bank, Filters(topic="cnn"))
    first = [(i.question.id, i.seed) for i in draw(pool, count=4, seed=11)]
    assert first == [(i.question.id, i.seed) for i in draw(pool, count=4, seed=11)]
    assert len({qid for qid, _ in first}) == 4 and all(qid.startswith("cnn.") for qid, _ in first)
    others = {tuple((i.question.id, i.seed) for i in draw(pool, count=4, seed=s)) for s in range(12, 20)}
    assert tuple(first) not in others and len(others) > 1
    assert sorted(i.question.id for i in draw(pool, count=500, seed=1)) == sorted(q.id for q in pool)


def test_select_by_folder_row_kind_and_difficulty(bank):
    by_row = select(bank, Filters(topic="cnn_shapes"))
    assert by_row and all(q.meta.covers == "cnn_shapes" for q in by_row)
    easy_choice = select(bank, Filters(topic="cnn", kind="choice", difficulty=1))
    assert easy_choice and all(q.meta.kind == "choice" and q.meta.difficulty == 1 and q.topic == "cnn"
                               for q in easy_choice)
    with pytest.raises(UsageError, match="did you mean cnn"):
        select(bank, Filters(topic="cnnn"))
    with pytest.raises(UsageError, match="topics are activations, attention"):
        select(bank, Filters(topic="zzzzzz"))


def test_first_sentence_stops_outside_math():
    assert first_sentence(r"Here $a = 1.5. b$ holds. Then more.") == r"Here $a = 1.5. b$ holds."
    assert first_sentence("补零后的边长为 $W + 2P = 12$。卷积核可以移动。") == "补零后的边长为 $W + 2P = 12$。"
    assert first_sentence("One paragraph without a stop\n\nAnother.") == "One paragraph without a stop"
    assert first_sentence("x" * 1000, limit=50).endswith("…")


def test_hint_gives_the_expected_form_and_a_first_step(bank):
    variant = make_variant(bank.get("cnn.conv_output_size"), seed=2)
    lines = hint(variant, "zh")
    assert lines[0] == "答案形式：一个整数"
    assert lines[1].startswith("补零后的输入边长为") and variant.answer_text() not in lines[1]
    multi = make_variant(bank.get("cnn.properties"), seed=2)
    assert "every correct option" in hint(multi, "en")[0]
    symbolic = make_variant(bank.get("logistic.ce_gradient_w"), seed=2)
    assert "a formula in w, x, b, y, y_hat" in hint(symbolic, "en")[0]


def test_a_question_authored_hint_replaces_the_explanation_step(tmp_path):
    path = new_question("mytopic.step", kind="numeric", bank_dir=tmp_path)
    path.write_text(path.read_text() + '\nHINT = {"en": "Move against the gradient, by {{ lr }} times it.",'
                    ' "zh": "沿负梯度方向移动，步长为梯度的 {{ lr }} 倍。"}\n')
    own = load_bank([tmp_path], builtin=False)
    variant = make_variant(own.get("mytopic.step"), seed=0)
    lines = hint(variant, "en")
    assert lines[0].startswith("Expected form: a number")
    assert lines[1] == f"Move against the gradient, by {variant.params['lr']} times it."


def _round(bank, qids, history, clock, *, seed=0, mode="draw"):
    items = [Item(make_variant(bank.get(qid), seed=seed)) for qid in qids]
    return Practice(items, history, lang="en", seed=seed, mode=mode, clock=clock)


def test_a_round_records_tries_and_outcomes_and_the_schedule_brings_misses_back(bank, tmp_path):
    clock = Clock()
    history = History.open(Path(tmp_path) / "h.sqlite3")
    qids = ["cnn.conv_output_size", "cnn.same_padding", "cnn.pool_output_size", "cnn.flatten_size"]
    practice = _round(bank, qids, history, clock)
    keys = [i.variant.answer_text() for i in practice.items]

    assert practice.respond(keys[0]).outcome is Outcome.FIRST_TRY
    # An invalid answer is explained and is not a try; a hint changes nothing but the record.
    invalid = practice.respond("two")
    assert invalid.result.verdict == "invalid" and invalid.tries_left == MAX_TRIES and invalid.outcome is None
    assert practice.respond("?").hint
    wrong = str(int(keys[1]) + 1000)
    steps = [practice.respond(wrong) for _ in range(MAX_TRIES)]
    assert [s.tries_left for s in steps] == [2, 1, 0] and steps[-1].outcome is Outcome.MISSED
    assert practice.respond("").outcome is Outcome.SKIPPED
    assert practice.respond(wrong).outcome is None and practice.respond(keys[3]).outcome is Outcome.RETRY
    summary = practice.finish()
    assert [o for _, o in summary.outcomes] == [Outcome.FIRST_TRY, Outcome.MISSED, Outcome.SKIPPED, Outcome.RETRY]
    assert summary.to_review == qids[1:] and summary.due_now == 3
    assert summary.first_try_score == 2 and summary.max_score == sum(bank.get(q).meta.points for q in qids)

    # The next day: the three come back, each as a fresh variant, and one right answer moves it on.
    clock.now += DAY_S
    pool = select(bank, Filters(topic="cnn"))
    review = due_items(pool, history, now=clock.now, count=None, seed=5)
    assert [i.question.id for i in review] == qids[1:]
    assert all(i.seed != p.seed for i, p in zip(review, practice.items[1:]))
    again = Practice(review, history, lang="en", seed=5, mode="review", clock=clock)
    assert again.respond(review[0].variant.answer_text()).outcome is Outcome.FIRST_TRY
    assert again.respond("q").stop
    summary = again.finish()
    assert [o for _, o in summary.outcomes] == [Outcome.FIRST_TRY, Outcome.UNANSWERED, Outcome.UNANSWERED]
    assert [i.question.id for i in due_items(pool, history, now=clock.now, count=None, seed=5)] == qids[2:]
    # Box 2 waits a day: due again only then.
    assert qids[1] not in [i.question.id for i in due_items(pool, history, now=clock.now + DAY_S - 60, count=None,
                                                            seed=5)]
    assert qids[1] in [i.question.id for i in due_items(pool, history, now=clock.now + DAY_S, count=None, seed=5)]
    stats = {s.topic: s for s in history.stats(now=clock.now)}["cnn"]
    assert (stats.questions, stats.attempted, stats.first_try, stats.scheduled, stats.due) == (4, 5, 2, 3, 2)
    history.close()


def test_the_round_ending_mid_question_counts_it_missed_only_if_answered(bank, tmp_path):
    with History.open(tmp_path / "h.sqlite3") as history:
        practice = _round(bank, ["cnn.conv_output_size", "cnn.same_padding"], history, Clock())
        practice.respond("999999")
        summary = practice.finish()
        assert [o for _, o in summary.outcomes] == [Outcome.MISSED, Outcome.UNANSWERED]
        assert practice.finish() is summary

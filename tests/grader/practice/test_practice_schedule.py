"""The Leitner schedule: what goes in, how a question climbs the boxes, when it leaves."""

from grader.practice.schedule import BOXES, DAY_S, INTERVALS_DAYS, Card, Outcome, next_card

NOW = 1_000_000.0


def test_a_question_enters_the_schedule_only_when_missed():
    assert next_card(None, Outcome.FIRST_TRY, now=NOW) is None
    assert next_card(None, Outcome.UNANSWERED, now=NOW) is None
    for outcome in (Outcome.RETRY, Outcome.MISSED, Outcome.SKIPPED):
        assert next_card(None, outcome, now=NOW) == Card(1, NOW)


def test_right_first_time_climbs_a_box_and_waits_longer_until_learnt():
    card = Card(1, NOW)
    now = NOW
    waits = []
    for _ in range(BOXES - 1):
        card = next_card(card, Outcome.FIRST_TRY, now=now)
        waits.append((card.due - now) / DAY_S)
        now = card.due
    assert waits == list(INTERVALS_DAYS[1:]) and card.box == BOXES
    assert next_card(card, Outcome.FIRST_TRY, now=now) is None  # learnt: leaves the schedule


def test_a_miss_sends_it_back_to_box_one_and_unanswered_changes_nothing():
    card = Card(4, NOW + 7 * DAY_S)
    assert next_card(card, Outcome.MISSED, now=NOW) == Card(1, NOW)
    assert next_card(card, Outcome.RETRY, now=NOW) == Card(1, NOW)
    assert next_card(card, Outcome.UNANSWERED, now=NOW) is card

"""How a practised question came out, and when it comes back: a Leitner schedule.

A question enters the schedule the first time it is missed (answered wrong on every try, given up,
or still wrong when the round ended), in box 1, due at once. Each later round decides:

- correct on the first try: one box up, due again after the box's interval (box 2: 1 day, box 3:
  3 days, box 4: 7 days, box 5: 21 days); correct on the first try in box 5 and it has been learnt:
  it leaves the schedule;
- missed again (or correct only after a retry): back to box 1, due at once;
- not answered (the round ended before it): unchanged.

A question that was never missed is not scheduled: `--review` brings back only what went wrong.
Pure: no I/O, times are seconds since the epoch.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

DAY_S = 86_400.0
# Interval before a question in box b is due again, for b = 1 .. 5 (box 1: at once).
INTERVALS_DAYS = (0, 1, 3, 7, 21)
BOXES = len(INTERVALS_DAYS)


class Outcome(str, Enum):
    """How one question of a round came out."""

    FIRST_TRY = "first_try"  # correct on the first scored try
    RETRY = "retry"  # correct on a later try
    MISSED = "missed"  # answered, never correctly (tries used up, or the round ended)
    SKIPPED = "skipped"  # given up before any scored answer (`s`, an empty line)
    UNANSWERED = "unanswered"  # never answered: the round ended first

    def __str__(self) -> str:
        return str(self.value)

    @property
    def correct(self) -> bool:
        return self in (Outcome.FIRST_TRY, Outcome.RETRY)

    @property
    def to_review(self) -> bool:
        """Whether this outcome puts the question back in box 1."""
        return self in (Outcome.RETRY, Outcome.MISSED, Outcome.SKIPPED)


@dataclass(frozen=True)
class Card:
    """A scheduled question: its Leitner box (1 .. BOXES) and when it is due."""

    box: int
    due: float


def next_card(card: Card | None, outcome: Outcome, *, now: float) -> Card | None:
    """The schedule entry after a question came out `outcome` at `now` (None: not scheduled)."""
    if outcome is Outcome.UNANSWERED:
        return card
    if outcome.to_review:
        return Card(1, now)
    if card is None:  # right first time and never missed: nothing to review
        return None
    box = card.box + 1
    if box > BOXES:
        return None  # learnt
    return Card(box, now + INTERVALS_DAYS[box - 1] * DAY_S)

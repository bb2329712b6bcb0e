"""Practice: questions drawn from the bank, answered one line at a time, with retries, hints and the
worked explanation, and a local history that brings missed questions back (`grade practice`).

- `session`: drawing questions (`select`, `draw`, `due_items`), hints, and a round (`Practice`,
  whose `respond(line)` says what each typed line did);
- `history`: the SQLite file of rounds, attempts, results and the review schedule (`History`);
- `schedule`: how a question came out (`Outcome`) and when it comes back (Leitner boxes).

May import: `grader.bank`, `grader.answers`, `grader.results`, `grader.seeds`, `grader.render`,
`grader.i18n`, `grader.errors`, the standard library's sqlite3. Never torch; no printing (the CLI
renders).
"""

from grader.practice.history import History, TopicStats, default_path
from grader.practice.schedule import Outcome
from grader.practice.session import (
    DEFAULT_COUNT,
    MAX_TRIES,
    Command,
    Filters,
    Item,
    Practice,
    Step,
    Summary,
    command_of,
    draw,
    due_items,
    hint,
    select,
)

__all__ = ["DEFAULT_COUNT", "MAX_TRIES", "Command", "Filters", "History", "Item", "Outcome", "Practice", "Step",
           "Summary", "TopicStats", "command_of", "default_path", "draw", "due_items", "hint", "select"]

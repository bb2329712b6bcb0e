"""Answer checking: reading what a student typed and judging it against a question's key.

- `kinds`: the registry; each answer kind names, once, its settings class, whether it is answered
  with option letters or has a key, and its checker module (imported on first use).
- `checker`: the interface every kind implements (`Checker`: prepare, judge, format) and the
  `Task` it is given.
- `checking`: `check_answer(text, task)`, the one entry point: the kind's judge runs in a forked
  child under the question's hard time limit and resource caps (`timelimit`); `verdict_label`,
  the word a person reads for a verdict.

Every text a checker writes (reasons for an invalid answer, feedback, warnings, notes) is in the
task's language (`Task.lang`), through gettext (`grader.i18n`): parsers raise `InvalidAnswer` with
an English template and its fields, translated where the task is known. A question's own mistake
and option feedback comes in that language already.
- `settings`: the settings a question declares (`Numeric`, `Choice`, `Symbolic`; all derive from
  `Settings`, which holds the time limit), and the function names a symbolic question admits.
- `numeric`, `choice`, `symbolic`: one checker per kind; `text` normalises what students type
  (NFKC, superscripts, dashes, spaces) for all of them; `expr_parser` reads formulas without
  ever evaluating student text; `mpeval` evaluates sympy trees at 30 digits (more where rounding
  needs it), with every intermediate bounded in size.
- `timelimit`: running a call in a forked child, with a hard wall-clock limit and resource caps.
- `symbols`: sympy symbols and functions shared by keys and the parser.

Pure: no I/O, no torch. May import `grader.results`, `grader.errors`, sympy, mpmath, numpy; never
`grader.bank`. What this `__init__` exports imports no sympy.
"""

from grader.answers.checker import Checker, Task, WrongAnswer
from grader.answers.checking import TOO_SLOW_MESSAGE, answer_text, check_answer, verdict_label
from grader.answers.kinds import Kind, get_kind, kind_names, register, unregister
from grader.answers.settings import Choice, Numeric, Settings, Symbolic

__all__ = ["TOO_SLOW_MESSAGE", "Checker", "Choice", "Kind", "Numeric", "Settings", "Symbolic", "Task", "WrongAnswer",
           "answer_text", "check_answer", "get_kind", "kind_names", "register", "unregister", "verdict_label"]

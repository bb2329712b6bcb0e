"""Answer checking: reading what a student typed and judging it against a question's key.

- `settings`: the checker settings a question declares (`Numeric`, `Choice`, `Symbolic`).
- `numeric`, `choice`, `symbolic`: one checker per kind; `expr_parser` reads formulas without
  ever evaluating student text; `mpeval` evaluates sympy trees at 30 digits.
- `timelimit`: the hard limit a check runs under (a forked child).
- `symbols`: sympy symbols and functions shared by keys and the parser.

Pure: no I/O, no torch. May import `grader.results`, `grader.errors`, sympy, mpmath, numpy.
"""

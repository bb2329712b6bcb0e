"""The two kinds of failure the tool distinguishes.

`UsageError` is the user's fault (unknown id, malformed file, bad flag value): the CLI prints its
message on one line and exits 2. `InvalidAnswer` means a student's answer could not be understood:
the checkers turn it into an `invalid` verdict, which is never scored as a wrong attempt.
"""

from __future__ import annotations


class UsageError(Exception):
    """Bad input from the person running the tool; shown as one line, exit status 2."""


class InvalidAnswer(Exception):
    """A student answer that could not be understood.

    `position` is a 0-based character offset into the answer when one can be named.
    """

    def __init__(self, message: str, *, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    def __str__(self) -> str:
        if self.position is None:
            return self.message
        return f"{self.message} (at character {self.position + 1})"

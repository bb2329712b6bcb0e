"""The two kinds of failure the tool distinguishes, and messages translated where they are read.

`UsageError` is the user's fault (unknown id, malformed file, bad flag value): the CLI prints its
message on one line and exits 2. `InvalidAnswer` means a student's answer could not be understood:
the checkers turn it into an `invalid` verdict, which is never scored as a wrong attempt.

A reason for an invalid answer is found deep in a parser that knows nothing of languages, and
written out where the language of its reader is known (a checker's `task.lang`). So it is kept as
a `Message`: an English template (marked with `N_` where it is written) and its fields, translated
by `text(lang)`. A field that is itself a `Message` is translated too.
"""

from __future__ import annotations

from typing import Any

from grader.i18n import _


class Message:
    """A message to translate later: `Message(N_("unknown symbol '{name}'"), name="q")`."""

    __slots__ = ("fields", "template")

    def __init__(self, template: str, /, **fields: Any) -> None:
        self.template = template
        self.fields = fields

    def text(self, lang: str | None = None) -> str:
        """The message in `lang` (default: the current language), its fields filled in."""
        values = {k: v.text(lang) if isinstance(v, Message) else v for k, v in self.fields.items()}
        return _(self.template, lang=lang).format(**values)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return f"Message({self.template!r}, **{self.fields!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.template, self.fields) == (other.template, other.fields)

    __hash__ = None  # type: ignore[assignment]  # fields may be anything


def text_of(message: str | Message, lang: str | None = None) -> str:
    """`message` in `lang`: a `Message` translated, a plain string as it is."""
    return message.text(lang) if isinstance(message, Message) else message


class UsageError(Exception):
    """Bad input from the person running the tool; shown as one line, exit status 2."""


class InvalidAnswer(Exception):
    """A student answer that could not be understood.

    `message` is an English template (`N_("...")`) and `fields` fill it in; `text(lang)` is the
    reason in a given language. `position` is a 0-based character offset into the answer when one
    can be named.
    """

    def __init__(self, message: str, *, position: int | None = None, **fields: Any) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields
        self.position = position

    @property
    def reason(self) -> Message:
        return Message(self.message, **self.fields)

    def moved(self, position: int | None) -> InvalidAnswer:
        """The same reason at another position (of the same class)."""
        return type(self)(self.message, position=position, **self.fields)

    def text(self, lang: str | None = None) -> str:
        """The reason in `lang` (default: the current language), with the position when known."""
        reason = self.reason.text(lang)
        if self.position is None:
            return reason
        return _("{message} (at character {position})", lang=lang).format(message=reason,
                                                                          position=self.position + 1)

    def __str__(self) -> str:
        return self.text()

"""The language every user-facing text is written in: English source messages, translated with the
standard gettext catalogues under `grader/locale/` (extracted and compiled with Babel, see README,
"Translations").

Which language: `set_language(...)` (every command's `--lang`), else `GRADE_LANG`, else the locale
(`LC_ALL`, `LC_MESSAGES`, `LANG`: any `zh…` reads as Chinese), else English.

    from grader.i18n import _, N_, ngettext

    _("{n} checks failed").format(n=3)          # in the current language
    _("Correct.", lang=task.lang)                # in a given language (a checker's task)
    ngettext("{n} student", "{n} students", n).format(n=n)
    HEADERS = (N_("exercise"), N_("score"))      # marked for extraction; translate with _(...) at use

Messages are `str.format` templates, never f-strings (an f-string is formatted before it is
translated). Chinese punctuation belongs in the translation, not in code.
"""

from __future__ import annotations

import gettext as _gettext
import os
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "zh")
DOMAIN = "grade"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_current: str | None = None


def normalize(lang: str | None) -> str | None:
    """`"zh"`, `"zh_CN.UTF-8"`, `"zh-Hans"` → `"zh"`; `"en_US"` → `"en"`; anything else → None."""
    if not lang:
        return None
    head = lang.strip().replace("-", "_").split(".")[0].split("_")[0].lower()
    return head if head in LANGUAGES else None


def detect() -> str:
    """The language the environment asks for: `GRADE_LANG`, then the locale, then English."""
    chosen = normalize(os.environ.get("GRADE_LANG"))
    if chosen:
        return chosen
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:  # the first one set decides, as in POSIX
            return normalize(value) or "en"
    return "en"


def set_language(lang: str | None) -> str:
    """Make `lang` (or, when None, what `detect()` finds) the language of this process. Processes it
    forks inherit it; give others `GRADE_LANG=language()`. Returns the language chosen."""
    global _current
    _current = normalize(lang) or detect()
    return _current


def language() -> str:
    """The current language (`set_language`, else `detect()`)."""
    return _current or detect()


@cache
def _translations(lang: str) -> _gettext.NullTranslations:
    return _gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[lang], fallback=True)


def _(message: str, *, lang: str | None = None) -> str:
    """`message` in `lang` (default: the current language). The empty message stays empty (gettext
    would answer it with the catalogue's header)."""
    if not message:
        return message
    return _translations(normalize(lang) or language()).gettext(message)


def ngettext(singular: str, plural: str, n: int, *, lang: str | None = None) -> str:
    """The singular or plural form of a message for `n`, in `lang` (default: the current language)."""
    return _translations(normalize(lang) or language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it (translate it with `_` where it is used)."""
    return message

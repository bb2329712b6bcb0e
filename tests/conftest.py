"""Every test starts in English, whatever the machine's locale or an earlier test's `--lang`:
the language is process state (`grader.i18n.set_language`), and tests share worker processes."""

from __future__ import annotations

import pytest

from grader import i18n


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("GRADE_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    i18n.set_language("en")

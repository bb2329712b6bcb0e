"""grader.browser without a browser run: a Chromium that cannot be started is one UsageError."""

from __future__ import annotations

import pytest

from grader import browser
from grader.errors import UsageError


def test_a_chromium_that_cannot_be_run_is_a_usage_error(tmp_path, monkeypatch):
    fake = tmp_path / "chromium"
    fake.write_text("not a program\n")  # a file, but not executable
    monkeypatch.setenv("GRADE_CHROMIUM", str(fake))
    page = tmp_path / "page.html"
    page.write_text("<p>hi</p>", encoding="utf-8")
    with pytest.raises(UsageError, match="could not be started"):
        browser.dom(page)

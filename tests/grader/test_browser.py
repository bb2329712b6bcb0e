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


def test_a_chromium_that_hangs_is_stopped_with_its_children(tmp_path, monkeypatch):
    import os
    import time

    marker = tmp_path / "child.pid"
    fake = tmp_path / "fake-chromium"
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {marker}\nwait\n")
    fake.chmod(0o755)
    monkeypatch.setenv("GRADE_CHROMIUM", str(fake))
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>")
    with pytest.raises(UsageError, match="did not finish"):
        browser.dom(page, timeout_s=1)
    pid = int(marker.read_text())
    for _ in range(50):  # the helper it started is gone too
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("a process Chromium started outlived the time-out")

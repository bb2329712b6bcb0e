"""Where we run: `GITHUB_ACTIONS` decides the log wrapping, `CI` refuses a push; each read in one place."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from grader.cli import cli
from grader.reports import ci


@pytest.mark.parametrize(("value", "expected"), [("true", True), (None, False), ("false", False), ("", False),
                                                 ("1", False)])
def test_in_github_actions_reads_only_github_actions(monkeypatch, value, expected):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("CI", "true")  # any CI is not enough: only GitHub's runner obeys `::` commands
    if value is not None:
        monkeypatch.setenv("GITHUB_ACTIONS", value)
    assert ci.in_github_actions() is expected


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("True", True), (" TRUE ", True), ("1", True),
                                                 ("yes", True), (None, False), ("", False), ("0", False),
                                                 ("false", False), ("no", False)])
def test_in_ci_reads_ci(monkeypatch, value, expected):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # irrelevant here: the question is "any CI?"
    if value is not None:
        monkeypatch.setenv("CI", value)
    assert ci.in_ci() is expected


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_submit_push_refused_wherever_in_ci_says_so(monkeypatch, tmp_path, value):
    """`grade submit --push` refuses before grading anything, on the same rule as `in_ci`."""
    monkeypatch.setenv("CI", value)
    result = CliRunner().invoke(cli, ["submit", "--exercises", str(tmp_path / "not-there"), "--push"])
    assert result.exit_code == 2 and "refused in CI" in result.output

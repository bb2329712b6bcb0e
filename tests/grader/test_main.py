"""`python -m grader` and `python -m grader.cli` run the `grade` command (the benchmarks use them)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["grader", "grader.cli"])
def test_python_dash_m_runs_the_command(module):
    done = subprocess.run([sys.executable, "-m", module, "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "grade, version" in done.stdout

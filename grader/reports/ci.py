"""Where the tool is running: two questions, two signals, one function each.

They must differ, because they ask different things:

- `in_github_actions()`: will GitHub's runner read our stdout as a workflow log, obeying
  `::command::` lines? Only the Actions runner does that (and runners built on nektos/act, such as
  Gitea's and Forgejo's, which set the same variable), so the signal is `GITHUB_ACTIONS=true`,
  which it always sets. Wrapping text for that log anywhere else would only print stray
  `::stop-commands::` lines into, say, a GitLab log.
- `in_ci()`: is this an unattended CI job, where `grade submit --push` must refuse (a push from
  the grading workflow would trigger the workflow again, and no student is there to confirm)?
  That holds on every CI service, so the signal is the generic `CI` variable that GitHub Actions,
  GitLab, CircleCI, Travis, Buildkite and others set; `true`, `1` and `yes` all count, in any
  letter case, since a refused push costs little and a push from CI is hard to undo.

Read at call time, never cached: tests and callers change the environment.
"""

from __future__ import annotations

import os


def in_github_actions() -> bool:
    """True inside a GitHub Actions job (`GITHUB_ACTIONS=true`): stdout is a workflow log."""
    return os.environ.get("GITHUB_ACTIONS") == "true"


def in_ci() -> bool:
    """True in any CI job (`CI` set to true, 1 or yes): nobody is there to confirm a push."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")

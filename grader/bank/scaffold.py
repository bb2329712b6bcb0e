"""`grade bank new`: a commented question skeleton that validates as written, to edit from."""

from __future__ import annotations

import keyword
import re
from pathlib import Path

from grader.answers.kinds import get_kind
from grader.errors import UsageError
from grader.i18n import _
from grader.render import render_template

_PART = re.compile(r"[a-z][a-z0-9_]*")


def new_question(qid: str, *, kind: str, bank_dir: Path, force: bool = False) -> Path:
    """Write BANK/topic/name.py for `qid` (`topic.name`, snake_case) and return its path. The
    example it holds is the one the kind's registry entry names (`Kind.skeleton`)."""
    skeleton = get_kind(kind).skeleton
    if skeleton is None:
        raise UsageError(_("answer kind {kind} has no question skeleton to start from").format(kind=repr(kind)))
    parts = qid.split(".")
    if len(parts) < 2 or not all(_PART.fullmatch(p) and not keyword.iskeyword(p) for p in parts):
        raise UsageError(_("question id {qid} must look like topic.name (lower-case snake_case parts)").format(
            qid=repr(qid)))
    if parts[-1].startswith("_"):
        raise UsageError(_("a leading underscore marks a helper module, not a question"))
    path = Path(bank_dir).joinpath(*parts[:-1], parts[-1] + ".py")
    if path.exists() and not force:
        raise UsageError(_("{path} already exists (use --force to overwrite)").format(path=path))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_template("question_skeleton.py.j2", qid=qid, kind=kind, skeleton=skeleton), encoding="utf-8")
    return path

"""Settings from `grade.yaml` (or the file given with `--config`).

Recognised keys: `banks` (list of extra question-bank folders, relative to the file). Unknown keys
are an error, so a misspelt setting is not silently ignored.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from grader.errors import UsageError

DEFAULT_NAME = "grade.yaml"
KNOWN_KEYS = {"banks"}


def load_config(path: Path | None = None) -> dict:
    """The settings as a dict with `banks` resolved to absolute paths; {} when no file exists and
    none was named."""
    if path is None:
        path = Path(DEFAULT_NAME)
        if not path.exists():
            return {"banks": []}
    elif not path.exists():
        raise UsageError(f"config file {path} does not exist")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise UsageError(f"{path}: malformed YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise UsageError(f"{path}: expected a mapping of settings, got {type(data).__name__}")
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise UsageError(f"{path}: unknown setting(s) {', '.join(map(str, unknown))}; known: {', '.join(sorted(KNOWN_KEYS))}")
    banks = data.get("banks", []) or []
    if isinstance(banks, str):
        banks = [banks]
    if not isinstance(banks, list) or not all(isinstance(b, str) for b in banks):
        raise UsageError(f"{path}: `banks` must be a list of folder paths")
    return {"banks": [(path.parent / b).resolve() for b in banks]}

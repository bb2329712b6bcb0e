"""Settings from `grade.yaml` (or the file given with `--config`).

Recognised keys, each a folder or a list of folders relative to the file:
- `banks`: extra question-bank folders (`grade bank ...`, exams);
- `exercises`: extra exercise-spec folders (`grade submit`, `grade batch`, `grade exercises`).
Unknown keys are an error, so a misspelt setting is not silently ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from grader.errors import UsageError
from grader.i18n import _

DEFAULT_NAME = "grade.yaml"
FOLDER_LISTS = ("banks", "exercises")


@dataclass(frozen=True)
class Config:
    """The settings, with every folder resolved to an absolute path."""

    banks: list[Path] = field(default_factory=list)
    exercises: list[Path] = field(default_factory=list)
    path: Path | None = None  # the file they came from; None when there was none


def load_config(path: Path | None = None) -> Config:
    """The settings of `path`, or of ./grade.yaml when it exists; empty settings when no file exists
    and none was named. Raises UsageError naming the file (and line) for anything malformed."""
    if path is None:
        path = Path(DEFAULT_NAME)
        if not path.exists():
            return Config()
    elif not path.exists():
        raise UsageError(_("config file {path} does not exist").format(path=path))
    import yaml  # here: what imports this module (the bank) need not pay for yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise malformed_yaml(path, exc) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(_("{path}: cannot read: {reason}").format(path=path, reason=exc)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise UsageError(_("{path}: expected a mapping of settings, got {type}").format(path=path,
                                                                                       type=type(data).__name__))
    unknown = sorted(set(map(str, data)) - set(FOLDER_LISTS))
    if unknown:
        raise UsageError(_("{path}: unknown setting(s) {names}; known: {known}").format(
            path=path, names=", ".join(unknown), known=", ".join(FOLDER_LISTS)))
    folders: dict[str, list[Path]] = {}
    for key in FOLDER_LISTS:
        value = data.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UsageError(_("{path}: `{key}` must be a list of folder paths").format(path=path, key=key))
        folders[key] = [(path.parent / v).resolve() for v in value]
    return Config(banks=folders["banks"], exercises=folders["exercises"], path=path)


def malformed_yaml(path: Path, exc: Exception) -> UsageError:
    """One line for a YAML file that does not parse: the file, the line and column, the problem."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or exc
    if mark is None:
        return UsageError(_("{path}: malformed YAML: {problem}").format(path=path, problem=problem))
    return UsageError(_("{path}: malformed YAML (line {line}, column {column}): {problem}").format(
        path=path, line=mark.line + 1, column=mark.column + 1, problem=problem))

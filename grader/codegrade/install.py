"""What a grading machine installs (the GitHub Classroom workflow, the Gradescope `setup.sh`): the
CPU build of torch and the grader, both pinned, so that grading cannot change mid-semester because
a release or a branch moved.

- Python: at least `MIN_PYTHON` (pyproject's `requires-python`).
- torch: one exact release from the CPU index (a few hundred MB instead of the CUDA build's
  several GB; no hosted grader has a GPU); by default the release installed here, else
  `DEFAULT_TORCH`.
- the grader: a `pip install` argument that names one immutable build: `grade==0.1.0`, or a URL
  whose git ref (or archive name) is a commit or a version tag. A branch, a bare repository URL or a
  version range is refused unless the instructor opts in (`allow_unpinned`).
"""

from __future__ import annotations

import re
import shlex
from importlib import metadata

from grader.errors import UsageError
from grader.i18n import _

MIN_PYTHON = (3, 10)  # pyproject.toml: requires-python = ">=3.10" (a test keeps them equal)
MIN_TORCH = (2, 2)  # pyproject.toml: torch>=2.2
DEFAULT_TORCH = "2.13.0"
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
GRADER_EXAMPLES = "'grade @ git+https://github.com/<owner>/<repo>@v0.1.0' | '…@<commit sha>' | 'grade==0.1.0'"

_PYTHON = re.compile(r"3\.(?P<minor>\d+|x)(\.\d+)?")
_RELEASE = re.compile(r"(?P<major>\d+)\.(?P<minor>\d+)(\.\d+)?")
_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?(?:\[[A-Za-z0-9._,\s-]*\])?"
_EXACT = re.compile(rf"{_NAME}\s*===?\s*[A-Za-z0-9][A-Za-z0-9.+!_-]*")  # grade==0.1.0 (no wildcard, no range)
_DIRECT = re.compile(rf"(?:{_NAME}\s*@\s*)?(?P<url>\S+)")  # grade @ URL, or a bare URL
_COMMIT = re.compile(r"[0-9a-f]{7,40}", re.IGNORECASE)
_VERSION_TAG = re.compile(r"v?\d+(\.\d+)+([.-]?[A-Za-z0-9]+)*")
_ARCHIVE = re.compile(r"(?P<stem>[^/]+?)(?:\.tar\.gz|\.tgz|\.zip)$")
_PLACEHOLDER = re.compile(r"OWNER/REPO|<owner>|<repo>", re.IGNORECASE)


def check_python(version: str) -> str:
    """`version` when it names a Python the grader runs on (3.10, 3.12.4, 3.x), else UsageError."""
    match = _PYTHON.fullmatch(version.strip())
    if not match:
        raise UsageError(_("--python must be a Python version such as 3.11, not {value}").format(value=repr(version)))
    if match["minor"] != "x" and (3, int(match["minor"])) < MIN_PYTHON:
        raise UsageError(_("--python {value}: the grader needs Python {minimum} or newer").format(
            value=version, minimum=".".join(map(str, MIN_PYTHON))))
    return version.strip()


def installed_torch() -> str | None:
    """The release of the torch installed here (`2.13.0` for `2.13.0+cpu`), read from its metadata
    without importing it; None when there is none."""
    try:
        return metadata.version("torch").split("+", 1)[0]
    except metadata.PackageNotFoundError:
        return None


def torch_version(requested: str | None = None) -> str:
    """The torch release to pin: `requested`, else the one installed here, else DEFAULT_TORCH."""
    version = (requested or installed_torch() or DEFAULT_TORCH).strip()
    match = _RELEASE.fullmatch(version)
    if not match:
        raise UsageError(_("--torch must be one exact release such as {example}, not {value}").format(
            example=DEFAULT_TORCH, value=repr(version)))
    if (int(match["major"]), int(match["minor"])) < MIN_TORCH:
        raise UsageError(_("--torch {value}: the grader needs torch {minimum} or newer").format(
            value=version, minimum=".".join(map(str, MIN_TORCH))))
    return version


def _pinned_url(url: str) -> bool:
    """Whether a direct URL names one immutable build: a git ref that is a commit or a version tag,
    or an archive or wheel named by one."""
    url = url.split("#", 1)[0]  # #egg=… / #subdirectory=…
    if url.startswith("git+"):
        _, at, ref = url.rpartition("@")
        if not at or "/" in ref:  # no ref (the default branch) or an `@` of user@host only
            return False
        return bool(_COMMIT.fullmatch(ref) or _VERSION_TAG.fullmatch(ref))
    if url.endswith(".whl"):
        return True  # a wheel's file name carries its version
    archive = _ARCHIVE.search(url)
    if archive is None or "/refs/heads/" in url:
        return False
    return bool(_COMMIT.fullmatch(archive["stem"]) or _VERSION_TAG.fullmatch(archive["stem"]))


def grader_spec(spec: str | None, *, allow_unpinned: bool = False) -> str:
    """The `pip install` argument for the grader, checked: given, one line, no placeholder, and pinned
    (unless `allow_unpinned`). Raises UsageError saying what to pass."""
    if spec is None or not spec.strip():
        raise UsageError(_("no grader source: pass --grader-spec with what `pip install` should get, pinned to a "
                           "release or a commit, e.g. {examples}").format(examples=GRADER_EXAMPLES))
    spec = spec.strip()
    if any(ch in spec for ch in "\r\n\0") or any(ord(ch) < 32 for ch in spec):
        raise UsageError(_("--grader-spec must be one line, e.g. {examples}").format(examples=GRADER_EXAMPLES))
    if _PLACEHOLDER.search(spec):
        raise UsageError(_("--grader-spec {value} still holds a placeholder: name the real repository").format(
            value=repr(spec)))
    direct = _DIRECT.fullmatch(spec)
    pinned = bool(_EXACT.fullmatch(spec)) or (direct is not None and "/" in direct["url"]
                                               and _pinned_url(direct["url"]))
    if not pinned and not allow_unpinned:
        raise UsageError(_("--grader-spec {value} is not pinned: grading would change mid-semester whenever it "
                           "moves. Name a release or a commit, e.g. {examples}, or pass --allow-unpinned").format(
            value=repr(spec), examples=GRADER_EXAMPLES))
    return spec


def pip_commands(*, torch: str, grader: str, pip: str = "pip") -> list[str]:
    """The shell commands that install the pinned CPU torch, then the grader (whose `torch>=…` the
    first already satisfies, so pip does not fetch the CUDA build)."""
    return [f"{pip} install --index-url {TORCH_CPU_INDEX} torch=={torch}",
            f"{pip} install {shlex.quote(grader)}"]

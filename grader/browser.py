"""Headless Chromium for what needs a browser: printing HTML to PDF, screenshots, the DOM a page
becomes. Nothing here reaches the network: pages are local files, and Chromium is started with its
background connections off and a fresh, temporary profile.

Which browser: `GRADE_CHROMIUM`, else the first of `chromium`, `chromium-browser`, `google-chrome`
on the PATH. Without one, `require()` raises a UsageError that says what to install.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from grader.errors import UsageError
from grader.i18n import _

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_S = 60.0
_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-extensions", "--hide-scrollbars", "--mute-audio", "--no-default-browser-check")


def find() -> str | None:
    """The Chromium executable to use, or None."""
    chosen = os.environ.get("GRADE_CHROMIUM")
    if chosen:
        return shutil.which(chosen) or (chosen if Path(chosen).is_file() else None)
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def require() -> str:
    """The Chromium executable, or a UsageError that names the package to install."""
    found = find()
    if found is None:
        raise UsageError(_("this needs Chromium, which was not found: install it (Debian and Ubuntu: "
                           "`apt install chromium fonts-noto-cjk`) or set GRADE_CHROMIUM to its path"))
    return found


def _run(page: Path, *args: str, timeout_s: float = TIMEOUT_S) -> subprocess.CompletedProcess[bytes]:
    exe = require()
    with tempfile.TemporaryDirectory(prefix="grade-chromium-") as profile:
        cmd = [exe, *_FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()]
        try:  # a session of its own, so that a time-out takes Chromium's helper processes too
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, start_new_session=True)
        except OSError as exc:  # GRADE_CHROMIUM names a file that cannot be run
            raise UsageError(_("Chromium could not be started ({path}): {reason}").format(
                path=exe, reason=exc.strerror or exc)) from None
        try:
            stdout, stderr = proc.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise UsageError(_("Chromium did not finish {page} within {seconds:.0f} s").format(
                page=page, seconds=timeout_s)) from None
    done = subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr)
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise UsageError(_("Chromium failed on {page}: {reason}").format(page=page, reason=" ".join(tail)))
    return done


def print_pdf(page: Path, pdf: Path, *, timeout_s: float = TIMEOUT_S) -> Path:
    """Print the HTML file `page` to `pdf` (its print stylesheet applies)."""
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.unlink(missing_ok=True)  # a PDF left from an earlier run must not pass for this one
    _run(page, "--no-pdf-header-footer", f"--print-to-pdf={pdf.resolve()}", timeout_s=timeout_s)
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise UsageError(_("Chromium wrote no PDF for {page}").format(page=page))
    return pdf


def screenshot(page: Path, png: Path, *, width: int = 1200, height: int = 1600,
               timeout_s: float = TIMEOUT_S) -> Path:
    """A PNG of the first `width`×`height` pixels of the HTML file `page`."""
    png.parent.mkdir(parents=True, exist_ok=True)
    png.unlink(missing_ok=True)
    _run(page, f"--screenshot={png.resolve()}", f"--window-size={width},{height}", timeout_s=timeout_s)
    if not png.is_file() or png.stat().st_size == 0:
        raise UsageError(_("Chromium wrote no screenshot for {page}").format(page=page))
    return png


def dom(page: Path, *, timeout_s: float = TIMEOUT_S) -> str:
    """The page's DOM, serialized after Chromium has parsed and laid it out (`--dump-dom`)."""
    return _run(page, "--dump-dom", timeout_s=timeout_s).stdout.decode("utf-8", "replace")

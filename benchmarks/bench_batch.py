"""Time `grade batch` on N copies of solutions/ at --jobs 1 and --jobs 2, side by side.

    python benchmarks/bench_batch.py                  # 20 copies, the CLI, jobs 1 and 2
    python benchmarks/bench_batch.py --executors      # also worker processes vs threads, in-process
    python benchmarks/bench_batch.py --copies 6 --jobs 1 2 4

The CLI figures include starting `grade` (Python + imports), as a teacher would see them; the
executor comparison calls `grader.codegrade.batch.grade_batch` directly. Every run must give every copy the
full score, or the figures are not comparable and the script says so.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _make_class(base: Path, copies: int) -> Path:
    subs = base / "submissions"
    for i in range(copies):
        shutil.copytree(ROOT / "solutions", subs / f"student{i:03d}" / "exercises")
    return subs


def _check(out: Path, copies: int) -> str:
    import pandas as pd

    book = pd.read_csv(out / "gradebook.csv")
    ok = len(book) == copies and (book["status"] == "graded").all() and (book["total"] == book["max"]).all()
    if ok:
        return "ok"
    bad = book[(book["status"] != "graded") | (book["total"] != book["max"])].iloc[0]
    return f"NOT ALL FULL SCORE ({bad['student']}: {bad['total']}/{bad['max']} {bad['error']})"


def time_cli(subs: Path, base: Path, jobs: int, copies: int) -> tuple[float, str]:
    out = base / f"out-cli-{jobs}"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "grader.cli", "batch", str(subs), "--out", str(out),
                    "--jobs", str(jobs), "--device", "cpu"], check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start, _check(out, copies)


def time_library(subs: Path, base: Path, jobs: int, executor: str, copies: int) -> tuple[float, str]:
    from grader.codegrade.batch import grade_batch

    out = base / f"out-{executor}-{jobs}"
    start = time.perf_counter()
    grade_batch(subs, out, jobs=jobs, device="cpu", executor=executor)
    return time.perf_counter() - start, _check(out, copies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--executors", action="store_true", help="also compare processes with threads")
    args = parser.parse_args()
    print(f"{args.copies} copies of solutions/ on {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        base = Path(tmp)
        subs = _make_class(base, args.copies)
        rows = [("grade batch (CLI)", {j: time_cli(subs, base, j, args.copies) for j in args.jobs})]
        if args.executors:
            for executor in ("process", "thread"):
                rows.append((f"grade_batch, {executor}es" if executor == "process" else "grade_batch, threads",
                             {j: time_library(subs, base, j, executor, args.copies) for j in args.jobs}))
    header = f"{'':24}" + "".join(f"{f'--jobs {j}':>18}" for j in args.jobs)
    print(header)
    for name, figures in rows:
        cells = "".join(f"{f'{t:6.1f} s ({t / args.copies:4.2f}/sub)':>18}" for t, _ in figures.values())
        checks = {c for _, c in figures.values()}
        print(f"{name:24}{cells}" + ("" if checks == {"ok"} else f"   {', '.join(sorted(checks))}"))
    first = rows[0][1]
    if len(args.jobs) > 1:
        base_t = first[args.jobs[0]][0]
        print(f"speed-up vs --jobs {args.jobs[0]}: "
              + ", ".join(f"--jobs {j}: {base_t / first[j][0]:.2f}x" for j in args.jobs[1:]))


if __name__ == "__main__":
    main()

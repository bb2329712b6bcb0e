"""How much the sandbox costs: `grade submit --exercises solutions` against an unprotected floor.

The floor is a bare script, run as its own process, that imports torch, builds the very same cases
from the specs, calls the reference solutions and the PyTorch references on them (with the same
backward passes) and compares, all in one process with no isolation: what any grader must pay.
Both are run `--repeat` times, alternating; medians are printed side by side.

    python benchmarks/bench_submit.py [--repeat 5] [--exercises solutions]

Target: grade submit ≤ 2× the floor and < 10 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

FLOOR = r'''
import importlib.util, sys
import torch
from grader.codegrade.model import seed_for
from grader.codegrade.plan import evaluate as _evaluate
from grader.codegrade.compare import compare
from grader.codegrade.model import CaseContext
from grader.codegrade.discovery import load_exercises

folder = sys.argv[1]
modules = {}
n = 0
for ex in load_exercises():
    if ex.module not in modules:
        spec = importlib.util.spec_from_file_location(ex.module, f"{folder}/{ex.module}.py")
        modules[ex.module] = mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
    fn = getattr(modules[ex.module], ex.function)
    for check in ex.checks:
        ctx = CaseContext(torch.Generator().manual_seed(seed_for(ex.name, check.name)), torch.device("cpu"),
                          torch.get_default_dtype())
        for j, case in enumerate(check.cases(ctx)):
            if check.reference is None:
                out, _, _, _ = _evaluate(fn, case, torch.device("cpu"))
                check.judge(case, out)
            else:
                seed = seed_for(ex.name, check.name, j, "upstream")
                ref, ref_grads, _, up = _evaluate(check.reference, case, torch.device("cpu"), upstream_seed=seed)
                out, grads, _, _ = _evaluate(fn, case, torch.device("cpu"), upstream=up)
                assert compare(ref, out, rtol=check.rtol, atol=check.atol) is None, (ex.name, check.name)
                for i in case.grad_wrt:
                    assert compare(ref_grads[i], grads[i], rtol=check.rtol, atol=check.atol) is None
            n += 1
print(n, "cases")
'''


def _time(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=REPO)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--exercises", default=str(REPO / "solutions"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        floor_script = Path(tmp) / "floor.py"
        floor_script.write_text(FLOOR)
        floor_cmd = [sys.executable, str(floor_script), args.exercises]
        submit_cmd = [sys.executable, "-m", "grader.cli", "submit", "--exercises", args.exercises, "--device", "cpu",
                      "--format", "json", "--output", str(Path(tmp) / "report.json")]
        import_cmd = [sys.executable, "-c", "import torch"]
        _time(import_cmd)  # warm the page cache
        floors, submits, imports = [], [], []
        for _ in range(args.repeat):
            imports.append(_time(import_cmd))
            floors.append(_time(floor_cmd))
            submits.append(_time(submit_cmd))
    f, s, i = (statistics.median(x) for x in (floors, submits, imports))
    print(f"{'':28}{'median':>9}{'min':>9}{'max':>9}")
    for name, xs in (("python -c 'import torch'", imports), ("floor (unprotected)", floors),
                     ("grade submit (sandboxed)", submits)):
        print(f"{name:28}{statistics.median(xs):9.2f}{min(xs):9.2f}{max(xs):9.2f}  s")
    print(f"grade submit / floor: {s / f:.2f}x (target <= 2x), {s:.2f} s (target < 10 s)")


if __name__ == "__main__":
    main()

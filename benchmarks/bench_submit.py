"""How much the sandbox costs: `grade submit --exercises solutions` against two unprotected baselines,
and what a submission that crashes in every exercise costs against a correct one.

- *floor*: a bare script, run as its own process, that imports torch, builds the very same cases
  from the specs, calls the reference solutions and the PyTorch references on them (with the same
  backward passes) and compares, all in one process with no isolation: what any grader must pay;
- *plain pytest*: `benchmarks/plain_pytest/test_plain.py`, the in-process pytest file an instructor
  would write for GitHub Classroom's own python grader (the same nine modules against PyTorch, no
  isolation), run as `python -m pytest` in its own process;
- *crashing*: the stubs with every `raise NotImplementedError` replaced by a crash of the process
  (`os._exit(1)`, or, in every other function, a C stack overflow: a segmentation fault), so each
  exercise costs the sandbox a restart.

Each is run `--repeat` times, alternating; medians are printed side by side.

    python benchmarks/bench_submit.py [--repeat 5] [--exercises solutions]

Targets: grade submit ≤ 2× the floor, no slower than the plain pytest file, < 10 s on a 2-core
machine; the crashing submission graded in ≤ 3× the time of the correct one.
"""

from __future__ import annotations

import argparse
import os
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


# os._exit, and a C stack overflow (the JSON encoder recursing through 200000 nested lists with the
# recursion limit lifted): a segmentation fault.
CRASHES = ("os._exit(1)", "sys.setrecursionlimit(1 << 30); "
           "json.dumps(functools.reduce(lambda a, _: [a], range(200_000), []), check_circular=False)")


def _crashing_copy(stubs: Path, target: Path) -> None:
    """The stubs, with each `raise NotImplementedError` replaced by a crash of the whole process."""
    target.mkdir()
    n = 0
    for stub in sorted(stubs.glob("*.py")):
        lines = []
        for line in stub.read_text().splitlines():
            if line.strip() == "raise NotImplementedError":
                lines.append(line[:len(line) - len(line.lstrip())] + CRASHES[n % 2])
                n += 1
            else:
                lines.append(line)
        (target / stub.name).write_text("import functools\nimport json\nimport os\nimport sys\n" + "\n".join(lines) + "\n")


def _time(cmd: list[str], env: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO, env=env)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--exercises", default=str(REPO / "solutions"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        floor_script = Path(tmp) / "floor.py"
        floor_script.write_text(FLOOR)
        crashing = Path(tmp) / "crashing"
        _crashing_copy(REPO / "exercises", crashing)

        def submit(folder: str | Path) -> list[str]:
            return [sys.executable, "-m", "grader.cli", "submit", "--exercises", str(folder), "--device", "cpu",
                    "--format", "json", "--output", str(Path(tmp) / "report.json")]

        pytest_env = {**os.environ, "PLAIN_EXERCISES": args.exercises}
        runs: dict[str, tuple[list[str], dict[str, str] | None]] = {
            "python -c 'import torch'": ([sys.executable, "-c", "import torch"], None),
            "floor (unprotected)": ([sys.executable, str(floor_script), args.exercises], None),
            "plain pytest (unprotected)": ([sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider",
                                            str(REPO / "benchmarks" / "plain_pytest" / "test_plain.py")], pytest_env),
            "grade submit (sandboxed)": (submit(args.exercises), None),
            "grade submit, all crashing": (submit(crashing), None),
        }
        _time(runs["python -c 'import torch'"][0])  # warm the page cache
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.repeat):
            for name, (cmd, env) in runs.items():
                times[name].append(_time(cmd, env))
    med = {name: statistics.median(xs) for name, xs in times.items()}
    print(f"{'':30}{'median':>9}{'min':>9}{'max':>9}")
    for name, xs in times.items():
        print(f"{name:30}{med[name]:9.2f}{min(xs):9.2f}{max(xs):9.2f}  s")
    s = med["grade submit (sandboxed)"]
    print(f"grade submit / floor: {s / med['floor (unprotected)']:.2f}x (target <= 2x), {s:.2f} s (target < 10 s)")
    print(f"grade submit / plain pytest: {s / med['plain pytest (unprotected)']:.2f}x (target <= 1x)")
    print(f"all crashing / correct: {med['grade submit, all crashing'] / s:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()

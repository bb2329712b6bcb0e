"""Bank benchmark: `grade bank list` wall time and symbolic check latency.

Prints, side by side in one run:
- `grade bank list` wall time (median of N runs) against two baselines measured in the same run:
  a bare `python -c pass` and `python -c "import torch"` (what listing would cost if it imported
  torch). Target: < 0.5 s.
- check latency p50/p95/max of the symbolic anchor questions over correct, wrong, LaTeX and hostile
  answers, each through the full `Variant.check` path including the hard time limit.
  Targets: p95 < 250 ms; max bounded by the hard limit (Symbolic.time_limit_s).

Run: python benchmarks/bench_bank.py [--runs 7]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

ANSWERS = {
    "activations.sigmoid_derivative": ["sigmoid(z)*(1-sigmoid(z))", r"\frac{e^{-z}}{(1+e^{-z})^2}", "σ(z)", "9**9**9**9"],
    "logistic.mse_gradient_w": ["(sigmoid(w x+b)-y) sigmoid(wx+b)(1-sigmoid(wx+b)) x", "(sigmoid(wx+b)-y)x",
                                r"(\sigma(wx+b)-y)\sigma(wx+b)(1-\sigma(wx+b))x", "__import__('os')"],
    "logistic.ce_gradient_w": ["(sigmoid(wx+b)-y)*x", r"x\left(\sigma(wx+b)-y\right)", "(y-sigmoid(wx+b))x", "((((((x))))))" * 3],
    "regularization.l1_update": ["w - eta*g - eta*lam*sign(w)/n", r"w-\eta g-\frac{\eta\lambda}{n}\operatorname{sgn}(w)",
                                 "w - eta*g - lam*sign(w)/n", "w-η(g+λ sgn(w)/n)"],
    "regularization.l2_update": ["(1-eta*lam/n)*w - eta*g", r"(1-\frac{\eta\lambda}{n})w-\eta g", "(1-lam/n)w - eta g",
                                 "w - eta*(g + lam*w/n)"],
    "evaluation.bootstrap_limit": ["1/e", "exp(-1)", "e^{-1}", "0.5"],
}


def wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    grade = shutil.which("grade") or sys.exit("grade is not installed (pip install -e .)")

    print(f"grade bank list (median of {args.runs} runs)")
    bare = wall([sys.executable, "-c", "pass"], args.runs)
    listing = wall([grade, "bank", "list"], args.runs)
    torch_import = wall([sys.executable, "-c", "import torch"], max(3, args.runs // 2))
    print(f"  python -c pass          {bare * 1000:8.0f} ms   (baseline)")
    print(f"  grade bank list         {listing * 1000:8.0f} ms   target < 500 ms")
    print(f"  python -c 'import torch'{torch_import * 1000:8.0f} ms   (what importing torch would add)")

    from grader.bank import load_bank, make_variant

    bank = load_bank()
    latencies = []
    limit = 0.0
    for qid, answers in ANSWERS.items():
        variant = make_variant(bank.get(qid), seed=0)
        limit = max(limit, variant.question.meta.check.time_limit_s)
        variant.check(answers[0])  # warm caches as a long-running server would
        for _ in range(3):
            for answer in answers:
                start = time.perf_counter()
                variant.check(answer)
                latencies.append(time.perf_counter() - start)
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    print(f"\nsymbolic check latency over {len(latencies)} checks of {len(ANSWERS)} anchor questions")
    print(f"  p50 {p(0.5):7.1f} ms   p95 {p(0.95):7.1f} ms (target < 250)   max {latencies[-1] * 1000:7.1f} ms "
          f"(hard limit {limit * 1000:.0f} ms)")


if __name__ == "__main__":
    main()

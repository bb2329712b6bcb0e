"""Bank benchmark: `grade bank list` wall time and symbolic check latency.

Prints, side by side in one run:
- `grade bank list` wall time (median of N runs) against two baselines measured in the same run:
  a bare `python -c pass` and `python -c "import torch"` (what listing would cost if it imported
  torch). Target: < 0.5 s.
- check latency p50/p95/max of the symbolic anchor questions over correct, wrong, LaTeX and hostile
  answers, each through the full `Variant.check` path including the hard time limit.
  Targets: p95 < 250 ms; max bounded by the hard limit (Symbolic.time_limit_s).
- numeric and choice check latency through `check_answer` (a forked child under the hard limit and
  the resource caps), beside two baselines measured in the same run: the same judge called
  in-process (what a check cost before every kind ran under the limit) and a bare
  `run_with_time_limit(int)` (the fork floor). Hostile towers (`e^e^e^e^e`) are timed
  separately: the guarded evaluator refuses them as "too large" long before the hard limit.

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


NUMERIC_ANSWERS = {
    "cnn.conv_output_size": ["16", "15", "16.0", "abc", "9^9^9^9", "1" * 300],
    "backprop.two_layer_update": ["0.35891648", "0.3589", "0.36", "1/e", "(1-1/1000)^1000", "-0.5"],
    "evaluation.bootstrap_oob_fraction": ["0.3679", "1/e", "e^-1", "0.5", "36.8%", "\x00"],
}
CHOICE_ANSWERS = ["A", "b", "A, C", "(c)", "E", "A; DROP TABLE", "A" * 5000, ""]
SLOW_NUMERIC = ["e^e^e^e^e", "exp(exp(exp(exp(exp(1)))))"]


def percentiles(latencies: list[float]) -> str:
    latencies = sorted(latencies)
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return f"p50 {p(0.5):7.2f} ms   p95 {p(0.95):7.2f} ms   max {latencies[-1] * 1000:7.2f} ms   (n={len(latencies)})"


def time_calls(calls: list, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        for call in calls:
            start = time.perf_counter()
            call()
            out.append(time.perf_counter() - start)
    return out


def bench_numeric_and_choice(bank, repeat: int) -> None:
    from grader.answers import check_answer
    from grader.answers.timelimit import run_with_time_limit
    from grader.bank import make_variant

    def judge_in_process(task, text):
        """The same judge, with no fork and no limit: the baseline."""
        from grader.answers import get_kind
        from grader.errors import InvalidAnswer

        checker = get_kind(task.kind).load_checker()
        prepared = checker.prepare(task)
        try:
            return checker.judge(text, task, prepared)
        except InvalidAnswer:
            return None

    numeric = [(make_variant(bank.get(qid), seed=0).task(), text) for qid, texts in NUMERIC_ANSWERS.items()
               for text in texts]
    choice_questions = [q for q in bank if q.meta.kind in ("choice", "multi")]
    if choice_questions:
        choice = [(make_variant(q, seed=0).task(), text) for q in choice_questions for text in CHOICE_ANSWERS]
    else:  # the bundled bank has no choice question yet: a choice task of its own
        from grader.answers import Choice, Task

        task = Task(kind="multi", key=["A", "C"], settings=Choice(), max_score=2, n_options=4,
                    option_feedback={"B": "B confuses bias with variance"})
        choice = [(task, text) for text in CHOICE_ANSWERS]
    for task, text in numeric + choice:  # warm caches and imports as a long-running grader would
        check_answer(text, task)

    fork_floor = time_calls([lambda: run_with_time_limit(int, 1, timeout_s=5)] * 10, repeat)
    print(f"\nnumeric and choice check latency (each call repeated {repeat}x)")
    print(f"  {'fork floor: run_with_time_limit(int)':44s} {percentiles(fork_floor)}")
    for label, cases in (("numeric", numeric), ("choice", choice)):
        baseline = time_calls([lambda t=t, x=x: judge_in_process(t, x) for t, x in cases], repeat)
        forked = time_calls([lambda t=t, x=x: check_answer(x, t) for t, x in cases], repeat)
        print(f"  {label + ' prepare+judge in-process (baseline)':44s} {percentiles(baseline)}")
        print(f"  {label + ' check_answer (fork, limit, caps)':44s} {percentiles(forked)}")
    slow_task = numeric[0][0]
    limit = slow_task.settings.time_limit_s
    slow = time_calls([lambda x=x: check_answer(x, slow_task) for x in SLOW_NUMERIC], 1)
    print(f"  {'numeric towers (refused as too large)':44s} {percentiles(slow)}")
    print(f"  (hard limit {limit * 1000:.0f} ms; before these changes they ran unbounded: still running after 15 s)")


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

    bench_numeric_and_choice(bank, repeat=max(3, args.runs))


if __name__ == "__main__":
    main()

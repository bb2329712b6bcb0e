"""`grade exam analyze`: the statistics against independent computations, then end to end.

The statistics tests analyse a hand-made results.json (scores chosen here, not graded) over a
hand-made manifest of numeric questions, and recompute everything with numpy / `statistics`.
"""

import csv
import io
import json
import statistics

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from grader.bank import load_bank, make_variant
from grader.cli import cli
from grader.exams.analysis import cronbach_alpha, item_stats, pearson
from grader.exams.grading import SCHEMA as RESULTS_SCHEMA
from grader.exams.manifest import SCHEMA as MANIFEST_SCHEMA

QUESTIONS = ["cnn.conv_output_size", "cnn.pool_output_size", "cnn.flatten_size", "cnn.conv_param_count"]
POINTS = [2, 1, 4, 2]
# Six students' scores (points) on the four questions: partial credit, a perfect and a zero paper.
SCORES = [
    [2, 1, 4, 2],
    [2, 0, 2, 2],
    [0, 1, 4, 0],
    [2, 1, 0, 1],
    [0, 0, 1, 0],
    [1, 1, 4, 2],
]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def hand_made(folder, bank, scores, *, absent=()):
    """A manifest (variants rebuilt from the bank, so their keys match) and a results.json with
    the given scores; students in `absent` had no sheet and score 0."""
    exam = {"title": "T", "course": "C", "date": "2026-01-01", "duration": "1 h", "instructions": "",
            "language": "both", "seed": 1, "questions": len(QUESTIONS), "sections": []}
    students, graded = {}, {}
    for i, row in enumerate([*scores, *([[0] * len(QUESTIONS)] * len(absent))]):
        sid = f"s{i}" if i < len(scores) else absent[i - len(scores)]
        slots = []
        answers = {}
        for n, (qid, points, score) in enumerate(zip(QUESTIONS, POINTS, row), start=1):
            variant = make_variant(bank.get(qid), seed=i)
            slots.append({"number": n, "section": 1, "id": qid, "version": variant.question.meta.version,
                          "kind": variant.kind, "variant_seed": i, "params": variant.params, "points": points,
                          "key": variant.answer_text(), "choice_order": None})
            verdict = "correct" if score == points else "incorrect" if score == 0 else "partial"
            answers[str(n)] = {"verdict": verdict, "score": score, "max_score": points, "feedback": "",
                               "understood_as": "7", "warnings": [], "answer": "7", "answered": sid not in absent,
                               "problem": None}
        students[sid] = {"name": sid, "extra": {}, "form": None, "questions": slots}
        graded[sid] = {"name": sid, "answers": answers, "total": sum(row), "max": sum(POINTS),
                       "problems": [{"code": "no_sheet"}] if sid in absent else []}
    exam_dir, results = folder / "exam", folder / "results"
    exam_dir.mkdir()
    results.mkdir()
    (exam_dir / "manifest.json").write_text(json.dumps({"schema": MANIFEST_SCHEMA, "exam": exam,
                                                        "students": students}), encoding="utf-8")
    (results / "results.json").write_text(json.dumps({"schema": RESULTS_SCHEMA, "exam": exam, "students": graded,
                                                      "unmatched": []}), encoding="utf-8")
    return exam_dir, results


def analyze(results, exam_dir):
    result = run("exam", "analyze", results, "--exam", exam_dir)
    assert result.exit_code == 0, result.output
    items = list(csv.DictReader(io.StringIO((results / "analysis" / "items.csv").read_text(encoding="utf-8"))))
    summary = json.loads((results / "analysis" / "summary.json").read_text(encoding="utf-8"))
    return result.output, items, summary


def test_statistics_match_an_independent_computation(tmp_path, bank):
    exam_dir, results = hand_made(tmp_path, bank, SCORES, absent=["zz_absent"])
    output, items, summary = analyze(results, exam_dir)
    scores = np.array(SCORES, dtype=float)
    totals = scores.sum(axis=1)
    fractions = scores / np.array(POINTS, dtype=float)
    assert summary["n"] == 6 and summary["absent"] == ["zz_absent"]  # no sheet: left out, not a zero
    assert summary["mean"] == pytest.approx(statistics.mean(totals), abs=1e-4)
    assert summary["sd"] == pytest.approx(statistics.stdev(totals), abs=1e-4)
    k = len(POINTS)
    alpha = k / (k - 1) * (1 - sum(statistics.variance(scores[:, j]) for j in range(k)) / statistics.variance(totals))
    assert summary["cronbach_alpha"] == pytest.approx(alpha, abs=1e-4)
    slots = [r for r in items if r["level"] == "slot"]
    assert [r["id"] for r in slots] == QUESTIONS
    order = sorted(range(6), key=lambda i: (-totals[i], f"s{i}"))  # ties broken by id
    for j, row in enumerate(slots):
        assert float(row["difficulty"]) == pytest.approx(fractions[:, j].mean(), abs=1e-4)
        r = np.corrcoef(fractions[:, j], totals - scores[:, j])[0, 1]
        assert float(row["item_total_r"]) == pytest.approx(r, abs=1e-4)
        g = round(0.27 * 6)  # 2 per group
        d = fractions[order[:g], j].mean() - fractions[order[-g:], j].mean()
        assert float(row["discrimination"]) == pytest.approx(d, abs=1e-4)
        assert int(row["students"]) == 6
    assert "Cronbach's alpha" in output and "SD" in output and "克龙巴赫" not in output
    chinese = run("exam", "analyze", results, "--exam", exam_dir, "--lang", "zh")
    assert chinese.exit_code == 0 and "克龙巴赫" in chinese.output and "标准差" in chinese.output
    assert "Cronbach's alpha" not in chinese.output


def test_zero_variance_divides_by_nothing(tmp_path, bank):
    same = [[2, 1, 0, 2]] * 5
    exam_dir, results = hand_made(tmp_path, bank, same)
    output, items, summary = analyze(results, exam_dir)
    assert summary["sd"] == 0 and summary["cronbach_alpha"] is None
    slot = {r["number"]: r for r in items if r["level"] == "slot"}
    assert slot["1"]["item_total_r"] == "" and slot["1"]["discrimination"] == "0.0"
    assert set(slot["1"]["flags"].split(";")) == {"no_variance", "too_easy"}
    assert set(slot["3"]["flags"].split(";")) == {"no_variance", "too_hard"}
    assert [f["number"] for f in summary["flagged"]] == [1, 2, 3, 4]
    assert "—" in output  # an undefined alpha prints as a dash
    # The pure functions agree: nothing to correlate, no alpha, and one student makes no D.
    assert pearson([1, 1, 1], [1, 2, 3]) is None and cronbach_alpha([[1, 2], [1, 2]]) is None
    assert cronbach_alpha([[1, 2, 3]]) is None and item_stats([1.0], [1.0], [3.0], ["a"]).discrimination is None


def test_negative_discrimination_is_flagged(bank):
    # The strongest students miss item 0, the weakest get it: r < 0 and D < 0.
    totals = [10, 9, 8, 3, 2, 1]
    fractions = [0, 0, 0, 1, 1, 1]
    stats = item_stats(fractions, fractions, totals, list("abcdef"))
    assert stats.item_total_r < 0 and stats.discrimination == pytest.approx(-1.0)
    from grader.exams.analysis import flags_of

    assert flags_of(stats) == ["negative_discrimination"]


SPEC = """\
title: Analysis
course: DL
date: 2026-12-20
duration: 30 min
language: both
seed: 11
sections:
  - title: A
    questions: [cnn.conv_output_size, cnn.properties]
    points: 2
    shuffle: false
"""


def test_end_to_end_options_mapped_back_and_mistakes_counted(tmp_path, bank):
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\n" + "".join(f"s{i},学生 {i}\n" for i in range(6)), encoding="utf-8")
    exam = tmp_path / "exam"
    assert run("exam", "build", tmp_path / "spec.yaml", "--roster", roster, "--out", exam, "--forms", "2").exit_code == 0
    manifest = json.loads((exam / "manifest.json").read_text(encoding="utf-8"))
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    expected_picks: dict[str, int] = {}
    mistake_hits = 0
    for i, (sid, paper) in enumerate(sorted(manifest["students"].items())):
        numeric, multi = paper["questions"]
        question = bank.get(numeric["id"])
        variant = make_variant(question, params=numeric["params"])
        mistake = question.mistakes[0].answer(variant.params)
        first = variant.mistake_text(mistake) if i % 2 else numeric["key"]
        mistake_hits += i % 2
        # Pick the option shown first on this paper; its identity is the bank's option at
        # choice_order[0], whatever letter it was shown under.
        chosen = make_variant(bank.get(multi["id"]), params=multi["params"])
        original = bank.get(multi["id"]).module.options(chosen.params)[multi["choice_order"][0]]
        expected_picks[original.text["en"]] = expected_picks.get(original.text["en"], 0) + 1
        (sheets / f"{sid}.yaml").write_text(yaml.safe_dump({"student": sid, "answers": {"1": first, "2": "a"}},
                                                           allow_unicode=True), encoding="utf-8")
    results = tmp_path / "results"
    assert run("exam", "grade", exam, "--answers", sheets, "--out", results).exit_code == 0
    output, items, summary = analyze(results, exam)
    slot = {r["number"]: r for r in items if r["level"] == "slot"}
    graded = json.loads((results / "results.json").read_text(encoding="utf-8"))["students"]
    # Grading records which listed mistake an answer was recognised as, by its index in MISTAKES.
    assert [graded[sid]["answers"]["1"]["mistake"] for sid in sorted(graded)] == [None, 0] * 3
    assert [graded[sid]["answers"]["2"]["mistake"] for sid in sorted(graded)] == [None] * 6
    assert f"MISTAKES[0] {question.mistakes[0].feedback['en'][:20]}" in slot["1"]["mistakes"]
    assert slot["1"]["mistakes"].endswith(f"×{mistake_hits}") and int(slot["1"]["incorrect"]) == mistake_hits
    counts = dict(part.rsplit(" ×", 1) for part in slot["2"]["options"].split(" | "))
    picked = {text.removesuffix(" ✓"): int(n) for text, n in counts.items() if int(n)}
    assert picked == expected_picks
    variants = [r for r in items if r["level"] == "variant"]
    assert len(variants) == 4 and sum(int(r["students"]) for r in variants) == 12  # 2 forms × 2 slots
    assert summary["n"] == 6 and "flagged" in summary
    first_run = {p.name: p.read_bytes() for p in (results / "analysis").iterdir()}
    assert {"items.csv", "summary.json", "histogram.png", "items.png"} <= set(first_run)
    assert first_run["items.png"].startswith(b"\x89PNG") and b"Software" not in first_run["items.png"]
    analyze(results, exam)
    assert {p.name: p.read_bytes() for p in (results / "analysis").iterdir()} == first_run  # reproducible
    # Grading keeps a copy of the manifest, so RESULTS alone is enough: the same analysis.
    assert (results / "manifest.json").read_bytes() == (exam / "manifest.json").read_bytes()
    assert run("exam", "analyze", results).exit_code == 0
    assert {p.name: p.read_bytes() for p in (results / "analysis").iterdir()} == first_run


def test_refuses_results_of_another_exam(tmp_path, bank):
    exam_dir, results = hand_made(tmp_path, bank, SCORES[:3])
    data = json.loads((results / "results.json").read_text(encoding="utf-8"))
    data["exam"]["seed"] = 2
    (results / "results.json").write_text(json.dumps(data), encoding="utf-8")
    result = run("exam", "analyze", results, "--exam", exam_dir)
    assert result.exit_code == 2 and "was not graded from the exam" in result.output

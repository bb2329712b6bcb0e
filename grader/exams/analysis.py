"""`grade exam analyze`: item statistics of a graded exam, from `results.json` and the manifest.

```
RESULTS/analysis/items.csv      one row per question number (slot), then one per variant
RESULTS/analysis/summary.json   n, mean, standard deviation, Cronbach's alpha, flagged items
RESULTS/analysis/histogram.png  the distribution of totals (percent)
RESULTS/analysis/items.png      difficulty against discrimination, one point per slot
```

Who is counted: every student on the exam except those with no answer sheet at all (problem
`no_sheet`): they did not sit the exam, and zeros for them would read as hard items. A question
left blank on a sheet counts as 0.

The statistics, for item j (a slot, or a variant: the students who got it) and student i with
score s_ij in points, fraction x_ij = s_ij / points_ij and total T_i = Σ_j s_ij:
- *difficulty* p_j: the mean of x_ij (1 = everyone right; classical "facility").
- *item_total_r*: the corrected item–total correlation, Pearson r between x_ij and T_i − s_ij
  (the total without the item, so an item does not correlate with itself). Empty when either
  side has no variance or fewer than 3 students are in the row.
- *discrimination* D: upper–lower 27 %: with g = max(1, round(0.27·n)) students in each group
  (ranked by total, ties broken by student id so the result is reproducible), the mean x_ij of
  the top g minus that of the bottom g. Empty when n < 2.
- *Cronbach's alpha* (summary): k/(k−1) · (1 − Σ_j var(s_j) / var(T)), sample variances, over
  the slots; null when k < 2, n < 2 or the totals have no variance.
- *standard deviation*: of the totals, sample (n − 1); null when n < 2.

Flags (on rows with at least MIN_FLAG_N students; the summary lists the slots' and the
variants' separately), thresholds in the constants below:
- `negative_discrimination`: item_total_r < 0 — stronger students did worse on it: check the key;
- `low_discrimination`: 0 ≤ item_total_r < LOW_DISCRIMINATION (0.15);
- `no_variance`: everyone earned the same fraction, so it cannot discriminate;
- `too_easy`: difficulty ≥ TOO_EASY (0.95); `too_hard`: difficulty ≤ TOO_HARD (0.15).

Per row also: how many answers were correct / partial / incorrect / invalid / unanswered; for
choice and multi questions the number of times each option was picked, the student's letters
mapped back through the manifest's option order to the option itself (its full text, ✓ when
correct; every option shown is listed, in the bank's order, unpicked ones with 0);
for numeric and symbolic ones the most common wrong answers (as the checker understood them) and
how often each listed mistake was hit, from the `mistake` grading recorded for each answer (the
index in the question's `MISTAKES`; labelled `MISTAKES[i]` and the start of its feedback).

Nothing in the outputs depends on the time or the machine (the PNGs carry no metadata), so
analysing twice gives identical files.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from grader.bank import Bank, Variant
from grader.errors import UsageError
from grader.exams.grading import RESULTS_FILE
from grader.exams.grading import SCHEMA as RESULTS_SCHEMA
from grader.exams.manifest import Manifest, Slot, read_manifest
from grader.exams.words import LANGUAGES, langs_of
from grader.i18n import N_, _, ngettext
from grader.reports.clean import csv_cell
from grader.reports.common import format_points

FOLDER = "analysis"
UPPER_LOWER = 0.27
MIN_FLAG_N = 5
LOW_DISCRIMINATION = 0.15
TOO_EASY = 0.95
TOO_HARD = 0.15
TOP_WRONG = 3
MAX_LABEL = 60
VERDICTS = ("correct", "partial", "incorrect", "invalid", "unanswered")
CHOICE_KINDS = ("choice", "multi")

FLAGS: dict[str, str] = {  # messages of the flag codes; they take the thresholds below
    "negative_discrimination": N_("negative discrimination: stronger students did worse; check the key"),
    "low_discrimination": N_("near-zero discrimination (r < {low})"),
    "no_variance": N_("everyone earned the same score on it"),
    "too_easy": N_("very easy (difficulty ≥ {easy})"),
    "too_hard": N_("very hard (difficulty ≤ {hard})"),
}


def flag_message(code: str, *, lang: str | None = None) -> str:
    return _(FLAGS[code], lang=lang).format(low=LOW_DISCRIMINATION, easy=TOO_EASY, hard=TOO_HARD)

COLUMNS = ["level", "number", "id", "variant_seed", "students", "points", "difficulty", "item_total_r",
           "discrimination", *VERDICTS, "options", "wrong_answers", "mistakes", "flags"]


# ---------------------------------------------------------------------------------------------
# The statistics: pure functions over a students × items matrix


@dataclass(frozen=True)
class ItemStats:
    n: int
    difficulty: float | None
    item_total_r: float | None
    discrimination: float | None
    variance: bool  # whether the fractions vary at all


def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Pearson r; None when either side is constant or there are fewer than 3 pairs."""
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(a) < 3:
        return None
    a, b = a - a.mean(), b - b.mean()
    den = math.sqrt(float(a @ a) * float(b @ b))
    # Constant up to rounding (0.1 + 0.2 ...) counts as constant: r would be noise.
    if den <= 1e-12 * max(1.0, float(np.abs(a).max(initial=0)), float(np.abs(b).max(initial=0))):
        return None
    return float(a @ b) / den


def upper_lower(fractions: Sequence[float], totals: Sequence[float], ids: Sequence[str]) -> float | None:
    """Mean fraction of the top 27 % by total minus that of the bottom 27 % (ties by id)."""
    n = len(fractions)
    if n < 2:
        return None
    g = max(1, round(UPPER_LOWER * n))
    order = sorted(range(n), key=lambda i: (-totals[i], ids[i]))
    top = [fractions[i] for i in order[:g]]
    bottom = [fractions[i] for i in order[-g:]]
    return sum(top) / g - sum(bottom) / g


def item_stats(fractions: Sequence[float], scores: Sequence[float], totals: Sequence[float],
               ids: Sequence[str]) -> ItemStats:
    """One item's statistics: its fractions and scores (points) per student, their totals."""
    n = len(fractions)
    if n == 0:
        return ItemStats(0, None, None, None, False)
    rest = [t - s for t, s in zip(totals, scores)]
    varies = max(fractions) - min(fractions) > 1e-9
    return ItemStats(n, sum(fractions) / n, pearson(fractions, rest) if varies else None,
                     upper_lower(fractions, totals, ids), varies)


def cronbach_alpha(scores: Sequence[Sequence[float]]) -> float | None:
    """k/(k−1)·(1 − Σ var(item) / var(total)) over a students × items matrix of points, sample
    variances; None when it is undefined (fewer than 2 items or students, constant totals)."""
    matrix = np.asarray(scores, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] < 2 or matrix.shape[1] < 2:
        return None
    k = matrix.shape[1]
    total_var = float(matrix.sum(axis=1).var(ddof=1))
    if total_var <= 1e-12:
        return None
    return k / (k - 1) * (1 - float(matrix.var(axis=0, ddof=1).sum()) / total_var)


def flags_of(stats: ItemStats) -> list[str]:
    """The flag codes of one row (none below MIN_FLAG_N students)."""
    if stats.n < MIN_FLAG_N or stats.difficulty is None:
        return []
    found = []
    r = stats.item_total_r
    if not stats.variance:
        found.append("no_variance")
    elif r is not None and r < 0:
        found.append("negative_discrimination")
    elif r is not None and r < LOW_DISCRIMINATION:
        found.append("low_discrimination")
    if stats.difficulty >= TOO_EASY:
        found.append("too_easy")
    elif stats.difficulty <= TOO_HARD:
        found.append("too_hard")
    return found


# ---------------------------------------------------------------------------------------------
# Reading a graded exam


@dataclass
class _Row:
    level: str  # "slot" or "variant"
    number: int
    ids: set[str] = field(default_factory=set)
    variant_seed: int | None = None
    points: set[float] = field(default_factory=set)
    students: list[str] = field(default_factory=list)
    fractions: list[float] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    totals: list[float] = field(default_factory=list)
    verdicts: Counter[str] = field(default_factory=Counter)
    # Labels keyed by (question id, label): a slot filled by a filter holds several questions.
    options: Counter[tuple[str, str]] = field(default_factory=Counter)
    option_order: dict[tuple[str, str], int] = field(default_factory=dict)  # first seen first
    wrong: Counter[tuple[str, str]] = field(default_factory=Counter)
    mistakes: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, sid: str, slot: Slot, answer: Mapping[str, Any], total: float, *, variant: Variant,
            lang: str) -> None:
        score = float(answer["score"])
        self.ids.add(slot.id)
        self.points.add(slot.points)
        self.students.append(sid)
        self.scores.append(score)
        self.fractions.append(score / slot.points)
        self.totals.append(total)
        verdict = str(answer["verdict"]) if answer.get("answered") else "unanswered"
        self.verdicts[verdict] += 1
        if verdict in ("unanswered", "invalid"):
            return
        if slot.kind in CHOICE_KINDS:
            texts = variant.choices(lang)
            labels = [(slot.id, texts[j]["text"] + (" ✓" if option.correct else ""))
                      for j, option in enumerate(variant.options)]
            order = slot.choice_order or tuple(range(len(labels)))
            for j in sorted(range(len(labels)), key=lambda j: order[j]):  # the bank's order: unpicked show as 0
                self.option_order.setdefault(labels[j], len(self.option_order))
                self.options[labels[j]] += 0
            for letter in str(answer.get("understood_as") or "").replace(" ", "").split(","):
                shown = ord(letter) - ord("A") if len(letter) == 1 else -1
                if 0 <= shown < len(labels):
                    self.options[labels[shown]] += 1
            return
        if verdict == "correct":
            return
        self.wrong[slot.id, str(answer.get("understood_as") or answer.get("answer") or "")] += 1
        index = answer.get("mistake")
        listed = variant.question.mistakes
        if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(listed):
            self.mistakes[slot.id, f"MISTAKES[{index}] {_short(listed[index].feedback[lang])}"] += 1

    def stats(self) -> ItemStats:
        return item_stats(self.fractions, self.scores, self.totals, self.students)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 1] + "…"


@dataclass(frozen=True)
class Analysis:
    """What `analyze` found: the summary (as summary.json holds it), the rows of items.csv, the
    totals (percent) for the histogram and the files written."""

    summary: dict[str, Any]
    rows: list[dict[str, Any]]
    percents: list[float]
    out: Path
    files: tuple[Path, ...] = ()


def _read_results(folder: Path) -> dict[str, Any]:
    path = folder / RESULTS_FILE
    if not path.is_file():
        raise UsageError(_("{folder}: no {file}; is it a folder written by `grade exam grade`?").format(
            folder=folder, file=RESULTS_FILE))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise UsageError(_("{path}: cannot read: {reason}").format(path=path, reason=exc)) from None
    if not isinstance(data, dict) or data.get("schema") != RESULTS_SCHEMA or not isinstance(data.get("students"), dict):
        raise UsageError(_("{path}: not a results file of `grade exam grade` (schema {schema})").format(
            path=path, schema=RESULTS_SCHEMA))
    return data


def analyze_exam(results_dir: Path, exam_dir: Path, bank: Bank, *, plots: bool = True) -> Analysis:
    """Item analysis of the exam built into `exam_dir` and graded into `results_dir`, written to
    `results_dir/analysis/`. `bank` rebuilds the variants (option texts, listed mistakes)."""
    data = _read_results(results_dir)
    manifest = read_manifest(exam_dir)
    if data.get("exam") != manifest.exam:
        raise UsageError(_("{results} was not graded from the exam in {exam}").format(
            results=results_dir / RESULTS_FILE, exam=exam_dir))
    analysis = compute(data, manifest, bank, out=results_dir / FOLDER)
    out = analysis.out
    out.mkdir(parents=True, exist_ok=True)
    files = [out / "items.csv", out / "summary.json"]
    _write(files[0], items_csv(analysis.rows))
    _write(files[1], json.dumps(analysis.summary, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    if plots:
        from grader.exams.plots import plot_histogram, plot_items

        files.append(plot_histogram(analysis.percents, analysis.summary, out / "histogram.png"))
        files.append(plot_items([r for r in analysis.rows if r["level"] == "slot"], out / "items.png"))
    return Analysis(analysis.summary, analysis.rows, analysis.percents, out, tuple(files))


def compute(data: Mapping[str, Any], manifest: Manifest, bank: Bank, *, out: Path) -> Analysis:
    """The statistics of `results.json`'s `data` against `manifest`; writes nothing."""
    lang = langs_of(manifest.language)[0]
    students = data["students"]
    sitting: list[str] = []
    absent: list[str] = []
    for sid in sorted(students):
        if sid not in manifest.papers:
            raise UsageError(_("student {student} of results.json is not on the exam").format(student=sid))
        codes = {p.get("code") for p in students[sid].get("problems", [])}
        (absent if "no_sheet" in codes else sitting).append(sid)
    slots: dict[int, _Row] = {}
    variants: dict[tuple[Any, ...], _Row] = {}
    rebuilt: dict[tuple[Any, ...], Variant] = {}
    matrix: list[list[float]] = []
    totals: list[float] = []
    maxima: list[float] = []
    for sid in sitting:
        graded = students[sid]
        paper = manifest.papers[sid]
        scores = [float(graded["answers"][str(s.number)]["score"]) for s in paper.slots]
        total = sum(scores)
        matrix.append(scores)
        totals.append(total)
        maxima.append(sum(s.points for s in paper.slots))
        for slot in paper.slots:
            answer = graded["answers"][str(slot.number)]
            if slot.variant_key not in rebuilt:
                rebuilt[slot.variant_key] = slot.variant(bank)
            variant = rebuilt[slot.variant_key]
            slots.setdefault(slot.number, _Row("slot", slot.number)).add(sid, slot, answer, total, variant=variant,
                                                                         lang=lang)
            row = variants.setdefault(slot.variant_key, _Row("variant", slot.number, variant_seed=slot.variant_seed))
            row.add(sid, slot, answer, total, variant=variant, lang=lang)
    rows = [_row_dict(slots[n]) for n in sorted(slots)]
    rows += [_row_dict(variants[k]) for k in sorted(variants, key=lambda k: (variants[k].number, repr(k)))]
    percents = [100.0 * t / m if m else 0.0 for t, m in zip(totals, maxima)]
    n = len(totals)
    summary = {
        "n": n, "absent": absent, "questions": manifest.size,
        "max": max(maxima) if maxima else sum(s.points for s in next(iter(manifest.papers.values())).slots),
        "mean": _round(sum(totals) / n) if n else None,
        "sd": _round(float(np.std(totals, ddof=1))) if n >= 2 else None,
        "mean_percent": _round(sum(percents) / n) if n else None,
        "cronbach_alpha": _round(cronbach_alpha(matrix)),
        "thresholds": {"min_students": MIN_FLAG_N, "low_discrimination": LOW_DISCRIMINATION,
                       "too_easy": TOO_EASY, "too_hard": TOO_HARD, "upper_lower": UPPER_LOWER},
        "flagged": [_flagged(r) for r in rows if r["level"] == "slot" and r["flags"]],
        "flagged_variants": [_flagged(r) for r in rows if r["level"] == "variant" and r["flags"]],
    }
    return Analysis(summary, rows, percents, out)


def _round(x: float | None, digits: int = 4) -> float | None:
    return None if x is None else round(x, digits) + 0.0  # + 0.0: never -0.0


def _row_dict(row: _Row) -> dict[str, Any]:
    stats = row.stats()
    counted = Counter(row.verdicts)
    return {
        "level": row.level, "number": row.number, "id": ";".join(sorted(row.ids)),
        "variant_seed": row.variant_seed, "students": stats.n,
        "points": ";".join(format_points(p) for p in sorted(row.points)),
        "difficulty": _round(stats.difficulty), "item_total_r": _round(stats.item_total_r),
        "discrimination": _round(stats.discrimination),
        **{v: counted[v] for v in VERDICTS},
        "options": _labelled(row, sorted(row.options.items(), key=lambda kv: row.option_order[kv[0]])),
        "wrong_answers": _labelled(row, sorted(row.wrong.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_WRONG]),
        "mistakes": _labelled(row, sorted(row.mistakes.items(), key=lambda kv: (-kv[1], kv[0]))),
        "flags": flags_of(stats),
    }


def _labelled(row: _Row, pairs: Sequence[tuple[tuple[str, str], int]]) -> list[tuple[str, int]]:
    """Counts labelled by text, prefixed with the question id where the row holds several."""
    return [(label if len(row.ids) == 1 else f"{qid}: {label}", count) for (qid, label), count in pairs]


def _flagged(row: Mapping[str, Any]) -> dict[str, Any]:
    return {"number": row["number"], "id": row["id"], "variant_seed": row["variant_seed"],
            "difficulty": row["difficulty"], "item_total_r": row["item_total_r"], "flags": row["flags"],
            "message": {lang: _("; ", lang=lang).join(flag_message(f, lang=lang) for f in row["flags"])
                        for lang in LANGUAGES}}


def _counts(pairs: Sequence[tuple[str, int]], *, short: bool = True) -> str:
    return " | ".join(f"{_short(label) if short else label} ×{count}" for label, count in pairs)


def items_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """items.csv: one row per slot, then one per variant; every cell safe in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        cells = {**row, "variant_seed": "" if row["variant_seed"] is None else row["variant_seed"],
                 "options": _counts(row["options"], short=False), "wrong_answers": _counts(row["wrong_answers"]),
                 "mistakes": _counts(row["mistakes"]), "flags": ";".join(row["flags"])}
        writer.writerow([csv_cell("" if cells[c] is None else cells[c]) for c in COLUMNS])
    return buffer.getvalue()


def summary_lines(analysis: Analysis) -> list[str]:
    """The summary as a person reads it, in the current language."""
    s = analysis.summary

    def num(x: float | None) -> str:
        return "—" if x is None else format_points(x)

    lines = [ngettext("{n} student analysed, {absent} without a sheet left out",
                      "{n} students analysed, {absent} without a sheet left out", s["n"]).format(
                 n=s["n"], absent=len(s["absent"])),
             _("mean {mean} / {max} ({percent} %), SD {sd}").format(
                 mean=num(s["mean"]), max=num(s["max"]), percent=num(s["mean_percent"]), sd=num(s["sd"])),
             _("Cronbach's alpha {alpha}").format(alpha=num(s["cronbach_alpha"]))]
    if s["flagged"]:
        lines.append(_("flagged questions:"))
        for f in s["flagged"]:
            lines.append("  " + _("Q{number} {id} (difficulty {difficulty}, r {r}): {flags}").format(
                number=f["number"], id=f["id"], difficulty=num(f["difficulty"]), r=num(f["item_total_r"]),
                flags=_("; ").join(flag_message(code) for code in f["flags"])))
    else:
        lines.append(_("no question flagged"))
    if s["flagged_variants"]:
        n = len(s["flagged_variants"])
        lines.append(ngettext("{n} variant flagged, see summary.json", "{n} variants flagged, see summary.json",
                              n).format(n=n))
    return lines


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")

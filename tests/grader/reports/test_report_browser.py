"""The HTML report as a browser shows it: headless Chromium lays out a report with a student and a
diagnosed mistake; its DOM holds the identity, the summary and the diagnosis callout, and the
screenshot shows the callout's highlight as a block of reasonable size (issue 11: "an HTML report
screenshot taken in headless Chromium in a test shows the summary, the student and a highlighted
diagnosis"). CI installs Chromium; without it these tests are skipped with the reason below."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from grader import browser, reports
from grader.results import CheckOutcome as Outcome  # aliased: pytest would try to collect a Test* class
from grader.results import ExerciseOutcome, Isolation, Report

pytestmark = pytest.mark.skipif(browser.find() is None,
                                reason="Chromium is not installed (apt install chromium fonts-noto-cjk)")

DIAGNOSIS = {"en": "the update adds the gradient instead of subtracting it",
             "zh": "更新时加上了梯度，应当减去梯度"}
STUDENT = {"en": "Ada Lovelace", "zh": "张三"}
TEMPLATE = Path(__file__).resolve().parents[3] / "templates" / "report.html.j2"


def _report(lang: str) -> Report:
    """A submission with an untouched stub, a forbidden call and a diagnosed mistake on two checks."""
    stub = "not implemented yet"
    return Report(
        [
            ExerciseOutcome("optim.sgd", 1, 5, "partial", [
                Outcome("values", 0, 2, "failed", "case 1 of 3 (lr=0.1): output differs at [0]: expected 0.9, got 1.1",
                        DIAGNOSIS[lang]),
                Outcome("several_steps", 0, 2, "failed", "case 2 of 3: output differs at [1]", DIAGNOSIS[lang]),
                Outcome("shapes", 1, 1, "passed")]),
            ExerciseOutcome("activations.relu", 0, 6, "failed",
                            [Outcome(n, 0, 2, "failed", stub) for n in ("values", "gradients", "dtype")], message=stub),
            ExerciseOutcome("optim.adam", 0, 4, "forbidden",
                            [Outcome("step", 0, 4, "failed", "forbidden at run time: Adam")],
                            message="forbidden at run time: Adam"),
            ExerciseOutcome("cnn.conv2d", 6, 6, "passed", [Outcome("values", 6, 6, "passed")]),
        ],
        device="cpu", duration_s=2.5, grader_version="0.1.0", isolation=Isolation.NAMESPACES,
        student=STUDENT[lang], commit="1a2b3c4", created="2026-12-01T14:03:00+08:00", lang=lang)


def _css_colour(name: str) -> tuple[int, int, int]:
    """The light-scheme value of a CSS variable of the report's stylesheet (the first one defined)."""
    found = re.search(rf"--{name}:\s*#([0-9a-f]{{6}})", TEMPLATE.read_text(encoding="utf-8"))
    assert found, name
    return tuple(int(found.group(1)[i:i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def _region(png: Path, colour: tuple[int, int, int]) -> tuple[int, int, int]:
    """(pixels, width, height) of the pixels of exactly `colour` and of their bounding box."""
    import matplotlib.image

    pixels = np.rint(matplotlib.image.imread(png)[..., :3] * 255).astype(int)
    mask = np.all(np.abs(pixels - np.array(colour)) <= 1, axis=-1)
    if not mask.any():
        return 0, 0, 0
    rows, cols = np.nonzero(mask)
    return int(mask.sum()), int(cols.max() - cols.min() + 1), int(rows.max() - rows.min() + 1)


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("report-en")
    page = folder / "report.html"
    page.write_text(reports.render(_report("en"), "html"), encoding="utf-8")
    png = browser.screenshot(page, folder / "report.png", width=1200, height=1600)
    return browser.dom(page), png


def test_the_laid_out_page_holds_student_summary_and_diagnosis(english):
    dom, _png = english
    assert 'lang="en"' in dom
    assert "Ada Lovelace" in dom and "<code>1a2b3c4</code>" in dom and "2026-12-01 14:03 +08:00" in dom
    summary = re.search(r'<section class="summary" id="summary".*?</section>', dom, re.S)
    assert summary and '<span class="big">7</span>' in summary.group() and "33.3%" in summary.group()
    assert all(name in summary.group() for name in ("optim.sgd", "activations.relu", "optim.adam", "cnn.conv2d"))
    callouts = re.findall(r'<div class="diagnosis">(.*?)</div>', dom, re.S)
    assert len(callouts) == 1  # one mistake, diagnosed on two checks: said once
    assert "Likely mistake" in callouts[0] and DIAGNOSIS["en"] in callouts[0]
    assert "2 checks: values, several_steps" in callouts[0]
    assert dom.count("not implemented yet") == 1 and "3 checks: values, gradients, dtype" in dom


def test_the_screenshot_shows_the_highlighted_diagnosis_and_the_score_bar(english):
    _dom, png = english
    count, width, height = _region(png, _css_colour("diag-bg"))
    assert width >= 600 and height >= 60 and count >= 0.6 * width * height, (count, width, height)
    count, width, height = _region(png, _css_colour("accent"))  # the filled part of the score bar
    assert count >= 200 and width >= 40, (count, width, height)


def test_a_chinese_report_shows_chinese_labels(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(reports.render(_report("zh"), "html"), encoding="utf-8")
    dom = browser.dom(page)
    assert 'lang="zh"' in dom and "张三" in dom
    for label in ("成绩报告", "学生", "提交", "日期", "语言", "需要修改的地方", "可能的错误", "总计", "部分通过",
                  "3 项检查：values, gradients, dtype"):
        assert label in dom, label
    assert "Grade report" not in dom and "Likely mistake" not in dom
    callout = re.search(r'<div class="diagnosis">(.*?)</div>', dom, re.S)
    assert callout and DIAGNOSIS["zh"] in callout.group(1)

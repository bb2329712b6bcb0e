"""LMS exports: `grade exam build --formats moodle,qti` writes lms/moodle.xml and lms/qti.zip.

One small exam in both languages (every kind: numeric with and without a tolerance, symbolic,
choice, multi) is built once for the module; the files are parsed with xml.etree and checked
against the manifest.
"""

import csv
import xml.etree.ElementTree as ET
import zipfile

import pytest
from click.testing import CliRunner

from grader.bank import load_bank
from grader.cli import cli
from grader.exams.lms import MOODLE_FRACTIONS
from grader.exams.manifest import read_manifest

TITLE = 'Deep learning & <review> / "final"'
SPEC = f"""\
title: '{TITLE}'
language: both
seed: 7
sections:
  - title: Calculations
    pick: {{topic: cnn, kind: numeric}}
    count: 1
    points: 2
  - title: {{en: Tolerances, zh: 容差}}
    questions: [activations.softmax_value, normalization.z_score]
    points: 3
  - title: Derivations
    questions: [logistic.ce_gradient_w]
    points: 4
  - title: Concepts
    questions: [cnn.pooling_parameters, cnn.properties]
    points: 1.5
"""
STUDENTS = 4
ALLOWED = {float(f) for f in MOODLE_FRACTIONS} | {-float(f) for f in MOODLE_FRACTIONS}
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def build(tmp, name, *extra):
    spec = tmp / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    roster = tmp / "roster.csv"
    with roster.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "name"])
        writer.writerows([f"s{i}", f"学生 {i}"] for i in range(STUDENTS))
    result = run("exam", "build", spec, "--roster", roster, "--out", tmp / name, *extra)
    assert result.exit_code == 0, result.output
    return tmp / name


@pytest.fixture(scope="module")
def exam(tmp_path_factory):
    return build(tmp_path_factory.mktemp("lms"), "built", "--formats", "md,moodle,qti")


@pytest.fixture(scope="module")
def manifest(exam):
    return read_manifest(exam)


@pytest.fixture(scope="module")
def moodle(exam):
    return ET.parse(exam / "lms" / "moodle.xml").getroot()


@pytest.fixture(scope="module")
def qti(exam):
    with zipfile.ZipFile(exam / "lms" / "qti.zip") as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def moodle_categories(quiz):
    """[(category path, [question elements])] in file order."""
    out = []
    for question in quiz.findall("question"):
        if question.get("type") == "category":
            out.append((question.findtext("category/text"), []))
        else:
            out[-1][1].append(question)
    return out


def slot_of(manifest, sid, number):
    return manifest.papers[sid].slots[number - 1]


def test_moodle_one_category_per_slot_one_question_per_student(moodle, manifest):
    categories = moodle_categories(moodle)
    assert [path.rsplit("/", 1)[1] for path, _ in categories] == [f"Q{n:02d}" for n in range(1, manifest.size + 1)]
    assert categories[0][0] == "$course$/top/" + TITLE.replace("/", "//") + "/Q01"
    for number, (_, questions) in enumerate(categories, start=1):
        assert len(questions) == STUDENTS
        names = [q.findtext("name/text") for q in questions]
        assert names == [f"Q{number:02d} s{i} {slot_of(manifest, f's{i}', number).id}" for i in range(STUDENTS)]


def test_moodle_kinds_points_and_fractions(moodle, manifest):
    expected = {"numeric": "numerical", "symbolic": "shortanswer", "choice": "multichoice", "multi": "multichoice"}
    totals = dict.fromkeys(manifest.papers, 0.0)
    for _, questions in moodle_categories(moodle):
        for question in questions:
            sid = question.findtext("name/text").split()[1]
            slot = slot_of(manifest, sid, int(question.findtext("name/text")[1:3]))
            assert question.get("type") == expected[slot.kind]
            totals[sid] += float(question.findtext("defaultgrade"))
            assert question.find("questiontext").get("format") == "html"
            text = question.findtext("questiontext/text")
            assert "卷积" in text or "的" in text  # Chinese survived; both languages are shown
            assert 'lang="en"' in text and 'lang="zh"' in text
            answers = question.findall("answer")
            fractions = [float(a.get("fraction")) for a in answers]
            assert answers and all(f in ALLOWED for f in fractions)
            if question.get("type") == "multichoice":
                assert question.findtext("shuffleanswers") == "false"
                assert question.findtext("answernumbering") == "ABCD"
                for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
                    assert question.find(tag) is not None
                assert len(answers) == len(slot.choice_order)
                right = [f for f, letter in zip(fractions, "ABCDEFGH") if letter in slot.key.split(", ")]
                if slot.kind == "choice":
                    assert question.findtext("single") == "true" and right == [100.0]
                    assert fractions.count(0.0) == len(answers) - 1
                else:
                    assert question.findtext("single") == "false"
                    assert sum(right) == pytest.approx(100, abs=1e-3)
                    assert sum(fractions) <= 1e-3  # ticking every option scores 0 (Moodle floors at 0)
                    assert all(f < 0 for f in fractions if f not in right)
                wrong = [a for a, f in zip(answers, fractions) if f <= 0]
                assert any(a.findtext("feedback/text") for a in wrong)  # feedback per wrong option
            if question.get("type") == "shortanswer":
                assert "Marked by hand" in text and "人工批改" in text
                assert "Manual review" in question.findtext("generalfeedback/text")
                assert answers[0].findtext("text") == slot.key.replace("*", "\\*")
    for sid, paper in manifest.papers.items():
        assert totals[sid] == pytest.approx(sum(s.points for s in paper.slots))


def test_moodle_numeric_tolerance_holds_key_and_excludes_mistakes(moodle, manifest):
    bank = load_bank([])
    checked = 0
    for _, questions in moodle_categories(moodle):
        for question in (q for q in questions if q.get("type") == "numerical"):
            name = question.findtext("name/text")
            slot = slot_of(manifest, name.split()[1], int(name[1:3]))
            variant = slot.variant(bank)
            key, *mistakes = question.findall("answer")
            assert key.get("fraction") == "100"
            value, tol = float(key.findtext("text")), float(key.findtext("tolerance"))
            assert abs(float(variant.key) - value) <= tol
            assert variant.check(key.findtext("text")).score == variant.check(slot.key).max_score  # key as Moodle has it
            for wrong in variant.task().mistakes:
                if variant.check(repr(float(wrong.value))).score == 0:  # the grader calls it wrong
                    assert not abs(float(wrong.value) - value) <= tol
            assert [float(m.findtext("text")) for m in mistakes] == \
                [pytest.approx(float(w.value)) for w in variant.task().mistakes]
            checked += 1 if tol > 0 else 0
    assert checked  # a question with a real tolerance was among them


def test_qti_manifest_references_the_assessment(qti):
    assert set(qti) == {"imsmanifest.xml", "assessment.xml"}
    manifest = ET.fromstring(qti["imsmanifest.xml"])
    resources = manifest.findall(f"{CP}resources/{CP}resource")
    assert [r.get("type") for r in resources] == ["imsqti_xmlv1p2"]
    assert [f.get("href") for f in resources[0].findall(f"{CP}file")] == ["assessment.xml"]


def test_qti_items_per_kind(qti, manifest):
    root = ET.fromstring(qti["assessment.xml"])
    assessment = root.find(f"{QTI}assessment")
    assert assessment.get("title") == TITLE
    groups = assessment.findall(f"{QTI}section/{QTI}section")
    assert len(groups) == manifest.size
    expected = {"numeric": "numerical_question", "symbolic": "short_answer_question",
                "choice": "multiple_choice_question", "multi": "multiple_answers_question"}
    totals = dict.fromkeys(manifest.papers, 0.0)
    for number, group in enumerate(groups, start=1):
        assert group.findtext(f"{QTI}selection_ordering/{QTI}selection/{QTI}selection_number") == "1"
        items = group.findall(f"{QTI}item")
        assert len(items) == STUDENTS
        for item in items:
            sid = item.get("ident").split("_")[1]
            slot = slot_of(manifest, sid, number)
            fields = {f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry")
                      for f in item.iter(f"{QTI}qtimetadatafield")}
            assert fields["question_type"] == expected[slot.kind]
            totals[sid] += float(fields["points_possible"])
            assert "的" in item.findtext(f"{QTI}presentation/{QTI}material/{QTI}mattext")
            condition = item.find(f"{QTI}resprocessing/{QTI}respcondition[@continue='No']")
            assert condition.findtext(f"{QTI}setvar") == "100"
            if slot.kind == "numeric":
                low = float(condition.findtext(f"{QTI}conditionvar/{QTI}vargte"))
                high = float(condition.findtext(f"{QTI}conditionvar/{QTI}varlte"))
                assert low <= float(slot.key) <= high
            elif slot.kind in ("choice", "multi"):
                labels = item.findall(f"{QTI}presentation/{QTI}response_lid/{QTI}render_choice/{QTI}response_label")
                assert len(labels) == len(slot.choice_order)
                right = sorted(v.text for v in condition.iter(f"{QTI}varequal")
                               if v not in {x for n in condition.iter(f"{QTI}not") for x in n})
                assert right == slot.key.split(", ")
            else:
                assert condition.findtext(f"{QTI}conditionvar/{QTI}varequal") == slot.key
                assert "人工批改" in item.findtext(f"{QTI}presentation/{QTI}material/{QTI}mattext")
    for sid, paper in manifest.papers.items():
        assert totals[sid] == pytest.approx(sum(s.points for s in paper.slots))


def test_forms_share_variants_and_builds_repeat(tmp_path, exam):
    built = build(tmp_path, "forms", "--formats", "html,moodle,qti", "--forms", "2")
    categories = moodle_categories(ET.parse(built / "lms" / "moodle.xml").getroot())
    assert all(len(questions) == 2 for _, questions in categories)
    assert [q.findtext("name/text").split()[:3] for q in categories[0][1]] == [["Q01", "form", "A"], ["Q01", "form", "B"]]
    first = {p.name: p.read_bytes() for p in (built / "lms").iterdir()}
    again = build(tmp_path, "forms", "--formats", "html,moodle,qti", "--forms", "2")
    assert {p.name: p.read_bytes() for p in (again / "lms").iterdir()} == first
    plain = build(tmp_path, "forms", "--formats", "md")  # a rebuild without LMS formats leaves none behind
    assert not (plain / "lms").exists()


def test_unavailable_format_is_refused(tmp_path):
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "roster.csv").write_text("id,name\ns1,A\n", encoding="utf-8")
    result = run("exam", "build", tmp_path / "spec.yaml", "--roster", tmp_path / "roster.csv", "--out",
                 tmp_path / "out", "--formats", "md,blackboard")
    assert result.exit_code == 2 and "unknown format 'blackboard'" in result.output and "moodle, qti" in result.output


def test_moodle_export_of_a_chinese_exam_is_in_chinese(tmp_path):
    """An exam in `zh`: the manual-review notices and the category notes are Chinese only (gettext in
    the exam's language, whatever the process's); a bilingual exam shows each note in both."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.replace("language: both", "language: zh"), encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\ns0,学生 0\ns1,学生 1\n", encoding="utf-8")
    result = run("exam", "build", spec, "--roster", roster, "--out", tmp_path / "zh", "--formats", "moodle")
    assert result.exit_code == 0, result.output
    quiz = ET.parse(tmp_path / "zh" / "lms" / "moodle.xml").getroot()
    notes = [q.findtext("info/text") for q in quiz.findall("question") if q.get("type") == "category"]
    assert notes and all("个变体；请从此类别中随机抽取一题加入测验。" in n and "variant" not in n for n in notes)
    short = [q for q in quiz.findall("question") if q.get("type") == "shortanswer"]
    assert short
    for question in short:
        text, general = question.findtext("questiontext/text"), question.findtext("generalfeedback/text")
        assert "人工批改：测验系统只按文字比较你的答案与参考答案" in text and "Marked by hand" not in text
        assert "需人工核对：" in general and "Manual review" not in general


def test_moodle_category_notes_of_a_bilingual_exam_are_in_both_languages(moodle):
    notes = [q.findtext("info/text") for q in moodle.findall("question") if q.get("type") == "category"]
    assert notes and all(f"{STUDENTS} variants; add one random question" in n and "个变体" in n for n in notes)


def test_exam_build_refuses_a_broken_spec_or_roster_in_chinese(tmp_path):
    """What an instructor gets wrong in the spec or the roster is one line in --lang, exit 2."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.replace("[cnn.pooling_parameters,", "[cnn.pooling_parameter,"), encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\ns0,学生 0\n", encoding="utf-8")
    args = ["exam", "build", str(spec), "--roster", str(roster), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(cli, [*args, "--lang", "zh"])
    assert result.exit_code == 2
    assert "：第 16 行：`sections[4].questions[1]`：未知的题目编号 'cnn.pooling_parameter'；你是想写" in result.output
    assert "unknown question id" not in result.output and "Traceback" not in result.output
    spec.write_text(SPEC, encoding="utf-8")
    roster.write_text("id,name\ns0,学生 0\nS0,学生 1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, [*args, "--lang", "zh"])
    assert result.exit_code == 2
    assert "：第 3 行：`id` 列：'S0' 已在第 2 行使用（学号不能仅大小写不同）" in result.output, result.output
    english = CliRunner().invoke(cli, args)
    assert "line 3: column `id`: 'S0' is already used on line 2 (ids may not differ only in case)" in english.output

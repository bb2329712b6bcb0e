"""Exam specifications and rosters: every mistake is one UsageError naming file, line and field."""

import pytest

from grader.bank import load_bank
from grader.errors import UsageError
from grader.exams.assemble import paper_questions
from grader.exams.roster import load_roster
from grader.exams.spec import load_spec


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def spec_error(tmp_path, bank, text):
    path = tmp_path / "exam.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as info:
        load_spec(path, bank)
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message
    return message


HEAD = "title: T\nseed: 1\n"


@pytest.mark.parametrize(("text", "expected"), [
    (HEAD + "sections:\n  - questions: [logistic.ce_gradient_ww]\n",
     "line 4: `sections[1].questions[1]`: unknown question id 'logistic.ce_gradient_ww'; did you mean logistic.ce_gradient_w"),
    (HEAD + "sections:\n  - pick: {topic: cnnn}\n    count: 1\n", "line 4: `sections[1].pick.topic`: unknown topic 'cnnn'; did you mean cnn?"),
    (HEAD + "sections:\n  - pick: {kind: essay}\n    count: 1\n", "`sections[1].pick.kind`: unknown kind 'essay'"),
    (HEAD + "sections:\n  - pick: {tags: [sigmoidd]}\n    count: 1\n", "unknown tag 'sigmoidd'; did you mean sigmoid?"),
    (HEAD + "sections:\n  - pick: {difficulty: 4}\n    count: 1\n", "`sections[1].pick.difficulty`: expected 1, 2 or 3"),
    (HEAD + "sections:\n  - pick: {topic: cnn}\n    count: 1000\n",
     "line 4: `sections[1].pick`: matches "),
    (HEAD + "sections:\n  - pick: {topic: cnn}\n    count: 1000\n", "which leaves fewer than the 1000 asked by `count`"),
    (HEAD + "sections:\n  - pick: {topic: cnn, kind: numeric}\n    count: 5\n  - pick: {topic: cnn}\n    count: 1000\n",
     "; earlier sections may use 5 of them, which leaves fewer than the 1000"),
    (HEAD + "sections:\n  - pick: {}\n", "`sections[1].count` is required with `pick`"),
    (HEAD + "sections:\n  - pick: {}\n    count: 0\n", "`sections[1].count`: must be at least 1"),
    (HEAD + "sections:\n  - pick: {}\n    count: 1\n    pointz: 3\n", "line 6: unknown field `sections[1].pointz`; did you mean `points`?"),
    (HEAD + "sections:\n  - pick: {}\n    count: 1\n    points: -1\n", "`sections[1].points`: expected a positive number"),
    (HEAD + "sections:\n  - pick: {}\n    count: 1\n    shuffle: maybe\n", "`sections[1].shuffle`: expected true or false"),
    (HEAD + "sections:\n  - questions: [cnn.conv_output_size]\n    count: 1\n", "`count` goes with `pick`"),
    (HEAD + "sections:\n  - questions: [cnn.conv_output_size]\n    pick: {}\n", "needs either `questions`"),
    (HEAD + "sections:\n  - questions: [cnn.conv_output_size]\n  - questions: [cnn.conv_output_size]\n",
     "line 5: `sections[2].questions[1]`: cnn.conv_output_size is already listed in `sections[1].questions[1]`"),
    (HEAD + "sections: []\n", "line 3: `sections`: expected a non-empty list of sections"),
    (HEAD + "sections:\n  - 3\n", "line 4: `sections[1]`: expected a mapping"),
    ("title: T\nseed: one\nsections:\n  - pick: {}\n    count: 1\n", "line 2: `seed`: expected an integer, got text"),
    ("title: T\nsections:\n  - pick: {}\n    count: 1\n", "`seed` is required"),
    ("seed: 1\nsections:\n  - pick: {}\n    count: 1\n", "`title` is required"),
    (HEAD + "language: fr\nsections:\n  - pick: {}\n    count: 1\n", "line 3: `language`: expected one of en, zh, both"),
    (HEAD + "titel: x\nsections:\n  - pick: {}\n    count: 1\n", "unknown field `titel`; did you mean `title`?"),
    (HEAD + "sections: [\n", "malformed YAML"),
    (HEAD + "seed: 2\nsections: []\n", "key 'seed' is given twice"),
    ("- a\n- b\n", "line 1: expected a mapping of exam fields"),
    ("a: &x [1]\nb: *x\n", "anchors and aliases"),
])
def test_spec_errors_name_file_line_and_field(tmp_path, bank, text, expected):
    assert expected in spec_error(tmp_path, bank, text)


def test_issue_example_and_picks(tmp_path, bank):
    path = tmp_path / "exam.yaml"
    path.write_text("""\
title: Deep learning, final review
date: 2026-12-20
language: zh
instructions: {en: Calculators allowed., zh: 可以使用计算器。}
seed: 7
sections:
  - pick: {topic: cnn, kind: numeric, difficulty: [1, 2]}
    count: 3
  - pick: {}
    count: 2
    shuffle: false
    shuffle_choices: false
  - questions: [cnn.conv_output_size]
""", encoding="utf-8")
    spec = load_spec(path, bank)
    assert spec.date == "2026-12-20" and spec.language == "zh" and spec.size == 6
    assert spec.instructions["zh"] == "可以使用计算器。"
    assert "cnn.conv_output_size" not in spec.sections[0].pool  # listed explicitly: never drawn too
    papers = {sid: paper_questions(spec, sid) for sid in ("a", "b", "c", "d")}
    for slots in papers.values():
        ids = [qid for _, qid in slots]
        assert len(set(ids)) == 6 and ids[-1] == "cnn.conv_output_size"
        assert all(bank.get(q).meta.kind == "numeric" and bank.get(q).meta.difficulty < 3 for q in ids[:3])
    assert len({tuple(p) for p in papers.values()}) > 1  # papers differ
    assert paper_questions(spec, "a") == papers["a"]  # and are reproducible


def roster_error(tmp_path, content):
    path = tmp_path / "roster.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(UsageError) as info:
        load_roster(path)
    assert str(info.value).startswith(str(path))
    return str(info.value)


@pytest.mark.parametrize(("content", "expected"), [
    ("id,name\n../x,a\n", "line 2: column `id`: '../x' must be"),
    ("id,name\n,a\n", "'' is empty"),
    ("id,name\n" + "a" * 65 + ",a\n", "must be 1-64"),
    ("id,name\na\x00b,a\n", "NUL byte"),
    ("id,name\nCON,a\n", "Windows reserves"),
    ("id,name\nx/y,a\n", "must be"),
    ("id,name\n.hidden,a\n", "must be"),
    ("id,name\n张三,a\n", "must be"),
    ("id,name\na,a\nb,b\na,c\n", "line 4: column `id`: 'a' is already used on line 2"),
    ("id,name\nab,a\nAB,b\n", "may not differ only in case"),
    ("id,nom\na,a\n", "missing column `name`"),
    ("name\nа\n", "missing column `id`"),
    ("id,name,id\na,b,c\n", "column `id` appears twice"),
    ("id,name\na\n", "line 2: 1 field(s), the header has 2"),
    ("id,name\na,\n", "column `name` is empty"),
    ("id,name\na,\"x\u202ey\"\n", "control characters"),
    ("id,name\n", "no students"),
    ("", "empty"),
    (b"id,name\nx,\xff\n", "not UTF-8"),
])
def test_roster_errors(tmp_path, content, expected):
    assert expected in roster_error(tmp_path, content)


def test_roster_keeps_other_columns_and_accepts_a_bom(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("\ufeffid,name,email\n2026-001,\"Dupont, Émilie\",e@x\n\n2026-002,李雷,l@x\n", encoding="utf-8")
    students = load_roster(path)
    assert [(s.id, s.name, s.extra) for s in students] == [("2026-001", "Dupont, Émilie", {"email": "e@x"}),
                                                          ("2026-002", "李雷", {"email": "l@x"})]

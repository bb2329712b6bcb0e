"""Exam pages: math as MathML in HTML, LaTeX that xelatex compiles (Chinese and hostile names
included), PDFs printed by headless Chromium, and the page a browser really builds.

The xelatex and Chromium tests need those programs (CI installs them); without them they are
skipped with the package to install named.
"""

import csv
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from grader import browser
from grader.cli import cli
from grader.exams.typeset import Typesetter, mathml, tex_math, tex_text

NO_CHROMIUM = "Chromium not installed (Debian/Ubuntu: apt install chromium fonts-noto-cjk)"
NO_XELATEX = ("xelatex not installed (Debian/Ubuntu: apt install --no-install-recommends texlive-xetex "
              "texlive-lang-chinese texlive-latex-recommended)")
SPEC = """\
title: "Final {#1} 50% & $x$ \\\\input"
course: DL 2026
date: 2026-12-20
duration: 90 min
instructions: {en: "No phones. 50% to pass ~ ^", zh: 禁止使用手机。}
language: both
seed: 20261220
sections:
  - title: {en: Calculations, zh: 计算}
    questions: [cnn.conv_output_size, logistic.ce_gradient_w, optim.adam_steps, perceptron.update_step]
    points: 2
  - title: Concepts
    questions: [cnn.properties]
    points: 3
"""
# Names a roster may hold: every TeX special, a command that would read a file, Chinese, Greek.
HOSTILE = r"\input{/etc/passwd} \end{document} % # { } ~ ^ _ $ & \\ x"
NAMES = ["张伟", "Ὀδυσσεύς", "Łukasz Żółć", HOSTILE, "O'Brien -- ``x''", "<script>alert(1)</script>"]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def build(tmp_path, *formats, extra=()):
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    with (tmp_path / "roster.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "name"])
        writer.writerows([f"s{i}", name] for i, name in enumerate(NAMES))
    out = tmp_path / "out"
    result = run("exam", "build", tmp_path / "spec.yaml", "--roster", tmp_path / "roster.csv", "--out", out,
                 "--formats", ",".join(formats), *extra)
    assert result.exit_code == 0, result.output
    return out, result


# ---------------------------------------------------------------------------------------------
# Typesetting, without a browser


def test_markdown_and_math_become_html_and_mathml():
    typeset = Typesetter()
    html = typeset.html("A **square** of side $W = 5$, `nn.Conv2d`:\n\n$$p_{1} = \\frac{e^{z}}{2}$$\n\n- one\n- two")
    assert "<strong>square</strong>" in html and "<code>nn.Conv2d</code>" in html and "<li>one</li>" in html
    assert '<math display="inline"><mrow><mi>W</mi>' in html and '<math display="block">' in html
    assert "<mfrac>" in html and "$" not in html and "http" not in html
    assert not typeset.failures
    assert "<p>" not in typeset.html_inline("$\\sigma(z)$ is **big**")
    table = "| $x$ | y |\n|---|---|\n| 1 | **2** |"
    assert "<td><strong>2</strong></td>" in typeset.html(table) and "<th><math" in typeset.html(table)
    assert "\\begin{tabular}{|l|l|}" in typeset.tex(table) and "1 & \\textbf{2} \\\\ \\hline" in typeset.tex(table)


def test_malformed_math_is_shown_as_text_and_counted():
    typeset = Typesetter()
    html = typeset.html("broken $x^$ and $\\frac{1}{$ and $\\nosuchcommand{x}$, fine $y$")
    assert html.count('<code class="tex">') == 3 and "$x^$" in html and html.count("<math") == 1
    assert typeset.failures == {"x^": 1, "\\frac{1}{": 1, "\\nosuchcommand{x}": 1}
    tex = typeset.tex("broken $x^$ and fine $y$")
    assert "\\texttt{\\$x\\textasciicircum{}\\$}" in tex and "$y$" in tex
    assert typeset.failures["x^"] == 2


def test_markup_inside_math_cannot_reach_the_page():
    # latex2mathml copies \text{...} unescaped: such output is refused, never inserted.
    for latex in ("\\text{<script>alert(1)</script>}", "\\text{<img src=x onerror=alert(1)>}",
                  "\\text{<b>&</b>}"):
        assert mathml(latex) is None
    html = Typesetter().html("$\\text{<script>alert(1)</script>}$ <b>raw</b>")
    assert "<script" not in html and "<b>" not in html and "&lt;script&gt;" in html


def test_mathml_is_the_checked_tree_written_again():
    # What reaches the page is serialised from the parsed tree: text escaped, no namespace, and a
    # comment or processing instruction (which XML skips but HTML ends early) refuses the formula.
    assert mathml("a < b") == ('<math display="inline"><mrow><mi>a</mi><mo>&lt;</mo><mi>b</mi></mrow>'
                               "</math>")
    for latex in ("\\text{<!-- x -->}", "\\text{<?x y?>}", "\\text{<![CDATA[x]]>}"):
        assert mathml(latex) is None


def test_tex_math_refuses_what_tex_reads_as_more_than_itself():
    assert tex_math("50\\%") and tex_math("\\#x") and tex_math("\\frac{a}{b}")  # escaped: printed as such
    for latex in ("x % y", "\\\\% y", "a # b", "\\text{^^5cinput{x}}", "x^^41"):
        assert not tex_math(latex), latex
    tex = Typesetter().tex("Half: $x % y$.")
    assert "\\texttt{\\$x \\% y\\$}" in tex  # shown as its source, escaped


def test_tex_text_escapes_everything_special():
    escaped = tex_text(HOSTILE + "\x00\x1b\x7f 张伟\n")
    assert escaped == (r"\textbackslash{}input\{/etc/passwd\} \textbackslash{}end\{document\} \% \# \{ \} "
                       r"\textasciitilde{} \textasciicircum{} \_ \$ \& \textbackslash{}\textbackslash{} x 张伟 ")
    # Nothing is left that TeX would read as a command, a group, a comment or math.
    assert not re.search(r"(?<!\\)[%#$&~^_]", escaped.replace("\\textbackslash{}", ""))


def test_tex_paper_escapes_names_and_titles(tmp_path):
    out, result = build(tmp_path, "tex")
    assert "warning" not in result.output  # every formula of these questions typesets
    paper = (out / "papers" / "s3.tex").read_text(encoding="utf-8")
    assert r"\textbackslash{}input\{/etc/passwd\}" in paper and "\\input{" not in paper
    assert r"Final \{\#1\} 50\% \& \$x\$ \textbackslash{}input" in paper
    assert "禁止使用手机。" in paper and "\\usepackage{xeCJK}" in paper and "\\begin{tabular}{|l|l|l|l|}" in paper
    assert paper.count("\\end{document}") == 1


@pytest.mark.skipif(shutil.which("xelatex") is None, reason=NO_XELATEX)
def test_xelatex_compiles_a_paper_with_chinese_and_hostile_names(tmp_path):
    out, _ = build(tmp_path, "tex")
    work = tmp_path / "latex"
    work.mkdir()
    for sid in ("s0", "s3"):  # Chinese, and every special character in a name
        shutil.copy(out / "papers" / f"{sid}.tex", work)
        done = subprocess.run(["xelatex", "-no-shell-escape", "-halt-on-error", "-interaction=nonstopmode",
                               f"{sid}.tex"], cwd=work, capture_output=True, timeout=300, stdin=subprocess.DEVNULL)
        log = (work / f"{sid}.log").read_text(encoding="utf-8", errors="replace")
        assert done.returncode == 0, log[-3000:]
        assert (work / f"{sid}.pdf").read_bytes().startswith(b"%PDF")
        assert "Missing character" not in log  # the Chinese, Greek and Polish all had glyphs
        assert "(/etc/passwd" not in log  # TeX logs every file it opens as "(path"


# ---------------------------------------------------------------------------------------------
# In a browser


@pytest.mark.skipif(browser.find() is None, reason=NO_CHROMIUM)
def test_chromium_builds_mathml_and_chinese_and_prints_the_papers(tmp_path):
    out, _ = build(tmp_path, "html", "pdf", extra=("--pdf-each",))
    dom = browser.dom(out / "papers" / "s0.html")
    # The page Chromium built (not our text): MathML elements, the prompt's Chinese, the name.
    assert len(re.findall(r"<math[ >]", dom)) >= 5 and ("<mfrac>" in dom or "<msub>" in dom)
    assert "卷积" in dom and "张伟" in dom and "计算" in dom and 'lang="zh-CN"' in dom
    assert "<script" not in browser.dom(out / "papers" / "s5.html")
    combined = (out / "print" / "papers.pdf").read_bytes()
    assert combined.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b", combined))
    assert pages >= len(NAMES)  # every paper starts on a page of its own
    for i in range(len(NAMES)):
        own = (out / "papers" / f"s{i}.pdf").read_bytes()
        assert own.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", own)) < pages


def test_pdf_without_chromium_names_the_package(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADE_CHROMIUM", str(tmp_path / "no-such-browser"))
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "roster.csv").write_text("id,name\ns0,A\n", encoding="utf-8")
    result = run("exam", "build", tmp_path / "spec.yaml", "--roster", tmp_path / "roster.csv", "--out",
                 tmp_path / "out", "--formats", "html,pdf")
    assert result.exit_code == 2 and "apt install chromium" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()  # refused before anything was built
    each = run("exam", "build", tmp_path / "spec.yaml", "--roster", tmp_path / "roster.csv", "--out",
               tmp_path / "out", "--formats", "html", "--pdf-each")
    assert each.exit_code == 2 and "--pdf-each" in each.output

"""Randomized exams: specifications, per-student papers and keys, answer sheets, grading, LMS export,
item analysis.

- `spec`: the exam specification (YAML) read into frozen dataclasses, every error naming the file,
  line and field; `yamlsafe`: the YAML loaders for what others wrote (line marks; text only;
  anchors, aliases and deep nesting refused before anything is built).
- `roster`: the class list, with student ids refused unless safe as file names.
- `assemble`: which questions and variants go on a paper, from SHA-256 seeds of (exam seed, paper,
  slot, question id, version) only; `manifest`: `manifest.json`, what grading needs.
- `build`: `grade exam build` (PDFs printed from the HTML by `grader.browser`); `pages` and `words`:
  what the `templates/exam_*.j2` show, in English and Chinese (gettext); `typeset`: question texts
  (Markdown with LaTeX math) as HTML with MathML and as LaTeX for xelatex.
- `sheets`: reading filled answer sheets (a folder of YAML/JSON, or one CSV) as data, with every
  problem recorded per student; `grading`: `grade exam grade`.
- `lms` (shared), `moodle`, `qti`: the LMS files `grade exam build --formats moodle,qti` writes.
- `analysis`: `grade exam analyze` (item statistics, Cronbach's alpha, flags); `plots`: its PNGs
  (matplotlib, imported only there).

May import: `grader.bank`, `grader.answers`, `grader.results`, `grader.render`, `grader.reports`,
`grader.seeds`, `grader.errors`, `grader.i18n`, `grader.browser`. Never torch.
"""

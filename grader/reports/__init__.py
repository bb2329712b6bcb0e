"""Reports of a graded submission: one module per output format, plus the cleaning of student text.

May import: `grader.results`, `grader.render`, `grader.errors`. Never torch.
"""

from grader.reports.formats import FORMATS, render, write

__all__ = ["FORMATS", "render", "write"]

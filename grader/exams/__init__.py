"""Randomized exams (reserved): exam specs, per-student assembly, rendering, answer sheets,
item analysis and LMS export will live here.

May import: `grader.bank`, `grader.answers`, `grader.results`, `grader.render`, `grader.reports`.
Never torch.
"""

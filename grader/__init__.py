"""grade: question banks, answer checking and sandboxed code grading for a deep-learning course.

Importing this package (or the bank and answer checkers) never imports torch; only the code-exercise
grader does.
"""

__version__ = "0.1.0"

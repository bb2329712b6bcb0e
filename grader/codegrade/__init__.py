"""Code exercises: grading students' implementations against PyTorch references in a sandbox.

- `model`: how an exercise is described (`Exercise`, `Check`, `Case`, `Diagnosis`, `Gen`).
- `specs/`: the bundled exercise specs, one module per student file, found by discovery.
- `grade`: `grade_submission(exercises_dir) -> Report`, the orchestration.
- `compare`, `forbidden`: judging outputs, finding forbidden calls in the source.
- `sandbox/`: the host side (`host`) and the script the child runs (`child`).
- `batch`, `submission`, `classroom`: whole classes, push/archive, the Classroom workflow.

May import: `grader.results`, `grader.reports`, `grader.seeds`, `grader.errors`, `grader.render`.
torch is imported only inside the functions that grade, never at package import.
"""

from grader.codegrade.grade import Limits, grade_submission, seed_for

__all__ = ["Limits", "grade_submission", "seed_for"]

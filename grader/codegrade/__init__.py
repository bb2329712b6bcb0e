"""Code exercises: grading students' implementations against PyTorch references in a sandbox.

- `model`: how an exercise is described (`Exercise`, `Check`, `Case`, `Diagnosis`, and the
  argument stand-ins `Gen` and `GradFn`), data only.
- `inputs`: seeded input builders and helpers shared by every spec module.
- `specs/`: the bundled exercise specs, one module per student file; `discovery` finds them and
  instructors' folders (`exercises:` in grade.yaml), and selects with `--only`.
- `protocol`: the typed, stdlib-only messages between grader and child, with every shared constant.
- `sandbox/`: the host side (`host`) and the script the child runs (`child`).
- `plan` (cases, references, steps) → `grade` (orchestration) → `judge` (decode, compare,
  diagnose, score), with `compare` and `forbidden` as pure helpers.
- `batch`, `submission`, `classroom`, `scaffold`: whole classes, push/archive, the Classroom
  workflow, `grade exercises new`.

May import: `grader.results`, `grader.reports`, `grader.seeds`, `grader.errors`, `grader.render`.
torch is imported only by `plan`, `judge`, `compare`, `inputs` and the spec modules, which only
grading imports: importing this package does not import torch.
"""

from grader.codegrade.grade import Limits, grade_submission
from grader.codegrade.model import seed_for

__all__ = ["Limits", "grade_submission", "seed_for"]

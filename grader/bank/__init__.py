"""The question bank: the authoring API questions import, discovery, variants and validation.

- `authoring`: what a question module is written in (`Meta`, `Mistake`, `Option`, parameter types,
  checker settings, `draw_distinct`, sympy helpers). Question modules import only this, and the
  helper modules (`_name.py`) of their own bank, with relative imports.
- `params`: the parameter schema types.
- `loader`: finding and loading question modules (`load_bank`, `Bank`, `Question`); `packages`
  makes each bank folder a private package so its questions can import its helpers.
- `syllabus`: a bank's topic map (`syllabus.yaml`), which `META.covers` names rows of, and the
  coverage table of `grade bank list --coverage`.
- `variants`: a question's concrete instance for a seed or explicit parameters (`make_variant`).
- `validate`: the self-tests behind `grade bank validate` (repeated variants, options guessable by
  length, position spread...), run in parallel worker processes.
- `terminal`: the LaTeX of prompts rendered as Unicode text for the terminal (`grade bank show`).
- `scaffold`: `grade bank new`.

May import: `grader.answers`, `grader.render`, `grader.results`, `grader.seeds`, `grader.errors`,
numpy, yaml (a syllabus). Never torch; sympy only through `grader.answers`, and only when an answer is checked.
"""

from grader.bank.loader import BUILTIN_BANK, Bank, Question, load_bank
from grader.bank.validate import Validation, validate, validate_question
from grader.bank.variants import Variant, make_variant

__all__ = ["BUILTIN_BANK", "Bank", "Question", "Validation", "Variant", "load_bank", "make_variant", "validate",
           "validate_question"]

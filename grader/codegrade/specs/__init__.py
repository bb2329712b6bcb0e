"""The bundled exercise specs: one module per student file, each defining `EXERCISES` and `ORDER`.

Found by `grader.codegrade.discovery`, never listed: a new module here is graded as soon as it
exists, and one that fails to import is an error naming it. Spec modules import torch; this
package's `__init__` does not. Shared input builders live in `grader.codegrade.inputs`.
"""

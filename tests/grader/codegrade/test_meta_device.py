"""A function that returns a tensor on the `meta` device (issue 7, item 5).

A meta tensor has a shape and a dtype but no values. The child used to copy it out with the other
outputs, which raised NotImplementedError ("Cannot copy out of meta tensor"), and the report said
the function was "not implemented yet". Now it says what happened, as a failed check of that
exercise only, graded end to end through the real sandbox and the bundled activations spec.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.codegrade import grade_submission

HOSTILE = Path(__file__).resolve().parents[2] / "fixtures" / "hostile"
FIXTURE = (HOSTILE / "meta_device.py").read_text()

VARIANTS = {
    "empty_like": FIXTURE,  # no autograd history
    "to_meta": FIXTURE.replace('torch.empty_like(x, device="meta")', 'x.to("meta")'),  # differentiable
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_meta_tensor_output_is_reported_as_such(tmp_path, variant):
    assert (VARIANTS[variant] == FIXTURE) == (variant == "empty_like")
    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "activations.py").write_text(VARIANTS[variant])
    report = grade_submission(folder, only="activations.*", device="cpu")
    ex = {e.name: e for e in report.exercises}
    assert ex["activations.sigmoid"].status == "passed", ex["activations.sigmoid"]
    assert ex["activations.relu"].status == "passed", ex["activations.relu"]
    tanh = ex["activations.tanh"]
    assert tanh.status == "failed" and tanh.score == 0, tanh
    assert tanh.tests and all(t.status == "failed" for t in tanh.tests), tanh
    for t in tanh.tests:
        assert "not implemented" not in t.message and "invalid" not in t.message, t.message
        assert "'meta' device" in t.message and "no values" in t.message, t.message
    assert "not implemented" not in tanh.message

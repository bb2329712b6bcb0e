"""Tests of the attention exercise spec that the generic content tests (test_specs_content.py) do not
reach: the direct reference equals F.scaled_dot_product_attention, the masks and the large-score
inputs are what the checks claim, the weights judge accepts the reference and names the wrong
axis, no diagnosis shadows another, and calling the library is scored as forbidden.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
import torch
import torch.nn.functional as F
from spec_helpers import fresh as _copy

from grader.codegrade.compare import compare
from grader.codegrade.model import Case, CaseContext, Check
from grader.codegrade.specs import attention as spec

EXERCISE = spec.SCALED_DOT_PRODUCT_ATTENTION
CHECKS = {c.name: c for c in EXERCISE.checks}


def _ctx() -> CaseContext:
    return CaseContext(generator=torch.Generator().manual_seed(13), device=torch.device("cpu"), dtype=torch.float32)


def _mask(case: Case):
    return case.args[3] if len(case.args) > 3 else case.kwargs.get("mask")


def _reference_checks() -> list[Check]:
    return [c for c in EXERCISE.checks if c.reference is not None]


def test_reference_equals_torch_scaled_dot_product_attention():
    for check in _reference_checks():
        for case in check.cases(_ctx()):
            q, k, v = case.args[:3]
            assert check.reference is not None
            out, weights = check.reference(*_copy(case.args), **_copy(case.kwargs))
            expected = F.scaled_dot_product_attention(q, k, v, attn_mask=_mask(case))
            rtol, atol = (1e-10, 1e-12) if q.dtype == torch.float64 else (1e-4, 1e-5)
            assert compare(expected, out, rtol=rtol, atol=atol) is None, (check.name, case.label)
            assert torch.allclose(weights.sum(-1), torch.ones((), dtype=q.dtype)), (check.name, case.label)


def test_cases_cover_batch_dimensions_and_every_way_of_passing_the_mask():
    for name in ("values", "masked", "gradient"):
        cases = CHECKS[name].cases(_ctx())
        assert {c.args[0].dim() - 2 for c in cases} == {0, 1, 2}, name
    styles = set()
    for check in EXERCISE.checks:
        for case in check.cases(_ctx()):
            styles.add("positional" if len(case.args) > 3 else "keyword" if "mask" in case.kwargs else "omitted")
            if len(case.args) > 3 and case.args[3] is None:
                styles.add("positional None")
    assert styles == {"positional", "keyword", "omitted", "positional None"}
    assert CHECKS["gradient"].cases(_ctx())[0].grad_wrt == (0, 1, 2)


def test_masks_allow_and_block_in_every_row_and_single_keys_occur():
    singles = 0
    for check in EXERCISE.checks:
        for case in check.cases(_ctx()):
            mask = _mask(case)
            if mask is None:
                continue
            assert mask.dtype == torch.bool and mask.shape == (*case.args[0].shape[:-1], case.args[1].shape[-2])
            assert bool(mask.any(-1).all()), "every query may attend to some key"
            singles += int((mask.sum(-1) == 1).sum())
            if "causal" in case.label:
                assert torch.equal(mask, torch.ones_like(mask).tril())
            else:
                assert not bool(mask.all(-1).any()), "an inverted mask must never block a whole row"
                assert bool((mask[..., 0, :].sum(-1) == 1).all()), "the first query attends to one key"
    assert singles >= 10


def test_large_score_cases_are_exact_and_overflow_a_naive_softmax():
    for case in CHECKS["large_scores"].cases(_ctx()):
        q, k = case.args[:2]
        scores = q.double() @ k.double().transpose(-2, -1) / q.shape[-1] ** 0.5
        assert torch.equal(scores, scores.round()), "integer scores: every implementation computes them exactly"
        assert torch.equal((q @ k.transpose(-2, -1) / q.shape[-1] ** 0.5).double(), scores)
        naive = spec._sdpa_variant(*_copy(case.args), **_copy(case.kwargs), stable=False)[0]
        assert not bool(torch.isfinite(naive).all()), case.label


def test_weights_judge_accepts_the_reference_and_names_mistakes():
    def judge(case: Case, output: Any) -> str:
        assert CHECKS["weights_are_distributions"].judge is not None
        return CHECKS["weights_are_distributions"].judge(case, output) or ""

    for case in CHECKS["weights_are_distributions"].cases(_ctx()):
        right = spec._sdpa_ref(*_copy(case.args), **_copy(case.kwargs))
        assert judge(case, right) == "", case.label
        wrong_axis = spec._sdpa_variant(*_copy(case.args), **_copy(case.kwargs), axis=-2)
        message = judge(case, wrong_axis)
        assert message
        if _mask(case) is None:
            assert "over the queries" in message
        else:
            ignored = spec._sdpa_variant(*_copy(case.args), **_copy(case.kwargs), mask_mode="ignored")
            assert "masked position" in judge(case, ignored)
        assert "pair" in judge(case, right[0])
        assert "shape" in judge(case, (right[0], right[1].transpose(-2, -1)))


def _outcome(fn, case: Case):
    args = list(_copy(case.args))
    for i in case.grad_wrt:
        args[i].requires_grad_(True)
    out = fn(*args, **_copy(case.kwargs))
    grads = []
    if case.grad_wrt:
        gen = torch.Generator().manual_seed(5)
        terms = [(o * torch.randn(o.shape, generator=gen, dtype=o.dtype)).sum() for o in out]
        grads = list(torch.autograd.grad(torch.stack(terms).sum(), [args[i] for i in case.grad_wrt],
                                         allow_unused=True))
    return _copy(out), grads


def test_no_diagnosis_shadows_a_later_one():
    for check in _reference_checks():
        cases = check.cases(_ctx())
        results = [[_outcome(d.impl, c) for c in cases] for d in check.diagnoses]
        for (i, a), (j, b) in itertools.combinations(enumerate(results), 2):
            assert any(compare(x, y) is not None for x, y in zip(a, b)), (
                check.name, check.diagnoses[i].message, check.diagnoses[j].message)


CHEATS = [
    """
import torch.nn.functional as F

def scaled_dot_product_attention(q, k, v, mask=None):
    w = (q @ k.transpose(-2, -1) / q.shape[-1] ** 0.5)
    if mask is not None:
        w = w.masked_fill(~mask, float("-inf"))
    return F.scaled_dot_product_attention(q, k, v, attn_mask=mask), w.softmax(-1)
""",
    """
import torch

def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / q.shape[-1] ** 0.5
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = getattr(torch, "soft" + "max")(scores, -1)
    return weights @ v, weights
""",
]


@pytest.mark.parametrize("source", CHEATS, ids=["source_scan", "run_time_record"])
def test_library_calls_are_forbidden(tmp_path, source):
    from grader.codegrade import grade_submission

    (tmp_path / "attention.py").write_text(source.lstrip())
    report = grade_submission(tmp_path, only="attention", device="cpu")
    (outcome,) = report.exercises
    assert outcome.status == "forbidden" and outcome.score == 0, (outcome.status, outcome.message)

"""grader.codegrade.compare: what differs, said in words, without revealing expected values."""

from __future__ import annotations

import math

import pytest
import torch

from grader.codegrade.compare import (
    Foreign,
    compare,
    compare_numbers,
    compare_tensors,
    exception_message,
    tolerance,
    unchanged,
)
from grader.reports.clean import plain_line as sanitize


def test_default_tolerances():
    assert tolerance(torch.float64) == (1e-6, 1e-8)
    assert tolerance(torch.float32) == (1e-4, 1e-5)
    assert tolerance(torch.int64) == (0.0, 0.0)
    assert tolerance(torch.float32, rtol=1e-2) == (1e-2, 1e-5)


def test_equal_and_within_tolerance():
    e = torch.linspace(-3, 3, 20)
    assert compare(e, e.clone()) is None
    assert compare(e, e + 5e-6) is None  # float32 atol 1e-5
    assert compare(e.double(), e.double() + 1e-5) is not None  # float64 is stricter


def test_wrong_type_including_subclasses_and_foreign():
    class Sub(torch.Tensor):
        pass

    e = torch.zeros(3)
    assert compare(e, e.as_subclass(Sub)).startswith("output: expected a torch.Tensor, got a ")
    assert compare(e, Foreign("numpy.ndarray")) == "output: expected a torch.Tensor, got numpy.ndarray"
    assert compare(e, 0.0) == "output: expected a torch.Tensor, got a float"


def test_structure_shape_dtype_device():
    a, b = torch.zeros(2, 3), torch.zeros(3)
    assert compare((a, b), a) == "output: expected a tuple of 2 items, got a torch.Tensor"
    assert compare((a, b), (a, b, b)) == "output: expected a tuple of 2 items, got a tuple of 3 items"
    assert compare((a, b), [a, b]) is None  # a list is accepted for a tuple
    assert compare((a, b), (a, torch.zeros(1, 3))) == "output[1]: shape (3,) expected, got (1, 3)"
    assert compare(a, a.double()) == "output: dtype torch.float32 expected, got torch.float64"
    assert compare(a, a.T) == "output: shape (2, 3) expected, got (3, 2)"
    assert compare(None, a) == "output: expected None, got a torch.Tensor"


def test_values_message_locates_the_error_and_hides_expected_values():
    expected = torch.tensor([[0.123456, 0.5], [0.25, 7.654321]])
    actual = expected.clone()
    actual[1, 1] = 7.0
    msg = compare(expected, actual)
    assert msg == ("output: 1 of 4 elements outside tolerance (rtol 0.0001, atol 1e-05); largest absolute error "
                   "0.654 at index (1, 1), relative error 0.0855")
    assert "7.65" not in msg and "0.123" not in msg


def test_nan_and_inf_where_none_expected():
    e = torch.tensor([1.0, 2.0, 3.0])
    msg = compare(e, torch.tensor([1.0, float("nan"), 3.0]))
    assert msg.startswith("output: NaN where none expected (1 of 3 elements, first at index (1,))")
    msg = compare(e, torch.tensor([1.0, 2.0, float("inf")]))
    assert msg.startswith("output: ±Inf where none expected (1 of 3 elements, first at index (2,))")
    nan = torch.tensor([float("nan"), 1.0])
    assert compare(nan, nan.clone()) is None  # NaN where NaN is expected is fine
    assert "a NaN was expected" in compare(nan, torch.tensor([0.0, 1.0]))
    inf = torch.tensor([float("-inf"), 0.0])
    assert compare(inf, inf.clone()) is None
    assert compare(inf, torch.tensor([float("inf"), 0.0])).startswith("output: ±Inf where none expected")


def test_integers_and_bools_compare_exactly():
    e = torch.tensor([1, 2, 3])
    assert compare(e, e.clone()) is None
    assert compare(e, torch.tensor([1, 2, 4])) == "output: 1 of 3 elements differ (exact match required); first at index (2,)"
    assert compare(torch.tensor([True]), torch.tensor([False])) is not None


def test_python_numbers_are_float64_scalars():
    assert compare(5, 5) is None
    assert compare(5, 5.0) is None
    assert compare(5, torch.tensor(5)) is None  # a 0-d tensor stands for a number
    assert compare(5, 6) == "output: value differs by 1 (rtol 1e-06, atol 1e-08), relative error 0.2"
    assert compare(0.1 + 0.2, 0.3) is None
    assert compare(1.0, "1") == "output: expected a number, got a str"
    assert compare_numbers(math.inf, math.inf) is None
    assert compare_numbers(1.0, math.nan) == "output: NaN where a number was expected"


def test_empty_and_zero_dim():
    assert compare(torch.zeros(0, 3), torch.zeros(0, 3)) is None
    assert compare(torch.tensor(1.0), torch.tensor(2.0)).endswith("at index ()" + ", relative error 1")


def test_where_label_is_used():
    assert compare_tensors(torch.zeros(2), torch.ones(2), where="gradient with respect to argument 0 (x)").startswith(
        "gradient with respect to argument 0 (x): 2 of 2 elements")


def test_unchanged_is_bitwise_with_nan():
    a = torch.tensor([1.0, float("nan")])
    assert unchanged(a, a.clone())
    assert not unchanged(a, torch.tensor([1.0, 2.0]))
    assert not unchanged(a, a.double())
    assert not unchanged(a, None)


@pytest.mark.parametrize("text", ["::notice title=x::Points 100/100", "ok\n::error::pwned", "\x1b[31mred\x1b[0m"])
def test_sanitize_neutralises_workflow_commands_and_escapes(text):
    out = sanitize(text)
    assert "\n" not in out and "\x1b" not in out
    assert "::" not in out
    assert not out.lstrip().startswith("::")


def test_sanitize_truncates():
    assert len(sanitize("x" * 10_000, 100)) == 100


def test_exception_message():
    assert exception_message("ZeroDivisionError", "division by zero", 12) == "ZeroDivisionError: division by zero (line 12)"
    assert exception_message("ValueError", "::notice::x", None) == "ValueError: : :notice: :x"

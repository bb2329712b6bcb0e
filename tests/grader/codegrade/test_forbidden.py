"""grader.codegrade.forbidden: the source scan (never imports the student's module) and run-time names."""

from __future__ import annotations

import textwrap

import pytest

from grader.codegrade.forbidden import runtime_hits, scan

FORBID = ("softmax", "log_softmax", "Softmax")


def _scan(source: str, function: str = "f", forbidden=FORBID) -> list[str]:
    return [str(f) for f in scan(textwrap.dedent(source), function, forbidden)]


def test_clean_function():
    assert _scan("""
        import torch
        def f(x):
            e = torch.exp(x - x.amax(dim=-1, keepdim=True))
            return e / e.sum(dim=-1, keepdim=True)
        """) == []


@pytest.mark.parametrize("body, expected", [
    ("return torch.softmax(x, -1)", "torch.softmax (line 4)"),
    ("return x.softmax(-1)", "x.softmax (line 4)"),
    ("return F.softmax(x, dim=-1)", "F.softmax (line 4)"),
    ("return torch.nn.functional.log_softmax(x, -1).exp()", "torch.nn.functional.log_softmax (line 4)"),
    ("return torch.nn.Softmax(dim=-1)(x)", "torch.nn.Softmax (line 4)"),
])
def test_direct_uses(body, expected):
    assert _scan(f"""
        import torch
        def f(x):
            {body}
        """) == [expected]


def test_import_alias_at_module_level_and_inside():
    assert _scan("""
        from torch.nn.functional import softmax as sm
        def f(x):
            return sm(x, -1)
        """) == ["sm = torch.nn.functional.softmax (line 4)"]
    assert _scan("""
        def f(x):
            from torch import softmax
            return softmax(x, -1)
        """) == ["torch.softmax (line 3)", "softmax (line 4)"]


def test_module_level_alias_chain():
    assert _scan("""
        import torch
        s = torch.softmax
        t = s
        def f(x):
            return t(x, -1)
        """) == ["t = s = torch.softmax (line 6)"]


def test_helpers_are_followed_transitively():
    assert _scan("""
        import torch
        def f(x):
            return helper(x)
        def helper(x):
            return deeper(x)
        def deeper(x):
            return x.softmax(-1)
        def unused(x):
            return torch.softmax(x, -1)
        """) == ["x.softmax (line 8)"]


def test_the_students_own_function_with_a_forbidden_name_is_followed_not_flagged():
    assert _scan("""
        import torch
        def softmax(x):
            e = torch.exp(x)
            return e / e.sum()
        def f(x):
            return softmax(x).log()
        """) == []


def test_a_local_variable_named_like_a_forbidden_identifier_is_fine():
    assert _scan("""
        import torch
        def f(x):
            softmax = torch.exp(x) / torch.exp(x).sum()
            return softmax
        """) == []


def test_lambda_assignment_and_recursion():
    assert _scan("f = lambda x: x.softmax(-1)\n") == ["x.softmax (line 1)"]
    assert _scan("def f(x):\n    return f(x) if x else x\n") == []


def test_unknown_function_and_empty_forbidden_list():
    assert _scan("def g(x):\n    return x.softmax(-1)\n") == []
    assert _scan("def f(x):\n    return x.softmax(-1)\n", forbidden=()) == []


def test_syntax_error_propagates():
    with pytest.raises(SyntaxError):
        scan("def f(x)\n    return x\n", "f", FORBID)


def test_what_the_scan_cannot_see():
    # computed names defeat the source scan (the run-time recording catches this one)
    assert _scan("""
        import torch
        def f(x):
            return getattr(torch, "soft" + "max")(x, -1)
        """) == []


def test_runtime_hits_match_the_last_component():
    recorded = ["torch.exp", "Tensor.softmax", "torch.nn.functional.log_softmax", "Tensor.__add__"]
    assert runtime_hits(recorded, FORBID) == ["Tensor.softmax", "torch.nn.functional.log_softmax"]
    assert runtime_hits(recorded, ()) == []

"""grader.codegrade.forbidden: the source scan (forbidden names and escape hatches, never importing the
student's modules) and the run-time names. End-to-end routes: test_reflection.py."""

from __future__ import annotations

import ast
import textwrap

import pytest

from grader.codegrade.forbidden import StudentCode, runtime_hits, scan
from grader.codegrade.protocol import MAX_RECORDED

FORBID = ("softmax", "log_softmax", "Softmax")


def _scan(source: str, function: str = "f", forbidden=FORBID, **others: str) -> list[str]:
    others = {name: textwrap.dedent(text) for name, text in others.items()}
    return [str(f) for f in scan(textwrap.dedent(source), function, forbidden, filename="m.py", others=others)]


def _texts(source: str, function: str = "f", **others: str) -> list[str]:
    """What is quoted, without lines and reasons."""
    others = {name: textwrap.dedent(text) for name, text in others.items()}
    return [f.text for f in scan(textwrap.dedent(source), function, FORBID, filename="m.py", others=others)]


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
    assert _scan("def f(x):\n    return eval('x')\n", forbidden=()) == []  # nothing to hide


def test_syntax_error_propagates():
    with pytest.raises(SyntaxError):
        scan("def f(x)\n    return x\n", "f", FORBID)


def test_runtime_hits_match_the_last_component():
    recorded = ["torch.exp", "Tensor.softmax", "torch.nn.functional.log_softmax", "Tensor.__add__"]
    assert runtime_hits(recorded, FORBID) == ["Tensor.softmax", "torch.nn.functional.log_softmax"]
    assert runtime_hits(recorded, ()) == []


def test_a_full_record_cannot_be_trusted():
    full = [f"torch.op{i}" for i in range(MAX_RECORDED)]
    assert runtime_hits(full[:-1], FORBID) == []
    assert runtime_hits(full, FORBID) == [f"the record is full ({MAX_RECORDED} distinct torch functions, "
                                          "later calls unrecorded)"]
    assert runtime_hits(full, ()) == []


# ---------------------------------------------------------------------------------------------
# escape hatches: every route to an object by a computed name, to hidden code, or to the record

# (function body, what the finding quotes, why); each body is the whole of f(x, name) in a module
# that imports torch, torch.nn.functional as F, sys, os and operator
HATCHES = [
    ("return getattr(F, 'soft' + 'max')(x, -1)", "getattr(F, 'soft' + 'max')", "a name computed at run time"),
    ("return getattr(F, name)(x, -1)", "getattr(F, name)", "a name computed at run time"),
    ("setattr(torch, name, None)", "setattr(torch, name, None)", "a name computed at run time"),
    ("delattr(torch, name)", "delattr(torch, name)", "a name computed at run time"),
    ("return hasattr(F, name)", "hasattr(F, name)", "a name computed at run time"),
    ("g = getattr\n    return g(F, 'x')", "getattr", "a name computed at run time"),
    ("return vars(F)[name]", "vars(F)", "reads a namespace as a dictionary"),
    ("return globals()[name]", "globals()", "reads a namespace as a dictionary"),
    ("return locals()", "locals()", "reads a namespace as a dictionary"),
    ("return F.__dict__[name]", "F.__dict__", "internals"),
    ("return F.__getattribute__(name)", "F.__getattribute__", "internals"),
    ("return object.__getattribute__(F, name)", "object.__getattribute__", "internals"),
    ("return type(x).__mro__", "type(x).__mro__", "internals"),
    ("return ().__class__.__base__.__subclasses__()", "().__class__.__base__.__subclasses__", "internals"),
    ("return f.__globals__", "f.__globals__", "internals"),
    ("return __builtins__", "__builtins__", "internals"),
    ("return eval(name)", "eval(name)", "runs code that is not in the source"),
    ("exec(name)", "exec(name)", "runs code that is not in the source"),
    ("return compile(name, 'x', 'eval')", "compile(name, 'x', 'eval')", "runs code that is not in the source"),
    ("return __import__(name)", "__import__(name)", "import system"),
    ("import importlib\n    return importlib.import_module(name)", "import importlib", "import system"),
    ("from importlib import import_module\n    return import_module(name)", "from importlib import import_module",
     "import system"),
    ("return sys.modules[name]", "sys.modules", "import system"),
    ("m = sys\n    return m.modules[name]", "m.modules", "import system"),
    ("return [sys][0].modules[name]", "[sys][0].modules", "import system"),
    ("sys.path.insert(0, name)", "sys.path.insert", "import system"),
    ("return operator.attrgetter(name)(F)", "operator.attrgetter", "a name computed at run time"),
    ("return operator.methodcaller(name, -1)(x)", "operator.methodcaller", "a name computed at run time"),
    ("from operator import attrgetter as a\n    return a(name)(F)", "from operator import attrgetter as a",
     "a name computed at run time"),
    ("import inspect\n    return inspect.getmembers(F)", "import inspect", "internals"),
    ("import ctypes\n    return ctypes.string_at(0)", "import ctypes", "internals"),
    ("import gc\n    return gc.get_objects()", "import gc", "internals"),
    ("import pickle\n    return pickle.loads(name)", "import pickle", "from bytes"),
    ("import __main__\n    return __main__", "import __main__", "internals"),
    ("import _grade_protocol\n    return _grade_protocol", "import _grade_protocol", "a private name"),
    ("return sys._getframe(1).f_globals", "sys._getframe", "a private name"),
    ("return sys.exc_info()[2].tb_frame.f_back", "sys.exc_info()[2].tb_frame.f_back", "internals"),
    ("sys.settrace(None)", "sys.settrace", "internals"),
    ("return torch._C", "torch._C", "a private name"),
    ("return F._x(x)", "F._x", "a private name"),
    ("return torch.Tensor._make_subclass(x)", "torch.Tensor._make_subclass", "a private name"),
    ("return x._base", "x._base", "a private name"),
    ("return x.grad_fn._saved_self", "x.grad_fn._saved_self", "a private name"),
    ("T = torch\n    return T._C", "T._C", "a private name"),
    ("from torch import _C\n    return _C", "from torch import _C", "a private name"),
    ("with torch._C.DisableTorchFunction():\n        return F.relu(x)", "torch._C.DisableTorchFunction",
     "switch off or forge the run-time check"),
    ("with torch._C.DisableTorchFunctionSubclass():\n        return x", "torch._C.DisableTorchFunctionSubclass",
     "switch off or forge the run-time check"),
    ("from torch._C import DisableTorchFunction as D\n    return D", "from torch._C import DisableTorchFunction as D",
     "switch off or forge the run-time check"),
    ("return torch._C._pop_torch_function_stack()", "torch._C._pop_torch_function_stack", "a private name"),
    ("from torch.overrides import _pop_mode_temporarily\n    return _pop_mode_temporarily",
     "from torch.overrides import _pop_mode_temporarily", "switch off or forge the run-time check"),
    ("return torch.overrides.TorchFunctionMode", "torch.overrides.TorchFunctionMode",
     "switch off or forge the run-time check"),
    ("return torch.ops.aten.exp(x)", "torch.ops.aten.exp", "a name computed at run time"),
    ("return torch.jit.CompilationUnit(name)", "torch.jit.CompilationUnit", "runs code that is not in the source"),
    ("return torch.load(name, weights_only=False)", "torch.load", "from bytes"),
    ("import numpy as np\n    return np.load(name, allow_pickle=True)", "np.load(name, allow_pickle=True)",
     "from bytes"),
    ("import threading\n    return threading.Thread", "import threading", "run-time check cannot see it"),
    ("os.fork()", "os.fork", "run-time check cannot see it"),
    ("import torch.multiprocessing as mp\n    return mp.Process", "import torch.multiprocessing as mp",
     "run-time check cannot see it"),
    ("return torch.utils.data.DataLoader(x, num_workers=2)", "torch.utils.data.DataLoader(x, num_workers=2)",
     "run-time check cannot see it"),
    ("os.system(name)", "os.system", "run-time check cannot see it"),
    ("import subprocess\n    return subprocess.run(name)", "import subprocess", "run-time check cannot see it"),
    ("import typing\n    return typing.get_type_hints(f)", "typing.get_type_hints", "runs code that is not in"),
    ("import functools\n    return functools.wraps(f)(F.relu)", "functools.wraps(f)(F.relu)",
     "switch off or forge the run-time check"),
    ("F.relu.__qualname__ = name", "F.relu.__qualname__", "internals"),
    ("setattr(F.relu, '__name__', name)", "setattr(F.relu, '__name__', name)", "internals"),
    ("__builtins__ = {}", "__builtins__ = ...", "internals"),
    ("class P:\n        def __getattr__(self, n):\n            return 0\n    return P", "def __getattr__",
     "a name computed at run time"),
]


@pytest.mark.parametrize("body, text, why", HATCHES, ids=[h[1][:40] for h in HATCHES])
def test_escape_hatches_in_the_function_are_flagged_with_call_and_line(body, text, why):
    source = f"import os\nimport sys\nimport operator\nimport torch\nimport torch.nn.functional as F\n\n\n" \
             f"def f(x, name):\n    {body}\n"
    found = scan(source, "f", FORBID)
    assert found, body
    first = found[0]
    assert first.text == text and first.line >= 9 and why in first.why and not first.file, (body, found)
    assert str(first) == f"{text} (line {first.line}: {first.why})"
    assert scan(source, "g", FORBID) == []  # another function: nothing (f is not called)


def test_escape_hatches_are_found_through_helpers_and_aliases():
    found = _scan("""
        import torch
        T = torch
        quiet = T._C.DisableTorchFunction
        def f(x):
            return helper(x)
        def helper(x):
            with quiet():
                return x.softmax(-1)
        """)
    assert found == ["T._C.DisableTorchFunction (line 4, at import: can switch off or forge the run-time check)",
                     "x.softmax (line 9)"]


def test_literal_names_and_common_idioms_are_allowed():
    assert _scan("""
        from __future__ import annotations
        import math
        import os
        import sys
        import functools
        import torch
        import torch.nn as nn
        import torch.nn.functional as F

        __all__ = ["f"]

        class Stats:
            def __init__(self):
                super().__init__()
                self._n = 0
            def __repr__(self):
                return f"{self.__class__.__name__}({self._n}) {type(self).__qualname__}"
            def __add__(self, other):
                return self._n + other._n
            def __eq__(self, other):
                return self._n == other._n

        def deco(fn):
            @functools.wraps(fn)
            def wrapper(*args):
                return fn(*args)
            return wrapper

        @deco
        def f(x, dim=-1):
            s = Stats()
            s._n += 1
            if getattr(x, "is_cuda", False) and hasattr(x, "device"):
                pass
            shape = getattr(x, "shape")
            e = torch.exp(x - x.amax(dim=dim, keepdim=True))
            n = math.prod(shape) + len(dir(x)) + os.getpid() * 0 + sys.maxsize * 0 + x.__len__()
            where = __name__ + __file__ + (__doc__ or "") + torch.__version__ + nn.modules.loss.__name__
            return e / e.sum(dim=dim, keepdim=True) * (1 + 0 * n) + 0 * len(where) + x.__add__(0) * 0

        torch.Tensor.__eq__ = lambda self, other: self is other  # monkeypatching an operator: harmless here
        if __name__ == "__main__":
            import inspect
            print(eval("1"), inspect.getsource(f), sys.modules, globals())
        """) == []


def test_getattr_with_a_literal_name_is_an_attribute_use():
    assert _scan("""
        import torch
        def f(x):
            return getattr(torch, "softmax")(x, -1) + getattr(torch, "_C") * 0
        """) == ["getattr(torch, '_C') (line 4: a private name)", "getattr(torch, 'softmax') (line 4)"]


def test_the_students_own_getattr_is_followed_not_flagged():
    assert _scan("""
        def getattr(obj, name):
            return obj
        def f(x):
            return getattr(x, "a" + "b")
        """) == []


def test_escape_hatches_at_import_count_against_every_function():
    source = """
        import torch
        torch._C.DisableTorchFunction().__enter__()
        def f(x):
            return x
        def g(x):
            return x * 2
        """
    for function in ("f", "g"):
        found = scan(textwrap.dedent(source), function, FORBID)
        assert (found[0].text, found[0].line, found[0].at_import) == ("torch._C.DisableTorchFunction", 3, True)
        assert str(found[0]) == ("torch._C.DisableTorchFunction (line 3, at import: can switch off or forge the "
                                 "run-time check)")
    # class bodies, decorators and default values run at import too; what they name is followed
    for code in ("class A:\n    x = globals()\n", "def f(x, d=vars(torch)):\n    return x\n",
                 "@helper\ndef f(x):\n    return x\n\ndef helper(fn):\n    eval('1')\n    return fn\n",
                 "torch.hidden = helper\ndef helper(x):\n    return getattr(torch, 'soft' + 'max')(x)\n"):
        source = f"import torch\n{code}\ndef f2(x):\n    return x\n"
        assert scan(source, "f2", FORBID), code
        assert all(f.at_import for f in scan(source, "f2", FORBID)), code
    # forbidden names at import count only where a function reaches them (as aliases)
    assert _scan("import torch\nsm = torch.softmax\ndef f(x):\n    return x\n") == []


def test_a_module_getattr_counts_but_a_method_only_where_its_class_is_used():
    assert _scan("def __getattr__(name):\n    return name\ndef f(x):\n    return x\n") == [
        "def __getattr__ (line 1, at import: looks up an attribute by a name computed at run time)"]
    unused = "class P:\n    def __getattr__(self, n):\n        return n\n"
    assert _scan(unused + "def f(x):\n    return x\n") == []
    assert _texts(unused + "def f(x):\n    return P().x\n") == ["def __getattr__"]


def test_a_main_guard_cannot_be_faked_by_assigning_name():
    assert _texts("""
        __name__ = "__main__"
        def f(x):
            return x
        if __name__ == "__main__":
            eval("1")
        """) == ["__name__ = ..."]


# ---------------------------------------------------------------------------------------------
# the student's other modules: followed where imported; their import-time code runs in the same process

HELPERS = """
    import torch
    import torch.nn.functional as F
    def soft(x):
        return F.softmax(x, -1)
    def quiet(x):
        with torch._C.DisableTorchFunction():
            return x
    def _own(x):
        return x
    def clean(x):
        return x
    """


@pytest.mark.parametrize("source, expected", [
    ("from helpers import soft\ndef f(x):\n    return soft(x)\n", ["F.softmax (helpers.py line 5)"]),
    ("import helpers\ndef f(x):\n    return helpers.soft(x)\n", ["F.softmax (helpers.py line 5)"]),
    ("import helpers as h\ndef f(x):\n    return h.quiet(x)\n",
     ["torch._C.DisableTorchFunction (helpers.py line 7: can switch off or forge the run-time check)"]),
    ("from helpers import *\ndef f(x):\n    return soft(x)\n", ["F.softmax (helpers.py line 5)"]),
    ("def f(x):\n    import helpers\n    return helpers.soft(x)\n", ["F.softmax (helpers.py line 5)"]),
    ("import helpers\ndef f(x):\n    return helpers._own(helpers.clean(x))\n", []),
    ("import helpers\ndef f(x):\n    return helpers\n", ["F.softmax (helpers.py line 5)",
     "torch._C.DisableTorchFunction (helpers.py line 7: can switch off or forge the run-time check)"]),
])
def test_the_students_other_modules_are_followed(source, expected):
    assert _scan(source, helpers=HELPERS) == expected


def test_a_helper_named_like_a_forbidden_identifier_in_another_module_is_followed():
    own = "import torch\ndef softmax(x):\n    e = torch.exp(x)\n    return e / e.sum()\n"
    assert _scan("from mine import softmax\ndef f(x):\n    return softmax(x)\n", mine=own) == []
    alias = "from torch import softmax\n"
    assert _scan("from mine import softmax\ndef f(x):\n    return softmax(x)\n", mine=alias) == [
        "torch.softmax (mine.py line 1)"]


def test_a_students_torch_py_is_not_the_torch_they_import():
    assert _scan("from torch import softmax\ndef f(x):\n    return softmax(x)\n", torch="softmax = 1\n") == [
        "softmax (line 3)"]


def test_import_time_code_of_every_loaded_module_counts_for_all():
    sources = {
        "a": "import torch\ndef f(x):\n    return x\n",
        "b": "import torch\nimport helper\ndef g(x):\n    return x\n",
        "helper": "import torch\ntorch._C._set_torch_function_mode(None)\n",
        "unused": "import inspect\n",  # never imported: never runs
    }
    trees = {name: ast.parse(text) for name, text in sources.items()}
    code = StudentCode(trees.get, loaded=["a", "b"])
    found = code.scan("a", "f", FORBID)
    assert [str(f) for f in found] == [
        "torch._C._set_torch_function_mode (helper.py line 2, at import: a private name)"]
    assert StudentCode(trees.get, loaded=["a"]).scan("a", "f", FORBID) == []  # b not graded: not loaded


def test_deeply_nested_code_is_scanned_without_recursion():
    body = "(" * 90 + "x" + ")" * 90
    chain = "x" + ".real" * 2000
    source = f"import torch\ndef f(x):\n    y = {body}\n    z = {chain}\n    return torch.softmax(y, -1)\n"
    assert [f.text for f in scan(source, "f", FORBID)] == ["torch.softmax"]


def test_a_method_parameter_named_like_a_forbidden_identifier_is_local():
    assert _scan("""
        class Head:
            def apply(self, softmax):
                return softmax(self)
        def f(x):
            return Head().apply(lambda t: t)
        """) == []

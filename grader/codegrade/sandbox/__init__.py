"""Running untrusted student code: `host` (the grading side: starting, feeding, watching and
killing the child) and `child` (the script the sandboxed interpreter runs).

`host` may import `grader.codegrade.protocol` and the standard library. `child` imports only the
standard library, torch and safetensors, and loads `protocol.py` by path: never the `grader`
package, which the sandboxed process must not depend on.
"""

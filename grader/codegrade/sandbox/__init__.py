"""Running untrusted student code: `host` (the grading side) and `child` (the script the sandboxed
interpreter runs; stdlib, torch and safetensors only, never the `grader` package)."""

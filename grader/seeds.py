"""Seeds derived from names: one place, so questions and code checks draw the same way.

SHA-256 of the parts' text, never Python's `hash()` (salted per process): a variant or a check's
inputs are the same on every machine, run and Python version.
"""

from __future__ import annotations

import hashlib


def derive_seed(*parts: object, bits: int = 128) -> int:
    """A `bits`-bit seed from the parts (128 for numpy Generators; 63 fits `torch.manual_seed`)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest, "big") >> (256 - bits)

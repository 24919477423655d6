"""The bottom of the engine: a source file as the api hands it in, and its content digest."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    path: str  # the path as it will be displayed
    module: str  # dotted module name inside the checked project ("pkg.mod", "pkg" for __init__)
    is_package: bool  # True for a package's __init__.py
    data: bytes


def digest(data: bytes) -> str:
    """The content digest files are keyed by, in the cache and across processes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()

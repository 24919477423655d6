"""The bottom of the engine: a source file as the api hands it in, and its content digest."""
from __future__ import annotations

import hashlib
import io
import re
import tokenize
from dataclasses import dataclass
from typing import List


@dataclass(frozen=True)
class Source:
    path: str  # the path as it will be displayed
    module: str  # dotted module name inside the checked project ("pkg.mod", "pkg" for __init__)
    is_package: bool  # True for a package's __init__.py
    data: bytes


def source_encoding(data: bytes) -> str:
    """The encoding Python reads ``data`` in (its coding cookie or BOM, else UTF-8); raises
    SyntaxError or LookupError as ``tokenize.detect_encoding`` does."""
    if b"\r" in data:  # the parser ends lines at CR too, readline only at LF: the cookie's line
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return encoding


def decode(data: bytes) -> str:
    """Source bytes as Python reads them (coding cookie, BOM), never raising."""
    try:
        return data.decode(source_encoding(data))
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return data.decode("utf-8", errors="replace")


def source_lines(text: str) -> List[str]:
    """The lines of source text as the parser numbers them: split at ``\n``, ``\r\n`` and
    ``\r`` only (``str.splitlines`` also splits at form feeds and other separators)."""
    return _NEWLINE.split(text)


_NEWLINE = re.compile(r"\r\n|\r|\n")


def digest(data: bytes) -> str:
    """The content digest files are keyed by, in the cache and across processes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()

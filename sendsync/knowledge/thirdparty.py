"""Verdicts for third-party libraries' types. Data only; same shapes as ``types.py``.

Each entry quotes the library's own documentation (``source``) at ``url``. An entry without a
documented source does not go in.
"""
from __future__ import annotations

from typing import Tuple

from .types import Factory, Method, TypeFact

TYPES: Tuple[TypeFact, ...] = ()
FACTORIES: Tuple[Factory, ...] = ()
METHODS: Tuple[Method, ...] = ()

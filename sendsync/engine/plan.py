"""One run's inputs, decided once by the api and handed down the pipeline unchanged."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, FrozenSet, Optional, Tuple

from ..knowledge import DEFAULT, Knowledge
from .sources import Source

Store = Any  # sendsync.cache.Cache: get/put/keep_only by namespace; the engine does no I/O itself


@dataclass(frozen=True)
class Plan:
    sources: Tuple[Source, ...]
    knowledge: Knowledge = DEFAULT
    #: "minimal": only what the project's own markers say; "targeted" (default): markers,
    #: library knowledge and inference; "complete": also boundaries whose kind is uncertain
    strictness: str = "targeted"
    verbose: bool = False  # tracebacks in SSC998 messages
    jobs: int = 0  # processes for parsing; 0: as many as there are cores, when worth it
    store: Optional[Store] = field(default=None, compare=False)
    #: report findings in these paths only (the rest of the project is read for facts); None: all
    report: Optional[FrozenSet[str]] = None
    #: the process ends after this run: what the analysis leaves behind is not collected
    one_shot: bool = False

"""The on-disk cache (``.sendsync_cache/``), like ruff's: what unchanged files cost nothing.

One JSON file per (tool version, settings) holds:
- the light-pass result of every file, by content digest;
- the findings of every deep-checked module, with the digests of its inputs: its own content,
  every module the analysis parsed to check it, and a context digest (the project's module
  names, the possible Thread subclasses, whether markers are used). Any change to one of them
  re-checks the module: project-wide facts are invalidated, not trusted.
Writes are atomic (a temporary file renamed over the old one), so concurrent runs never see a
torn file; the last one to finish wins. Any unreadable or foreign cache is ignored.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Dict, List, Optional

from ._version import __version__
from .diagnostics import Diagnostic, Note

CACHE_DIR = ".sendsync_cache"
FORMAT = 1


def digest(data: bytes) -> str:
    """The content digest the engine keys files by (``engine._digest``)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Cache:
    def __init__(self, directory: Path, settings: str) -> None:
        self.directory = directory
        key = digest(f"{FORMAT}|{__version__}|{settings}".encode())
        self.file = directory / f"v{__version__}" / f"{key}.json"
        self.lights: Dict[str, list] = {}
        self.modules: Dict[str, dict] = {}
        self._dirty = False
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            if data.get("format") == FORMAT:
                self.lights = dict(data.get("lights", {}))
                self.modules = dict(data.get("modules", {}))
        except (OSError, ValueError, AttributeError):
            pass

    # -- light pass ------------------------------------------------------------------------
    def light(self, file_digest: str) -> Optional[object]:
        raw = self.lights.get(file_digest)
        if raw is None:
            return None
        try:
            return raw
        except (TypeError, ValueError):
            return None

    def put_light(self, file_digest: str, light: object) -> None:
        self.lights[file_digest] = light
        self._dirty = True

    # -- deep pass -------------------------------------------------------------------------
    def findings(self, path: str, digests: Dict[str, str], context: str) -> Optional[List[Diagnostic]]:
        """The findings kept for ``path`` if none of their inputs changed: the context, and the
        digest of every file the analysis read (``digests``: the current ones)."""
        entry = self.modules.get(path)
        if entry is None:
            return None
        inputs = entry.get("inputs")
        if not isinstance(inputs, dict) or inputs.get("#context") != context:
            return None
        if any(digests.get(dep) != value for dep, value in inputs.items() if dep != "#context"):
            return None
        try:
            return [_load_diag(d) for d in entry["findings"]]
        except (KeyError, TypeError, ValueError):
            return None

    def put_findings(self, path: str, deps: List[str], digests: Dict[str, str], context: str,
                     found: List[Diagnostic]) -> None:
        inputs = {dep: digests[dep] for dep in set(deps) | {path} if dep in digests}
        inputs["#context"] = context
        self.modules[path] = {"inputs": inputs, "findings": [_dump_diag(d) for d in found]}
        self._dirty = True

    def keep_only(self, digests: set, paths: set) -> None:
        """Forget what belongs to files that are gone, so the cache does not grow forever."""
        for key in [k for k in self.lights if k not in digests]:
            del self.lights[key]
            self._dirty = True
        for key in [k for k in self.modules if k not in paths]:
            del self.modules[key]
            self._dirty = True

    def save(self) -> None:
        if not self._dirty:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by sendsync\n*\n", encoding="utf-8")
            payload = json.dumps({"format": FORMAT, "lights": self.lights, "modules": self.modules},
                                 separators=(",", ":"), sort_keys=True)
            fd, tmp = tempfile.mkstemp(dir=str(self.file.parent), prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(payload)
                os.replace(tmp, self.file)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            pass  # a read-only checkout still gets its findings, only slower next time


def _dump_diag(d: Diagnostic) -> list:
    return [d.path, d.line, d.col, d.code, d.message, [[n.path, n.line, n.col, n.message] for n in d.notes],
            d.help]


def _load_diag(raw: list) -> Diagnostic:
    path, line, col, code, message, notes, help_ = raw
    return Diagnostic(path, int(line), int(col), code, message,
                      notes=tuple(Note(*n) for n in notes), help=help_)

"""The on-disk cache (``.sendsync_cache/``), like ruff's: what unchanged files cost nothing.

A small generic store: ``get(namespace, key)``, ``put(namespace, key, value)`` of JSON values,
``keep_only(namespace, keys)`` and ``save()``. What the engine keeps in it, and how it decides
an entry still holds, is the engine's business (each file's facts by content digest, and the
findings of the whole project by the digest of all its inputs).

What makes an entry trusted:
- one file per cache key, which covers the tool's version, this Python, the run's settings, and a
  digest of sendsync's own files (the analysis code and its knowledge tables): code or knowledge
  changed without a version bump never reuses a result;
- the file is authenticated with HMAC-SHA256 under a random key that only this user can read
  (``$XDG_CACHE_HOME/sendsync/key``, else ``~/.cache/sendsync/key``; on Windows
  ``%LOCALAPPDATA%\\sendsync\\key``), created on first use. A cache committed to a repository, or
  copied from another machine or user, fails the check and is ignored, so emptied findings
  cannot silence anyone else's run. Without a key (no writable cache home) there is no cache;
- anything else, a file that is unauthenticated, of the wrong shape, unreadable, not a regular
  file (a FIFO is never waited on) or a symlink, is ignored without a word and rewritten by
  ``save``; a cache directory that is a symlink, or holds one where the cache's own directories
  are, is neither read nor written through.
Writes are atomic (a temporary file renamed over the old one), so concurrent runs never see a
torn file; the last one to finish wins.
"""
from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
import secrets
import stat
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Optional

from ._version import __version__

CACHE_DIR = ".sendsync_cache"
FORMAT = 2
MAGIC = b"sendsync-cache"
#: how the ``.gitignore`` the cache writes into its directory starts (``sendsync clean`` looks)
CACHE_MARK = b"# created by sendsync"
KEY_BYTES = 32

JSON = Any  # a value json.dumps accepts: dict, list, str, int, float, bool, None


def digest(data: bytes) -> str:
    """The content digest the engine keys files by (``engine._digest``)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Cache:
    """The entries kept between runs for one project and one set of settings."""

    def __init__(self, directory: Path, settings: str) -> None:
        self.directory = Path(directory)
        self.key = digest("|".join((str(FORMAT), __version__, sys.implementation.cache_tag or "",
                                    code_digest(), settings)).encode())
        self.file = self.directory / f"v{__version__}" / f"{self.key}.json"
        #: why there is no cache this run (None: there is one)
        self.disabled: Optional[str] = None
        self._entries: Dict[str, Dict[str, JSON]] = {}
        self._dirty = True  # until an authentic file is read, save() writes one
        secret = user_key()
        if secret is None:
            self.disabled = "no cache: no private key could be kept in the user's cache directory"
            return
        self._secret = secret
        if _is_link(self.directory) or _is_link(self.file.parent):
            self.disabled = f"no cache: {self.directory} is or holds a symbolic link"
            return
        self._load()

    # -- the generic store ---------------------------------------------------------------------

    def get(self, namespace: str, key: str) -> Optional[JSON]:
        """The value kept under ``key`` in ``namespace``, or None."""
        return self._entries.get(namespace, {}).get(key)

    def put(self, namespace: str, key: str, value: JSON) -> None:
        """Keep ``value`` (JSON) under ``key``; ``save`` writes it."""
        if self.disabled is None:
            self._entries.setdefault(namespace, {})[key] = value
            self._dirty = True

    def forget(self, namespace: str, key: str) -> None:
        table = self._entries.get(namespace)
        if table is not None and table.pop(key, None) is not None:
            self._dirty = True

    def keep_only(self, namespace: str, keys: set) -> None:
        """Forget every key of ``namespace`` not in ``keys`` (files that are gone), so the cache
        does not grow forever."""
        table = self._entries.get(namespace, {})
        for key in [k for k in table if k not in keys]:
            del table[key]
            self._dirty = True

    def save(self) -> None:
        """Write the entries, if anything changed; a failure only costs the next run time."""
        if self.disabled is not None or not self._dirty:
            return
        try:
            self._write()
        except OSError:
            pass  # a read-only checkout still gets its findings, only slower next time

    # -- the file --------------------------------------------------------------------------------

    def _load(self) -> None:
        data = _read_regular(self.file)
        if data is None:
            return
        head, _, payload = data.partition(b"\n")
        fields = head.split(b" ")
        if len(fields) != 3 or fields[0] != MAGIC or fields[1] != str(FORMAT).encode():
            return
        expected = hmac.new(self._secret, payload, hashlib.sha256).hexdigest().encode()
        if not hmac.compare_digest(fields[2], expected):
            return  # written by someone else, or changed since: not ours to trust
        try:
            document = json.loads(payload)
        except (ValueError, RecursionError):
            return
        if not isinstance(document, dict) or document.get("key") != self.key:
            return
        entries = document.get("entries")
        if not isinstance(entries, dict) or not all(
                isinstance(table, dict) for table in entries.values()):
            return
        self._entries = entries
        self._dirty = False

    def _write(self) -> None:
        directory, version_dir = self.directory, self.file.parent
        os.makedirs(directory.parent, exist_ok=True)
        for where in (directory, version_dir):
            try:
                os.mkdir(where)
            except FileExistsError:
                pass
            if not stat.S_ISDIR(os.lstat(where).st_mode):
                return  # a symlink (or a file) where the cache's directory belongs
        _create_if_missing(directory / ".gitignore", CACHE_MARK + b"\n*\n")
        payload = json.dumps({"format": FORMAT, "key": self.key, "entries": self._entries},
                             separators=(",", ":"), sort_keys=True).encode("utf-8")
        mac = hmac.new(self._secret, payload, hashlib.sha256).hexdigest().encode()
        fd, tmp = tempfile.mkstemp(dir=str(version_dir), prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(b" ".join((MAGIC, str(FORMAT).encode(), mac)) + b"\n" + payload)
            os.replace(tmp, self.file)  # replaces a symlink or a FIFO there, never follows it
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        self._dirty = False


# -- the user's key ------------------------------------------------------------------------------


def key_path() -> Optional[Path]:
    """Where this user's cache key lives (None: nowhere to keep one)."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "sendsync" / "key"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "sendsync" / "key"
    home = os.path.expanduser("~")
    if not home or home == "~" or not os.path.isabs(home):
        return None
    return Path(home) / ".cache" / "sendsync" / "key"


def user_key() -> Optional[bytes]:
    """This user's secret cache key, created (mode 0600, atomically) on first use; None when it
    cannot be created or is not private to this user."""
    path = key_path()
    if path is None:
        return None
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        os.makedirs(path.parent, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=str(path.parent), prefix=".key-")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(KEY_BYTES))
            try:
                os.link(tmp, path)  # appears whole, or not at all; never replaces another run's
            except OSError as exc:
                if exc.errno != errno.EEXIST:
                    raise
        finally:
            os.unlink(tmp)
        return _read_key(path)
    except OSError:
        return None


def _read_key(path: Path) -> Optional[bytes]:
    data = _read_regular(path, missing_raises=True)
    if data is None or len(data) != KEY_BYTES:
        return None
    if os.name == "posix":
        info = os.lstat(path)
        if info.st_uid != os.getuid() or info.st_mode & 0o077:
            return None  # someone else's, or readable by others: not a secret
    return data


# -- the analysis code -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of sendsync's own files (the analysis code, its knowledge tables, any data
    beside them), computed once per run: a cache never outlives a change to them."""
    package = Path(__file__).resolve().parent
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(p for p in package.rglob("*") if "__pycache__" not in p.parts):
        try:
            if not path.is_file():
                continue
            h.update(path.relative_to(package).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
        except OSError:
            h.update(b"unreadable\0")
    return h.hexdigest()


# -- helpers ---------------------------------------------------------------------------------------


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False  # not there yet: created as a real directory on save


def _read_regular(path: Path, missing_raises: bool = False) -> Optional[bytes]:
    """The bytes of ``path`` if it is a regular file (not a symlink, a FIFO, a device); None
    otherwise, and for any error. Never blocks."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            return None
        fd = os.open(path, flags)
    except FileNotFoundError:
        if missing_raises:
            raise
        return None
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def _create_if_missing(path: Path, data: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError:
        return  # there already (whatever it is), or not writable: left alone
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


__all__ = ["CACHE_DIR", "CACHE_MARK", "Cache", "code_digest", "digest", "key_path", "user_key"]

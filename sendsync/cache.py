"""The on-disk cache (``.sendsync_cache/``), like ruff's: what unchanged files cost nothing.

A small generic store: ``get(namespace, key)``, ``put(namespace, key, value)`` of bytes or JSON
values, ``forget``, ``keep_only(namespace, keys)``. What the engine keeps in it, and how it
decides an entry still holds, is the engine's business (each file's facts by content digest, and
the findings of the whole project by the digest of all its inputs).

What makes an entry trusted:
- one directory per cache key, which covers the tool's version, this Python, the run's settings,
  and a digest of sendsync's own files (the analysis code and its knowledge tables): code or
  knowledge changed without a version bump never reuses a result;
- each entry's file is authenticated with HMAC-SHA256, over the cache key, the entry's namespace
  and key, and its payload, under a random key that only this user can read
  (``$XDG_CACHE_HOME/sendsync/key``, else ``~/.cache/sendsync/key``; on Windows
  ``%LOCALAPPDATA%\\sendsync\\key``), created on first use. A cache committed to a repository, or
  copied from another machine or user, fails the check and is ignored, so emptied findings
  cannot silence anyone else's run; nor can an entry be moved under another key. Without a key
  (no writable cache home) there is no cache;
- anything else, a file that is unauthenticated, of the wrong shape, unreadable, not a regular
  file (a FIFO is never waited on) or a symlink, is ignored without a word and replaced when the
  entry is put again; a cache directory that is a symlink, or holds one where the cache's own
  directories are, is neither read nor written through.
Writes are atomic (a temporary file renamed over the old one), so concurrent runs never see a
torn file; the last one to finish wins.
"""
from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Optional, Set, Tuple

from ._version import __version__

CACHE_DIR = ".sendsync_cache"
FORMAT = 3
MAGIC = b"sendsync-cache"
#: how the ``.gitignore`` the cache writes into its directory starts (``sendsync clean`` looks)
CACHE_MARK = b"# created by sendsync"
KEY_BYTES = 32
#: an entry's payload: raw bytes, or a JSON document
BYTES, DOCUMENT = b"b", b"j"
#: the file name of an entry (the digest of its key)
_ENTRY_NAME = re.compile(r"[0-9a-f]{32}")

JSON = Any  # a value json.dumps accepts: dict, list, str, int, float, bool, None


def digest(data: bytes) -> str:
    """The content digest the engine keys files by (``engine._digest``)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Cache:
    """The entries kept between runs for one project and one set of settings.

    One directory per cache key (``v<version>/<key>/``), one file per entry in it
    (``<namespace>/<digest of the entry's key>``), each signed on its own: a run reads the entries
    it asks for and writes each one as it is put, so it never holds the whole cache in memory,
    and a run that only prints kept findings reads one file."""

    def __init__(self, directory: Path, settings: str) -> None:
        self.directory = Path(directory)
        self.key = digest("|".join((str(FORMAT), __version__, sys.implementation.cache_tag or "",
                                    code_digest(), settings)).encode())
        self.root = self.directory / f"v{__version__}" / self.key
        #: why there is no cache this run (None: there is one)
        self.disabled: Optional[str] = None
        #: namespace -> its directory, once known to be a real one (None: never read or written)
        self._tables: Dict[str, Optional[Path]] = {}
        self._made: Set[str] = set()  # namespaces whose directories this run made (or found)
        secret = user_key()
        if secret is None:
            self.disabled = "no cache: no private key could be kept in the user's cache directory"
            return
        self._secret = secret
        if any(_is_link(p) for p in (self.directory, self.root.parent, self.root)):
            self.disabled = f"no cache: {self.directory} is or holds a symbolic link"
            return

    # -- the generic store ---------------------------------------------------------------------

    def get(self, namespace: str, key: str) -> Optional[JSON]:
        """The value kept under ``key`` in ``namespace`` (bytes, or what JSON gave), or None."""
        table = self._table(namespace, create=False)
        if table is None:
            return None
        data = _read_regular(table / _name(key))
        if data is None:
            return None
        head, _, payload = data.partition(b"\n")
        fields = head.split(b" ")
        if len(fields) != 5 or fields[0] != MAGIC or fields[1] != str(FORMAT).encode() \
                or fields[4] != _spelled(key):
            return None
        if not hmac.compare_digest(fields[2], entry_mac(self._secret, self.key, namespace, key, fields[3], payload)):
            return None  # written by someone else, or changed since
        if fields[3] == BYTES:
            return payload
        if fields[3] != DOCUMENT:
            return None
        try:
            return json.loads(payload)
        except (ValueError, RecursionError):
            return None

    def put(self, namespace: str, key: str, value: JSON) -> None:
        """Keep ``value`` (bytes, or JSON) under ``key``, written at once; a failure only costs
        the next run time."""
        if self.disabled is not None:
            return
        if isinstance(value, (bytes, bytearray, memoryview)):
            kind, payload = BYTES, bytes(value)
        else:
            kind, payload = DOCUMENT, json.dumps(value, separators=(",", ":"), sort_keys=True).encode("utf-8")
        mac = entry_mac(self._secret, self.key, namespace, key, kind, payload)
        head = b" ".join((MAGIC, str(FORMAT).encode(), mac, kind, _spelled(key)))
        for _ in range(2):
            try:
                table = self._table(namespace, create=True)
                if table is not None:
                    _write_atomic(table, _name(key), (head + b"\n", payload))
                return
            except OSError:
                # a read-only checkout still gets its findings, only slower next time; a directory
                # removed under a long run (`sendsync clean` beside the editor's server) is made
                # again, once
                self._tables.pop(namespace, None)
                self._made.discard(namespace)

    def forget(self, namespace: str, key: str) -> None:
        table = self._table(namespace, create=False)
        if table is not None:
            _unlink(table / _name(key))

    def keep_only(self, namespace: str, keys: set) -> None:
        """Forget every key of ``namespace`` not in ``keys`` (files that are gone), so the cache
        does not grow forever."""
        table = self._table(namespace, create=False)
        if table is None or not all(_is_dir(p) for p in (self.directory, self.root.parent, self.root, table)):
            return  # checked again right before deleting: never through a link made since
        wanted = {_name(k) for k in keys}
        try:
            names = os.listdir(table)
        except OSError:
            return
        for name in names:
            # only what put() writes: a name of 32 hex digits, a regular file
            if name not in wanted and _ENTRY_NAME.fullmatch(name) and _is_regular(table / name):
                _unlink(table / name)

    def save(self) -> None:
        """Entries are written as they are put: nothing is left to write. Kept for callers that
        end a run with it."""

    # -- the files -------------------------------------------------------------------------------

    def _table(self, namespace: str, create: bool) -> Optional[Path]:
        """The directory of ``namespace``'s entries if it is a real directory (made, with the
        ones above it, when ``create``); None when it is not there, or is (or lies under) a
        symbolic link."""
        if self.disabled is not None:
            return None
        table = self._tables.get(namespace)
        if table is not None and (not create or namespace in self._made):
            return table
        if namespace in self._tables and table is None:
            return None  # found to be no real directory: not used this run
        table = self.root / (namespace if namespace.isidentifier() else _name(namespace))
        if create:
            self._made.add(namespace)
            if not self._make_dirs(table):
                self._tables[namespace] = None
                return None
        elif not _is_dir(table):
            return None  # not there yet (asked again once something is put)
        self._tables[namespace] = table
        return table

    def _make_dirs(self, table: Path) -> bool:
        directory, version_dir = self.directory, self.root.parent
        os.makedirs(directory.parent, exist_ok=True)
        for where in (directory, version_dir, self.root, table):
            try:
                os.mkdir(where)
            except FileExistsError:
                pass
            if not _is_dir(where):
                return False  # a symlink (or a file) where the cache's directory belongs
            if where == directory:
                _create_if_missing(directory / ".gitignore", CACHE_MARK + b"\n*\n")
            elif where == version_dir:
                _drop_old_format(version_dir)
        return True


def entry_mac(secret: bytes, cache_key: str, namespace: str, key: str, kind: bytes, payload: bytes) -> bytes:
    """The signature of one entry's file: of its cache key, its namespace and key, and its
    payload, so that no entry can be moved to another key, configuration or user."""
    mac = hmac.new(secret, digestmod=hashlib.sha256)
    for part in (cache_key.encode(), namespace.encode("utf-8", "surrogatepass"),
                 key.encode("utf-8", "surrogatepass"), kind):
        mac.update(len(part).to_bytes(4, "big") + part)
    mac.update(payload)
    return mac.hexdigest().encode()


def _spelled(key: str) -> bytes:
    """An entry's key as its file's header names it (hex: any key fits on the line)."""
    return key.encode("utf-8", "surrogatepass").hex().encode()


def _name(key: str) -> str:
    """The file name of an entry (or a namespace's directory): a digest, whatever the key."""
    return digest(key.encode("utf-8", "surrogatepass"))


def _write_atomic(directory: Path, name: str, parts: Tuple[bytes, ...]) -> None:
    """Write ``parts`` to ``directory/name`` through a temporary file renamed over it, so that
    concurrent runs never see a torn file; the last one to finish wins."""
    fd, tmp = tempfile.mkstemp(dir=str(directory), prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            for part in parts:
                handle.write(part)
        os.replace(tmp, directory / name)  # replaces a symlink or a FIFO there, never follows it
    except BaseException:
        _unlink(Path(tmp))
        raise


def _drop_old_format(version_dir: Path) -> None:
    """Remove the single-file caches (``<key>.json``) earlier formats wrote: nothing reads them."""
    try:
        names = os.listdir(version_dir)
    except OSError:
        return
    for name in names:
        path = version_dir / name
        if name.endswith(".json") and _is_regular(path):
            _unlink(path)


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


def _is_dir(path: Path) -> bool:
    """A real directory (not a symlink to one)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


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


__all__ = ["CACHE_DIR", "CACHE_MARK", "Cache", "code_digest", "digest", "entry_mac", "key_path", "user_key"]

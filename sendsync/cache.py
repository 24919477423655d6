"""The on-disk cache (``.sendsync_cache/``), like ruff's: what unchanged files cost nothing.

A small generic store: ``get(namespace, key)``, ``put(namespace, key, value)`` of bytes or JSON
values, ``keep_only(namespace, keys)``. What the engine keeps in it, and how it
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
from typing import Any, Dict, Iterable, List, Optional, Tuple

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
    and a run that only prints kept findings reads one file.

    Every operation reaches its directory afresh, one level at a time from the cache directory's
    parent, without following a link at any level, and then names files relative to the
    directory it opened (POSIX ``*at`` calls): a directory swapped for a link while the cache
    is in use, even between a check and a use, is neither read, written nor deleted through.
    Where the platform has no such calls (Windows), each level is checked before it is used
    (links and junctions refused) and the cache deletes nothing."""

    def __init__(self, directory: Path, settings: str) -> None:
        self.directory = Path(directory)
        self.key = digest("|".join((str(FORMAT), __version__, sys.implementation.cache_tag or "",
                                    code_digest(), settings)).encode())
        self.root = self.directory / f"v{__version__}" / self.key
        #: why there is no cache this run (None: there is one)
        self.disabled: Optional[str] = None
        self._prepared = False  # the directories above the cache made (once: a removed project is not)
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
        return self.get_many(namespace, [key]).get(key)

    def get_many(self, namespace: str, keys: Iterable[str]) -> Dict[str, JSON]:
        """``get`` for each of ``keys``: the values found, by key. The directory is reached once
        where files can be named relative to it (POSIX), else once per key."""
        found: Dict[str, JSON] = {}
        for batch in self._batches(list(keys)):
            with self._table(namespace, create=False) as table:
                if table is None:
                    continue
                for key in batch:
                    value = self._entry(namespace, key, table.read(_name(key)))
                    if value is not None:
                        found[key] = value
        return found

    def _entry(self, namespace: str, key: str, data: Optional[bytes]) -> Optional[JSON]:
        """The value an entry's file holds, if it is ours and whole."""
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
        self.put_many(namespace, [(key, value)])

    def put_many(self, namespace: str, items: Iterable[Tuple[str, JSON]]) -> None:
        """``put`` for each (key, value) of ``items``, taken one at a time (a generator is never
        held whole). The directory is reached once where files can be named relative to it
        (POSIX), else once per entry."""
        if self.disabled is not None:
            return
        table: Optional[_Dir] = None
        try:
            for key, value in items:
                parts = self._encoded(namespace, key, value)
                for _ in range(2):
                    # a read-only checkout still gets its findings, only slower next time; a
                    # directory removed under a long run (`sendsync clean` beside the editor's
                    # server) is made again, once
                    if table is None or not _AT:
                        if table is not None:
                            table.__exit__()
                        table = self._table(namespace, create=True)
                    if table.opened is None or table.write(_name(key), parts):
                        break
                    table.__exit__()
                    table = None
        finally:
            if table is not None:
                table.__exit__()

    def _encoded(self, namespace: str, key: str, value: JSON) -> Tuple[bytes, bytes]:
        """An entry's file, as ``_entry`` reads it: its signed head line, and its payload."""
        if isinstance(value, (bytes, bytearray, memoryview)):
            kind, payload = BYTES, bytes(value)
        else:
            kind, payload = DOCUMENT, json.dumps(value, separators=(",", ":"), sort_keys=True).encode("utf-8")
        mac = entry_mac(self._secret, self.key, namespace, key, kind, payload)
        return b" ".join((MAGIC, str(FORMAT).encode(), mac, kind, _spelled(key))) + b"\n", payload

    @staticmethod
    def _batches(keys: List[str]) -> List[List[str]]:
        """``keys`` as one batch where a directory once reached can be trusted for all of them
        (POSIX: named relative to its descriptor), else one batch per key."""
        return [keys] if _AT else [[k] for k in keys]

    def keep_only(self, namespace: str, keys: set) -> None:
        """Forget every key of ``namespace`` not in ``keys`` (files that are gone), so the cache
        does not grow forever. Only files named as ``put`` names them are deleted."""
        wanted = {_name(k) for k in keys}
        with self._table(namespace, create=False) as table:
            if table is not None:
                table.delete(lambda name: name not in wanted and _ENTRY_NAME.fullmatch(name) is not None)

    # -- the directories -----------------------------------------------------------------------

    def _table(self, namespace: str, create: bool) -> "_Dir":
        """The directory of ``namespace``'s entries (made, with the ones above it, when
        ``create``), as a context manager giving a ``_Dir`` or None (not there, or not a real
        directory at some level)."""
        if self.disabled is not None:
            return _Dir(None)
        levels = [self.directory.name, self.root.parent.name, self.key,
                  namespace if namespace.isidentifier() else _name(namespace)]
        if create and not self._prepared:
            try:
                os.makedirs(self.directory.parent, exist_ok=True)  # once: never a removed project again
            except OSError:
                return _Dir(None)
        found = _Dir.reach(self.directory.parent, levels, create, self._prepare if create else None,
                           first=not self._prepared)
        self._prepared = self._prepared or (create and found.opened is not None)
        return found

    @staticmethod
    def _prepare(level: int, directory: "_Dir") -> None:
        """What a Cache's first write does on the way down, and any write that had to make the
        directory again (``sendsync clean`` beside a long session): a ``.gitignore`` in the cache
        directory if it has none (``sendsync clean`` looks for it), and away with single-file
        caches (``<key>.json``) of earlier formats."""
        if level == 0:
            directory.create_if_missing(".gitignore", CACHE_MARK + b"\n*\n")
        elif level == 1:
            directory.delete(lambda name: name.endswith(".json"))


#: operations relative to a directory's descriptor, which make the cache safe against a
#: directory swapped for a link while it is in use (POSIX); without them (Windows) paths are
#: checked before use and nothing is deleted
_AT = (os.open in os.supports_dir_fd and os.mkdir in os.supports_dir_fd and os.unlink in os.supports_dir_fd
       and os.rename in os.supports_dir_fd and os.stat in os.supports_dir_fd and os.listdir in os.supports_fd
       and hasattr(os, "O_DIRECTORY") and hasattr(os, "O_NOFOLLOW"))


#: how a directory only passed through on the way down is opened: O_PATH (Linux) needs no
#: read permission on it, as a path lookup needs none
_PASS_THROUGH = getattr(os, "O_PATH", os.O_RDONLY) | getattr(os, "O_DIRECTORY", 0)


def _mkdir(name: "str | Path", at: Optional[int]) -> bool:
    """Make a directory; True when this call made it."""
    try:
        os.mkdir(name, 0o777, dir_fd=at)
        return True
    except OSError:
        return False  # there already (or not makeable: opening it says)


def _create(name: str, at: Optional[int]) -> Optional[int]:
    """A new file's descriptor, open for writing (never an existing file, nor through a link);
    None when it cannot be made."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        return os.open(name, flags, 0o644, dir_fd=at)
    except OSError:
        return None


def _file(fd: int) -> Any:
    """``fd`` as a binary file object, closed if that fails."""
    try:
        return os.fdopen(fd, "wb")
    except BaseException:
        os.close(fd)
        raise


class _Dir:
    """One directory of the cache, reached without following links: its descriptor (POSIX) or
    its checked path. A context manager that closes what it opened; ``opened`` is None when the
    directory could not be reached (then the ``with`` gives None)."""

    def __init__(self, opened: "Optional[int | Path]") -> None:
        self.opened = opened

    def __enter__(self) -> "Optional[_Dir]":
        return self if self.opened is not None else None

    def __exit__(self, *exc: object) -> None:
        if isinstance(self.opened, int):
            os.close(self.opened)
        self.opened = None

    @classmethod
    def reach(cls, parent: Path, levels: list, create: bool, prepare: Any = None, first: bool = False) -> "_Dir":
        """Open ``parent/levels[0]/levels[1]/...``, making each level when ``create``; every
        level must be a real directory, not a link (nor, on Windows, a junction). ``prepare``
        (level, directory) runs at each level on the ``first`` call, and where a level was
        just made."""
        if not _AT:
            path = parent
            for level, name in enumerate(levels):
                path = path / name
                made = create and _mkdir(path, None)
                if not _is_dir(path):
                    return cls(None)
                if prepare is not None and (first or made):
                    prepare(level, cls(path))
            return cls(path)
        try:
            fd = os.open(parent, _PASS_THROUGH)
        except OSError:
            return cls(None)
        try:
            for level, name in enumerate(levels):
                made = create and _mkdir(name, fd)
                prepared = prepare is not None and (first or made)
                # a level only passed through needs no read permission (O_PATH, where there is one)
                mode = os.O_RDONLY if prepared or level == len(levels) - 1 else _PASS_THROUGH
                inner = os.open(name, mode | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
                os.close(fd)
                fd = inner
                if prepared:
                    prepare(level, cls(fd))
        except OSError:  # not there, a link, or not a directory
            os.close(fd)
            return cls(None)
        return cls(fd)

    def _at(self, name: str) -> "Tuple[str, Optional[int]]":
        """How os calls name ``name`` here: (name, descriptor) or (path, None)."""
        if isinstance(self.opened, int):
            return name, self.opened
        return os.path.join(self.opened, name), None  # type: ignore[arg-type]

    def read(self, name: str) -> Optional[bytes]:
        """The bytes of the regular file ``name`` here (not a link, a FIFO, a device), or None."""
        if isinstance(self.opened, int):
            flags = os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0)
            try:
                fd = os.open(name, flags, dir_fd=self.opened)
            except OSError:
                return None
            return _read_fd(fd)
        assert self.opened is not None
        return _read_regular(self.opened / name)

    def write(self, name: str, parts: Tuple[bytes, ...]) -> bool:
        """Write ``parts`` to ``name`` through a temporary file renamed over it, so that
        concurrent runs never see a torn file (the last one to finish wins); False on failure."""
        tmp, at = self._at(f".tmp-{secrets.token_hex(8)}")
        target, _ = self._at(name)
        fd = _create(tmp, at)
        if fd is None:
            return False  # not writable (never retried in a loop: a denied directory is no clash)
        try:
            with _file(fd) as handle:
                for part in parts:
                    handle.write(part)
            # replaces a link or a FIFO there, never follows it (on POSIX, rename replaces)
            if at is None:
                os.replace(tmp, target)
            else:
                os.rename(tmp, target, src_dir_fd=at, dst_dir_fd=at)
            return True
        except OSError:
            try:
                os.unlink(tmp, dir_fd=at)
            except OSError:
                pass
            return False

    def delete(self, unwanted: Any) -> None:
        """Delete the regular files here whose names ``unwanted`` accepts (POSIX only)."""
        if not isinstance(self.opened, int):
            return  # without *at calls a check cannot be tied to the deletion: delete nothing
        try:
            names = os.listdir(self.opened)
        except OSError:
            return
        for name in names:
            if not unwanted(name):
                continue
            try:
                if stat.S_ISREG(os.stat(name, dir_fd=self.opened, follow_symlinks=False).st_mode):
                    os.unlink(name, dir_fd=self.opened)
            except OSError:
                pass

    def create_if_missing(self, name: str, data: bytes) -> None:
        fd = _create(*self._at(name))
        if fd is None:
            return  # there already (whatever it is), or not writable: left alone
        try:
            with _file(fd) as handle:
                handle.write(data)
        except OSError:
            pass


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
    """A real directory: not a symlink to one, nor (on Windows) a junction."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and not _reparse_point(info)


def _is_link(path: Path) -> bool:
    try:
        info = os.lstat(path)
    except OSError:
        return False  # not there yet: created as a real directory on the first write
    return stat.S_ISLNK(info.st_mode) or _reparse_point(info)


def _reparse_point(info: os.stat_result) -> bool:
    """A Windows junction or another reparse point that names another place (a name
    surrogate), which ``lstat`` calls a directory; not a cloud placeholder (OneDrive)."""
    if not getattr(info, "st_file_attributes", 0) & getattr(stat, "FILE_ATTRIBUTE_REPARSE_POINT", 0):
        return False
    return bool(getattr(info, "st_reparse_tag", 0) & _NAME_SURROGATE)


_NAME_SURROGATE = 0x20000000  # IsReparseTagNameSurrogate: junctions, symbolic links


def _read_regular(path: Path, missing_raises: bool = False) -> Optional[bytes]:
    """The bytes of ``path`` if it is a regular file (not a symlink, a FIFO, a device); None
    otherwise, and for any error. Never blocks."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        if _is_link(path):
            return None
        fd = os.open(path, flags)
    except FileNotFoundError:
        if missing_raises:
            raise
        return None
    except OSError:
        return None
    return _read_fd(fd)


def _read_fd(fd: int) -> Optional[bytes]:
    """What the open file ``fd`` holds if it is a regular file, else None; closes it."""
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


__all__ = ["CACHE_DIR", "CACHE_MARK", "Cache", "code_digest", "digest", "entry_mac", "key_path", "user_key"]

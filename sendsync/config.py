"""Run options: ``[tool.sendsync]`` of the nearest ``pyproject.toml``, then the command line.

``load(paths)`` finds and reads the configuration file and returns one frozen ``Config``;
``Config.override(...)`` lays the command line's options over it. Every problem (a bad key, a
wrong type, an unknown code, a file that is not TOML) is a ``UsageError`` naming the file and the
key: the CLI prints it and exits with status 2, never with a traceback.

Paths in the file (``exclude``, ``per-file-ignores``, ``baseline``) are relative to the directory
that holds it, the *project root*; without a file the root is the current directory.
"""
from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Iterable, Mapping, Optional, Sequence, Tuple

from .discovery import DEFAULT_EXCLUDE, GlobError, check_glob, display_path, matches
from .errors import UsageError

if TYPE_CHECKING:
    from .knowledge import Knowledge
    from .knowledge.boundaries import Arg, Boundary
    from .knowledge.types import TypeFact


STRICTNESS = ("minimal", "targeted", "complete")
#: how the spawner waits for work handed to a configured boundary (``Boundary.handle``)
WAITS = ("thread", "future", "await", "sync", "async_result", "pool", "detached")
ROLES = ("function", "target", "initializer")
TRAITS = ("Send", "Sync", "NotSend", "NotSync")

def default_off() -> frozenset:
    """Codes that run only when a ``select``/``extend-select`` entry names them or their family
    (``SSC9``, ``SSC90``, ``SSC901``): a bare ``SSC`` does not switch them on. The rules say so
    themselves (``Rule.default_enabled``)."""
    from .rules import REGISTRY

    return frozenset(code for code, rule in REGISTRY.items() if not rule.default_enabled)


_TOP_KEYS = (
    "select", "extend-select", "ignore", "per-file-ignores", "exclude", "extend-exclude",
    "force-exclude", "respect-gitignore", "strictness", "types", "boundaries", "baseline",
    "output-format", "cache-dir", "jobs", "environment", "thread-safe",
)
#: the names ``--format`` and ``output-format`` take (``report.FORMATS`` holds the renderers)
OUTPUT_FORMATS = ("text", "full", "json", "sarif", "github")
_BOUNDARY_KEYS = (
    "call", "method", "label", "function", "args", "kwargs", "star-args-from", "star-kwargs",
    "iterables-from", "starmap", "many", "wait", "role",
)


@dataclass(frozen=True)
class Config:
    """Everything a check needs to know besides the paths; the defaults are sendsync's own."""

    #: the configuration file read (None: defaults only)
    path: Optional[Path] = None
    #: the project root: ``exclude`` and ``per-file-ignores`` patterns are relative to it
    root: Path = field(default_factory=lambda: Path(os.getcwd()))
    select: Tuple[str, ...] = ()
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    #: None: the default list (``.git``, ``.venv``, ``build``, ``__pycache__``, ...)
    exclude: Optional[Tuple[str, ...]] = None
    extend_exclude: Tuple[str, ...] = ()
    #: apply ``exclude`` to paths named explicitly too (what pre-commit needs)
    force_exclude: bool = False
    #: leave out what the project's ``.gitignore`` files ignore, as git (and ruff) do
    respect_gitignore: bool = True
    strictness: str = "targeted"
    types: Tuple["TypeFact", ...] = ()
    boundaries: Tuple["Boundary", ...] = ()
    #: functions and methods the project declares safe to call from any thread
    thread_safe: Tuple[str, ...] = ()
    baseline: Optional[Path] = None
    #: defaults for the command line's ``--format``, ``--cache-dir`` and ``--jobs``
    output_format: Optional[str] = None
    cache_dir: Optional[Path] = None
    jobs: Optional[int] = None
    #: the virtual environment (or site-packages directory) whose installed libraries are read
    environment: Optional[Path] = None
    #: what the user should hear about the file read (it has no ``[tool.sendsync]`` table)
    warnings: Tuple[str, ...] = field(default=(), compare=False)

    @property
    def excludes(self) -> Tuple[str, ...]:
        """The effective exclude patterns: ``exclude`` (or the defaults) plus ``extend-exclude``."""
        base = DEFAULT_EXCLUDE if self.exclude is None else self.exclude
        return tuple(base) + self.extend_exclude

    def knowledge(self) -> "Knowledge":
        """The built-in tables extended by this project's ``types``, ``boundaries`` and
        ``thread-safe`` callables."""
        from .knowledge import DEFAULT

        from .knowledge.types import TypeFact

        if not self.types and not self.boundaries and not self.thread_safe:
            return DEFAULT
        # a method boundary fires on values known to be of its class: make the class known
        declared = {name for fact in self.types for name in fact.names}
        receivers = tuple(
            TypeFact((owner,), owner, not_send=False, not_sync=False,
                     source="the receiver of a boundary method in the configuration", url="")
            for b in self.boundaries for owner in b.receiver
            if owner not in declared and DEFAULT.type_fact(owner) is None
        )
        return DEFAULT.extended(types=receivers + self.types, boundaries=self.boundaries,
                                thread_safe=self.thread_safe)

    def override(
        self,
        *,
        select: Sequence[str] = (),
        extend_select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        exclude: Optional[Sequence[str]] = None,
        extend_exclude: Sequence[str] = (),
        force_exclude: bool = False,
        strictness: Optional[str] = None,
        baseline: Optional[str] = None,
        per_file_ignores: Sequence[str] = (),
        respect_gitignore: Optional[bool] = None,
    ) -> "Config":
        """The command line over the file: ``--select`` replaces ``select``; ``--extend-select``,
        ``--ignore``, ``--extend-exclude`` and ``--per-file-ignores`` (``PATTERN:CODES``) add to
        the file's lists; ``--exclude`` replaces."""
        changes: Dict[str, Any] = {
            "extend_select": self.extend_select + validate_codes(extend_select),
            "ignore": self.ignore + validate_codes(ignore),
            "extend_exclude": self.extend_exclude + _globs(extend_exclude, "--extend-exclude"),
            "force_exclude": self.force_exclude or force_exclude,
            "per_file_ignores": self.per_file_ignores + _per_file(per_file_ignores),
        }
        if respect_gitignore is not None:
            changes["respect_gitignore"] = respect_gitignore
        if select:
            changes["select"] = validate_codes(select)
        if exclude is not None:
            changes["exclude"] = _globs(exclude, "--exclude")
        if strictness is not None:
            if strictness not in STRICTNESS:
                raise UsageError(f"--strictness must be one of {', '.join(STRICTNESS)}")
            changes["strictness"] = strictness
        if baseline is not None:
            changes["baseline"] = Path(baseline)
        return replace(self, **changes)

    def without_baseline(self) -> "Config":
        return replace(self, baseline=None)

    # -- which findings count ------------------------------------------------------------------

    def ignores_for(self, parts: Sequence[str]) -> Tuple[str, ...]:
        """The ``per-file-ignores`` codes whose pattern matches the file.

        ``parts`` are the file's path components relative to the project root (see
        ``relative_parts``)."""
        return tuple(c for pattern, codes in self.per_file_ignores if matches(parts, pattern)
                     for c in codes)

    def selects(self, code: str, file_ignores: Sequence[str] = ()) -> bool:
        """Whether ``code`` is reported; ``file_ignores`` (a file's ``per-file-ignores``) always
        win, whatever ``select`` says, as in ruff."""
        if any(code.startswith(p) for p in file_ignores):
            return False
        return is_selected(code, self.select, self.ignore, self.extend_select)

    def relative_parts(self, path: str) -> Tuple[str, ...]:
        """Path components of ``path`` relative to the project root (as given, when outside)."""
        absolute = os.path.abspath(path)
        root = str(self.root)
        if absolute == root:
            return ()
        if absolute.startswith(root.rstrip(os.sep) + os.sep):
            return tuple(Path(os.path.relpath(absolute, root)).parts)
        return tuple(p for p in Path(os.path.normpath(path)).parts if p not in (os.sep, ".."))


def is_selected(
    code: str, select: Sequence[str], ignore: Sequence[str], extend_select: Sequence[str] = ()
) -> bool:
    """ruff/flake8 semantics: the longest matching prefix wins, an ignore wins a tie.

    An empty ``select`` selects every code except the off-by-default ones (``default_off()``),
    which need a ``select``/``extend-select`` entry of at least their family (``SSC9``)."""
    lengths = [len(p) for p in (*select, *extend_select) if code.startswith(p)]
    if not select:
        lengths.append(0)
    if code in default_off():
        lengths = [n for n in lengths if n >= 4]
    dropped = [len(p) for p in ignore if code.startswith(p)]
    return bool(lengths) and (not dropped or max(lengths) > max(dropped))


def _globs(patterns: Iterable[str], option: str) -> Tuple[str, ...]:
    """Command-line globs, each checked (``UsageError`` naming the option for a bad one)."""
    for pattern in patterns:
        try:
            check_glob(pattern)
        except GlobError as exc:
            raise UsageError(f"{option}: the pattern {pattern!r} {exc}") from None
    return tuple(patterns)


def _per_file(entries: Iterable[str]) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
    """``--per-file-ignores PATTERN:CODES`` entries, each checked (``UsageError`` naming it)."""
    out = []
    for entry in entries:
        pattern, colon, codes = entry.rpartition(":")
        if not colon or not pattern.strip() or not codes.strip():
            raise UsageError(f"--per-file-ignores: {entry!r} is not PATTERN:CODES "
                             "(like tests/*.py:SSC2,SSC101)")
        try:
            check_glob(pattern, negation=False)
        except GlobError as exc:
            raise UsageError(f"--per-file-ignores: the pattern {pattern!r} {exc}") from None
        listed = [c for c in codes.split(",") if c.strip()]
        try:
            out.append((pattern.strip(), validate_codes(listed)))
        except UsageError as exc:
            raise UsageError(f"--per-file-ignores: {entry!r} has an {exc}") from None
    return tuple(out)


def validate_codes(codes: Iterable[str]) -> Tuple[str, ...]:
    """Upper-cased code prefixes; ``UsageError`` for one that matches no rule or rule family."""
    from .rules import FAMILIES, REGISTRY

    known = [*REGISTRY, *FAMILIES]
    result = []
    for raw in codes:
        code = raw.strip().upper()
        if not code:
            continue
        if not any(k.startswith(code) for k in known):
            raise UsageError(f"unknown rule code or prefix: {raw.strip()}")
        result.append(code)
    return tuple(result)


# -- finding and reading the file -------------------------------------------------------------


def load(paths: Sequence[str] = (".",), config_file: Optional[str] = None,
         isolated: bool = False) -> Config:
    """The configuration for a check of ``paths``.

    ``config_file`` names the file (a ``pyproject.toml`` is read from its ``[tool.sendsync]``
    table, any other TOML file from its top level); otherwise the nearest ``pyproject.toml`` with
    a ``[tool.sendsync]`` table, searched from the paths' common directory upwards. ``isolated``:
    read no file at all."""
    if isolated:
        if config_file is not None:
            raise UsageError("--config and --isolated contradict each other: --isolated reads "
                             "no configuration file")
        return Config()
    if config_file is not None:
        path = Path(config_file)
        if path.is_dir():
            if not (path / "pyproject.toml").is_file():
                raise UsageError(f"--config: {config_file} is a directory without a "
                                 "pyproject.toml; name the configuration file")
            path = path / "pyproject.toml"
        elif not path.is_file():
            raise UsageError(f"configuration file not found: {config_file}")
        return _from_file(path, required=False)
    found = find(paths)
    return _from_file(found, required=True) if found is not None else Config()


def find(paths: Sequence[str] = (".",)) -> Optional[Path]:
    """The nearest ``pyproject.toml`` holding a ``[tool.sendsync]`` table, from the paths up."""
    start = _common_directory(paths)
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _has_table(candidate):
            return candidate
    return None


def _common_directory(paths: Sequence[str]) -> Path:
    directories = []
    for given in paths or ["."]:
        absolute = os.path.abspath(given)
        directories.append(absolute if os.path.isdir(absolute) else os.path.dirname(absolute))
    try:
        return Path(os.path.commonpath(directories))
    except ValueError:  # different drives
        return Path(os.getcwd())


def _has_table(path: Path) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if b"sendsync" not in data:
        return False  # cheap: most pyproject.toml files on the way up are not ours
    tool = _parse(path, data).get("tool")
    return isinstance(tool, dict) and "sendsync" in tool


def _parse(path: Path, data: Optional[bytes] = None) -> Dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.9 and 3.10
        import tomli as tomllib
    try:
        text = (path.read_bytes() if data is None else data).decode("utf-8")
        return tomllib.loads(text)
    except OSError as exc:
        raise UsageError(f"{_show(path)}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{_show(path)}: not UTF-8: {exc.reason}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{_show(path)}: invalid TOML: {exc}") from None
    except RecursionError:  # arrays or inline tables nested thousands deep
        raise UsageError(f"{_show(path)}: invalid TOML: nested too deeply to read") from None


def _from_file(path: Path, required: bool) -> Config:
    document = _parse(path)
    warnings: Tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        tool = document.get("tool", {})
        table = tool.get("sendsync", {}) if isinstance(tool, dict) else {}
        prefix = "tool.sendsync"
        if not (isinstance(tool, dict) and "sendsync" in tool):
            warnings = (f"{_show(path)} has no [tool.sendsync] table: the defaults apply",)
    else:
        table, prefix = document, ""
    reader = _Reader(path, prefix)
    if not isinstance(table, dict):
        raise reader.error(prefix, "must be a table")
    cfg = reader.config(table)
    if cfg.environment is not None and not cfg.environment.is_dir():
        key = f"{prefix}.environment" if prefix else "environment"
        warnings += (f"{_show(path)}: {key} {_show(cfg.environment)} is not a directory: no "
                     "installed library is read",)
    return replace(cfg, warnings=warnings)


def _show(path: Path) -> str:
    return display_path(str(path), os.getcwd())


class _Reader:
    """Turns one TOML table into a Config, naming the file and the key in every error."""

    def __init__(self, path: Path, prefix: str) -> None:
        self.path = path
        self.prefix = prefix

    def key(self, *parts: str) -> str:
        names = [self.prefix] if self.prefix else []
        for part in parts:
            if part.startswith("["):
                names[-1] += part
            elif part.replace("-", "").replace("_", "").isalnum():
                names.append(part)
            else:
                names.append(f'"{part}"')
        return ".".join(names)

    def error(self, key: str, problem: str) -> UsageError:
        where = f"{key} " if key else ""
        return UsageError(f"{_show(self.path)}: {where}{problem}")

    def unknown(self, table: Mapping[str, Any], allowed: Sequence[str], *where: str) -> None:
        for name in table:
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1)
                hint = f" (did you mean {close[0]}?)" if close else ""
                allowed_list = ", ".join(allowed)
                raise UsageError(
                    f"{_show(self.path)}: unknown key {self.key(*where, name)}{hint}; "
                    f"known keys: {allowed_list}"
                )

    def config(self, table: Mapping[str, Any]) -> Config:
        self.unknown(table, _TOP_KEYS)
        root = Path(os.path.abspath(self.path)).parent
        values: Dict[str, Any] = {"path": self.path, "root": root}
        for name in ("select", "extend-select", "ignore"):
            if name in table:
                codes = self.strings(table[name], name)
                values[name.replace("-", "_")] = self.codes(codes, name)
        for name in ("exclude", "extend-exclude"):
            if name in table:
                values[name.replace("-", "_")] = self.globs(table[name], name)
        for name in ("force-exclude", "respect-gitignore"):
            if name in table:
                values[name.replace("-", "_")] = self.boolean(table[name], name)
        if "per-file-ignores" in table:
            values["per_file_ignores"] = self.per_file_ignores(table["per-file-ignores"])
        if "strictness" in table:
            values["strictness"] = self.choice(table["strictness"], STRICTNESS, "strictness")
        if "types" in table:
            values["types"] = self.types(table["types"])
        if "boundaries" in table:
            values["boundaries"] = self.boundaries(table["boundaries"])
        if "thread-safe" in table:
            values["thread_safe"] = tuple(self.qualified_name(name, "thread-safe")
                                          for name in self.strings(table["thread-safe"], "thread-safe"))
        for name in ("baseline", "cache-dir", "environment"):  # paths relative to the project root
            if name in table:
                values[name.replace("-", "_")] = root / Path(self.string(table[name], name)).expanduser()
        if "output-format" in table:
            values["output_format"] = self.choice(table["output-format"], OUTPUT_FORMATS,
                                                  "output-format")
        if "jobs" in table:
            values["jobs"] = self.integer(table["jobs"], "jobs")
        return Config(**values)

    # -- value checks --------------------------------------------------------------------------

    def kind(self, value: Any) -> str:
        if isinstance(value, bool):
            return "a boolean"
        if isinstance(value, int):
            return "an integer"
        if isinstance(value, str):
            return f"a string ({value!r})"
        if isinstance(value, list):
            return "a list"
        if isinstance(value, dict):
            return "a table"
        return f"a {type(value).__name__}"

    def string(self, value: Any, *where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.error(self.key(*where),
                             f"must be a non-empty string, not {self.kind(value)}")
        return value.strip()

    def strings(self, value: Any, *where: str) -> Tuple[str, ...]:
        if not isinstance(value, list):
            raise self.error(self.key(*where), f"must be a list of strings, not {self.kind(value)}")
        for n, item in enumerate(value):
            if not isinstance(item, str):
                raise self.error(self.key(*where, f"[{n}]"),
                                 f"must be a string, not {self.kind(item)}")
        return tuple(v.strip() for v in value if v.strip())

    def globs(self, value: Any, *where: str, negation: bool = True) -> Tuple[str, ...]:
        patterns = self.strings(value, *where)
        for pattern in patterns:
            self.glob(pattern, *where, negation=negation)
        return patterns

    def glob(self, pattern: str, *where: str, negation: bool = True) -> str:
        try:
            return check_glob(pattern, negation)
        except GlobError as exc:
            raise self.error(self.key(*where), f"has a bad pattern {pattern!r}: it {exc}") from None

    def boolean(self, value: Any, *where: str) -> bool:
        if not isinstance(value, bool):
            raise self.error(self.key(*where), f"must be true or false, not {self.kind(value)}")
        return value

    def integer(self, value: Any, *where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.error(self.key(*where),
                             f"must be a non-negative integer, not {self.kind(value)}")
        return value

    def choice(self, value: Any, choices: Sequence[str], *where: str) -> str:
        if value not in choices:
            raise self.error(self.key(*where),
                             f"must be one of {', '.join(choices)}, not {self.kind(value)}")
        return str(value)

    def codes(self, codes: Sequence[str], *where: str) -> Tuple[str, ...]:
        try:
            return validate_codes(codes)
        except UsageError as exc:
            raise self.error(self.key(*where), f"has an {exc}") from None

    # -- tables ----------------------------------------------------------------------------------

    def per_file_ignores(self, value: Any) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
        where = "per-file-ignores"
        if not isinstance(value, dict):
            raise self.error(self.key(where),
                             f"must be a table of glob = [codes], not {self.kind(value)}")
        out = []
        for pattern, codes in value.items():
            self.glob(pattern, where, negation=False)
            listed = self.strings(codes, where, pattern)
            out.append((pattern, self.codes(listed, where, pattern)))
        return tuple(out)

    def types(self, value: Any) -> Tuple["TypeFact", ...]:
        from .knowledge.types import TypeFact

        where = "types"
        if not isinstance(value, dict):
            raise self.error(self.key(where),
                             "must be a table of \"qualified.Name\" = [traits], "
                             f"not {self.kind(value)}")
        facts = []
        for name, traits in value.items():
            self.qualified_name(name, where, name)
            listed = [traits] if isinstance(traits, str) else traits
            listed = list(self.strings(listed, where, name))
            for trait in listed:
                if trait not in TRAITS:
                    raise self.error(self.key(where, name),
                                     f"has an unknown trait {trait!r}; use {', '.join(TRAITS)}")
            for yes, no in (("Send", "NotSend"), ("Sync", "NotSync")):
                if yes in listed and no in listed:
                    raise self.error(self.key(where, name), f"says both {yes} and {no}")
            if not listed:
                raise self.error(self.key(where, name), f"names no trait; use {', '.join(TRAITS)}")
            facts.append(TypeFact(
                (name,), name, not_send="NotSend" in listed, not_sync="NotSync" in listed,
                source=f"declared {' + '.join(listed)} in {_show(self.path)} "
                       f"[{self.key(where)}]",
                url="",
            ))
        return tuple(facts)

    def qualified_name(self, value: Any, *where: str) -> str:
        text = self.string(value, *where)
        if not all(part.isidentifier() for part in text.split(".")):
            raise self.error(self.key(*where),
                             "must be a dotted qualified name like \"pkg.module.Name\", "
                             f"not {text!r}")
        return text

    def boundaries(self, value: Any) -> Tuple["Boundary", ...]:
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error(self.key("boundaries"),
                             f"must be an array of tables ([[{self.key('boundaries')}]]), "
                             f"not {self.kind(value)}")
        return tuple(self.boundary(entry, f"[{n}]") for n, entry in enumerate(value))

    def boundary(self, entry: Mapping[str, Any], index: str) -> "Boundary":
        from .knowledge.boundaries import Boundary

        where = ("boundaries", index)
        self.unknown(entry, _BOUNDARY_KEYS, *where)
        has_call, has_method = "call" in entry, "method" in entry
        if has_call == has_method:
            raise self.error(self.key(*where),
                             "needs exactly one of call = \"pkg.function\" or "
                             "method = \"pkg.Class.method\"")
        fields: Dict[str, Any] = {}
        if has_call:
            raw = entry["call"]
            names = [raw] if isinstance(raw, str) else list(self.strings(raw, *where, "call"))
            callees = tuple(self.qualified_name(n, *where, "call") for n in names)
            if not callees:
                raise self.error(self.key(*where, "call"), "names no callable")
            fields["callees"] = callees
            label = callees[0]
        else:
            method = self.qualified_name(entry["method"], *where, "method")
            owner, _, name = method.rpartition(".")
            if not owner:
                raise self.error(self.key(*where, "method"),
                                 f"must be \"pkg.Class.method\", not {method!r}")
            fields["receiver"], fields["name"] = (owner,), name
            label = f"{owner.rpartition('.')[2]}.{name}"
        if "label" in entry:
            label = self.string(entry["label"], *where, "label")
        fields["label"] = label
        fields["func"] = self.arg(entry.get("function", 0), *where, "function")
        for key, attr in (("args", "args"), ("kwargs", "kwargs")):
            if key in entry:
                fields[attr] = self.arg(entry[key], *where, key)
        for key, attr in (("star-args-from", "star_from"), ("iterables-from", "iterables_from")):
            if key in entry:
                fields[attr] = self.integer(entry[key], *where, key)
        for key, attr in (("star-kwargs", "star_kwargs"), ("starmap", "starmap"), ("many", "many")):
            if key in entry:
                fields[attr] = self.boolean(entry[key], *where, key)
        fields["handle"] = self.choice(entry.get("wait", "future"), WAITS, *where, "wait")
        fields["role"] = self.choice(entry.get("role", "function"), ROLES, *where, "role")
        if fields.get("iterables_from") is not None and "many" not in entry:
            fields["many"] = True
        return Boundary(**fields)

    def arg(self, value: Any, *where: str) -> "Arg":
        """``0`` (a position), ``"fn"`` (a keyword), or ``{ position = 0, keyword = "fn" }``."""
        from .knowledge.boundaries import Arg

        if isinstance(value, str):
            return Arg(None, self.identifier(value, *where))
        if isinstance(value, int) and not isinstance(value, bool):
            return Arg(self.integer(value, *where), None)
        if isinstance(value, dict):
            self.unknown(value, ("position", "keyword"), *where)
            pos = kw = None
            if "position" in value:
                pos = self.integer(value["position"], *where, "position")
            if "keyword" in value:
                kw = self.identifier(value["keyword"], *where, "keyword")
            if pos is None and kw is None:
                raise self.error(self.key(*where), "needs a position, a keyword, or both")
            return Arg(pos, kw)
        raise self.error(self.key(*where),
                         "must be a position (0), a keyword (\"fn\") or "
                         f"{{ position = 0, keyword = \"fn\" }}, not {self.kind(value)}")

    def identifier(self, value: Any, *where: str) -> str:
        text = self.string(value, *where)
        if not text.isidentifier():
            raise self.error(self.key(*where), f"must be a parameter name, not {text!r}")
        return text


__all__ = [
    "Config", "STRICTNESS", "default_off", "UsageError", "find", "is_selected",
    "load", "matches", "validate_codes",
]

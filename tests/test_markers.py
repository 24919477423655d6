"""The four markers as a user meets them: at run time, and through mypy and pyright."""

import abc
import enum
import importlib.util
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Generic, List, Optional, Tuple, TypeVar

import pytest
from typing_extensions import Annotated, get_type_hints

import sendsync
from sendsync import NotSend, NotSync, Send, Sync

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "typecheck"
GOOD = FIXTURES / "markers_good.py"
BAD = FIXTURES / "markers_bad.py"
SELF_ATTRIBUTE = FIXTURES / "markers_self_attribute.py"
MARKERS = (Send, Sync, NotSend, NotSync)
CHECKER_TIMEOUT = 300

T = TypeVar("T")


# ---------------------------------------------------------------------------------------
# Importing
# ---------------------------------------------------------------------------------------


def _run_python(code: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=str(REPO),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


def test_import_sendsync_loads_only_the_markers() -> None:
    out = _run_python(
        "import sendsync, sys; "
        "print(sorted(m for m in sys.modules if m.startswith('sendsync')))"
    )
    assert out == "['sendsync', 'sendsync._version', 'sendsync.markers']"


def test_public_names() -> None:
    assert set(sendsync.__all__) == {"Send", "Sync", "NotSend", "NotSync", "__version__"}
    assert isinstance(sendsync.__version__, str)
    from sendsync import markers

    assert (markers.Send, markers.Sync, markers.NotSend, markers.NotSync) == MARKERS


@pytest.mark.parametrize("marker", MARKERS, ids=lambda m: m.__name__)
def test_each_marker_is_documented(marker: type) -> None:
    assert marker.__doc__ and len(marker.__doc__.split()) > 15


def test_docstrings_say_what_each_marker_means() -> None:
    assert "thread that created it" in (NotSend.__doc__ or "")
    assert "never used from two at once" in (NotSync.__doc__ or "")
    assert "unsafe impl Send" in (Send.__doc__ or "")
    assert "unsafe impl Sync" in (Sync.__doc__ or "")


# ---------------------------------------------------------------------------------------
# Form 1: class base
# ---------------------------------------------------------------------------------------


class _PlainSlotted:
    __slots__ = ("a",)


class _MarkedSlotted(NotSend, NotSync):
    __slots__ = ("a",)


@pytest.mark.parametrize("marker", MARKERS, ids=lambda m: m.__name__)
def test_marker_has_no_state_and_no_metaclass(marker: type) -> None:
    assert marker.__slots__ == ()
    assert type(marker) is type

    class Slotted(marker):  # type: ignore[misc, valid-type]
        __slots__ = ("a",)

    item = Slotted()
    assert not hasattr(item, "__dict__")
    with pytest.raises(AttributeError):
        item.other = 1  # type: ignore[attr-defined]


def test_slotted_subclass_is_as_small_as_a_plain_one() -> None:
    plain, marked = _PlainSlotted(), _MarkedSlotted()
    assert not hasattr(marked, "__dict__")
    assert sys.getsizeof(marked) == sys.getsizeof(plain)
    assert _MarkedSlotted.__basicsize__ == _PlainSlotted.__basicsize__  # type: ignore[attr-defined]


def test_markers_combine_in_one_class() -> None:
    class Cache(Send, Sync):
        pass

    class Db(NotSend, NotSync):
        pass

    assert Cache.__mro__[1:3] == (Send, Sync)
    assert Db.__mro__[1:3] == (NotSend, NotSync)
    Cache(), Db()


def test_isinstance_and_issubclass_follow_the_class_base() -> None:
    class Db(NotSend):
        pass

    assert isinstance(Db(), NotSend)
    assert issubclass(Db, NotSend)
    assert not isinstance(Db(), NotSync)
    assert not isinstance(object(), NotSend)
    # The shorthand is an annotation, not a class: it marks nothing at run time.
    assert not isinstance(sqlite3.connect(":memory:"), NotSend)


def test_marker_with_abc_keeps_abstract_methods_enforced() -> None:
    class Repository(NotSend, abc.ABC):
        @abc.abstractmethod
        def load(self) -> int: ...

    class SqlRepository(Repository):
        def load(self) -> int:
            return 1

    with pytest.raises(TypeError):
        Repository()  # type: ignore[abstract]
    assert SqlRepository().load() == 1
    assert type(Repository) is abc.ABCMeta


def test_marker_with_custom_metaclass() -> None:
    class Registry(type):
        seen: List[str] = []

        def __new__(mcs, name: str, bases: Tuple[type, ...], ns: Dict[str, Any]) -> "Registry":
            mcs.seen.append(name)
            return super().__new__(mcs, name, bases, ns)

    class Plugin(Send, metaclass=Registry):
        pass

    assert type(Plugin) is Registry
    assert "Plugin" in Registry.seen


def test_marker_with_thread_subclass() -> None:
    class Worker(NotSend, threading.Thread):
        def __init__(self) -> None:
            super().__init__()
            self.result: Optional[int] = None

        def run(self) -> None:
            self.result = 42

    worker = Worker()
    worker.start()
    worker.join()
    assert worker.result == 42


def test_marker_with_generic_keeps_subscription_of_the_subclass() -> None:
    class Box(NotSync, Generic[T]):
        def __init__(self, item: T) -> None:
            self.item = item

    alias = Box[int]
    assert typing.get_origin(alias) is Box
    assert typing.get_args(alias) == (int,)
    assert alias(3).item == 3


def test_marker_subclass_without_generic_is_not_subscriptable() -> None:
    class Db(NotSend):
        pass

    with pytest.raises(TypeError, match="not subscriptable"):
        Db[int]  # type: ignore[misc]


def test_marker_with_enum() -> None:
    class Color(NotSync, enum.Enum):
        RED = 1
        BLUE = 2

    assert Color(1) is Color.RED
    assert Color["BLUE"] is Color.BLUE
    assert isinstance(Color.RED, NotSync)


def test_marker_with_dataclass() -> None:
    @dataclass
    class Settings(Sync):
        name: str

    assert Settings("x") == Settings("x")


def test_marker_with_a_c_extension_type() -> None:
    class Connection(NotSend, sqlite3.Connection):
        pass

    conn = sqlite3.connect(":memory:", factory=Connection)
    try:
        assert isinstance(conn, NotSend)
        assert conn.execute("select 1").fetchone() == (1,)
    finally:
        conn.close()


# ---------------------------------------------------------------------------------------
# Forms 2 and 3: annotation metadata and shorthand
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("marker", MARKERS, ids=lambda m: m.__name__)
def test_shorthand_is_annotated_with_the_marker(marker: Any) -> None:
    hint = marker[int]
    assert hint == Annotated[int, marker]
    assert typing.get_origin(hint) is Annotated
    assert typing.get_args(hint) == (int, marker)
    assert hint.__metadata__ == (marker,)


def test_nested_shorthand_collects_both_markers() -> None:
    hint = NotSend[Sync[List[int]]]
    assert hint == Annotated[List[int], Sync, NotSend]


def _connect(
    path: NotSend[str], conn: Annotated[sqlite3.Connection, NotSync]
) -> NotSend[sqlite3.Connection]:
    return conn


def _quoted(conn: "NotSend[sqlite3.Connection]") -> "Optional[Sync[int]]":
    return None


class _Service:
    conn: NotSend[sqlite3.Connection]
    cache: Annotated[Dict[str, int], Send, Sync]


def test_get_type_hints_shows_the_markers() -> None:
    hints = get_type_hints(_connect, include_extras=True)
    assert hints["path"] == Annotated[str, NotSend]
    assert hints["conn"] == Annotated[sqlite3.Connection, NotSync]
    assert hints["return"] == Annotated[sqlite3.Connection, NotSend]
    assert hints["return"].__metadata__ == (NotSend,)


def test_get_type_hints_without_extras_gives_plain_types() -> None:
    hints = get_type_hints(_connect)
    assert hints == {"path": str, "conn": sqlite3.Connection, "return": sqlite3.Connection}


def test_get_type_hints_on_string_annotations() -> None:
    hints = get_type_hints(_quoted, include_extras=True)
    assert hints["conn"] == Annotated[sqlite3.Connection, NotSend]
    assert hints["return"] == Optional[Annotated[int, Sync]]


def test_get_type_hints_on_class_attributes() -> None:
    hints = get_type_hints(_Service, include_extras=True)
    assert hints["conn"].__metadata__ == (NotSend,)
    assert hints["cache"].__metadata__ == (Send, Sync)


# ---------------------------------------------------------------------------------------
# Static: mypy --strict and pyright strict see NotSend[T] as T, and not as Any
# ---------------------------------------------------------------------------------------


def _expected_error_lines(path: Path) -> List[int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, 1) if line.endswith("# expected error")]


def _mypy(tmp_path: Path, *files: Path) -> List[Tuple[str, int, str]]:
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (pip install .[test])")
    env = dict(os.environ, MYPYPATH=str(REPO))
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [
            sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
            "--cache-dir", str(tmp_path / "mypy_cache"), *map(str, files),
        ],
        cwd=str(tmp_path),
        env=env,
        capture_output=True,
        text=True,
        timeout=CHECKER_TIMEOUT,
    )
    if done.returncode not in (0, 1):
        pytest.fail(f"mypy did not run:\n{done.stdout}\n{done.stderr}")
    errors = []
    for line in done.stdout.splitlines():
        found = re.match(r"^(.*?):(\d+): error: (.*)$", line)
        if found:
            errors.append((Path(found.group(1)).name, int(found.group(2)), found.group(3)))
    assert done.returncode == (1 if errors else 0), done.stdout + done.stderr
    return errors


def _pyright_command() -> List[str]:
    script = shutil.which("pyright", path=str(Path(sys.executable).parent))
    if script:
        return [script]
    if importlib.util.find_spec("pyright") is not None:
        return [sys.executable, "-m", "pyright"]
    pytest.skip("pyright is not installed (pip install .[test])")


def _pyright(tmp_path: Path, python_version: str, *files: Path) -> List[Tuple[str, int, str]]:
    command = _pyright_command()
    try:
        # The first run may fetch pyright's node package.
        probe = subprocess.run(
            [*command, "--version"], capture_output=True, text=True, timeout=CHECKER_TIMEOUT
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        pytest.skip(f"pyright cannot run here: {error}")
    if probe.returncode != 0:
        pytest.skip(f"pyright cannot run here: {probe.stdout}{probe.stderr}")
    config = {
        "typeCheckingMode": "strict",
        "pythonVersion": python_version,
        "extraPaths": [str(REPO)],
    }
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    done = subprocess.run(
        [*command, "--outputjson", "--pythonpath", sys.executable, *map(str, files)],
        cwd=str(tmp_path),
        capture_output=True,
        text=True,
        timeout=CHECKER_TIMEOUT,
    )
    try:
        report = json.loads(done.stdout)
    except ValueError:
        pytest.fail(f"pyright did not run:\n{done.stdout}\n{done.stderr}")
    return [
        (Path(d["file"]).name, d["range"]["start"]["line"] + 1, d["message"])
        for d in report["generalDiagnostics"]
        if d["severity"] == "error"
    ]


PYTHON_VERSIONS = sorted({"3.9", f"{sys.version_info[0]}.{sys.version_info[1]}"})


def test_mypy_strict_accepts_all_forms(tmp_path: Path) -> None:
    # The markers module itself is checked too: mypy follows the import.
    assert _mypy(tmp_path, GOOD) == []


@pytest.mark.parametrize("python_version", PYTHON_VERSIONS)
def test_pyright_strict_accepts_all_forms(tmp_path: Path, python_version: str) -> None:
    files = (GOOD, REPO / "sendsync" / "markers.py", REPO / "sendsync" / "__init__.py")
    assert _pyright(tmp_path, python_version, *files) == []


def test_mypy_strict_sees_the_shorthand_as_the_plain_type(tmp_path: Path) -> None:
    errors = _mypy(tmp_path, BAD)
    assert [line for _, line, _ in errors] == _expected_error_lines(BAD)
    first = errors[0]
    assert first[2] == (
        'Incompatible types in assignment (expression has type "Connection", '
        'variable has type "int")  [assignment]'
    )


@pytest.mark.parametrize("python_version", PYTHON_VERSIONS)
def test_pyright_strict_sees_the_shorthand_as_the_plain_type(
    tmp_path: Path, python_version: str
) -> None:
    errors = _pyright(tmp_path, python_version, BAD)
    assert [line for _, line, _ in errors] == _expected_error_lines(BAD)
    first = errors[0]
    assert 'is not assignable to declared type "int"' in first[2]
    assert '"Connection" is not assignable to "int"' in first[2]


def test_mypy_accepts_the_shorthand_on_self_attributes(tmp_path: Path) -> None:
    assert _mypy(tmp_path, SELF_ATTRIBUTE) == []


def test_pyright_on_the_shorthand_on_self_attributes(tmp_path: Path) -> None:
    errors = _pyright(tmp_path, PYTHON_VERSIONS[-1], SELF_ATTRIBUTE)
    if errors:
        assert len(errors) == 1 and "scoped to local method" in errors[0][2], errors
        pytest.xfail("known pyright false positive: self.attr: NotSend[T] inside a method")

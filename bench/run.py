#!/usr/bin/env python3
"""Time sendsync against flake8 -j2 and ruff on the same corpus, in the same run.

    python bench/run.py --corpus django --rounds 3
    python bench/run.py --corpus stdlib --rounds 1
    python bench/run.py --corpus path/to/project --sendsync "python -m sendsync"

Per corpus and per round, interleaved so that every command shares the machine's noise:

    flake8 -j2                       (its default plugins; the baseline)
    ruff check --no-cache            (its default rules)
    sendsync check --no-cache -j1
    sendsync check --no-cache -jN
    sendsync check -jN, cold         (the cache directory deleted first: this run writes it)
    sendsync check -jN, warm         (run again at once, nothing changed)
    sendsync check -jN, one edited   (a function appended to one file first, removed after)

It prints the median, min and max wall time of each, the median as a ratio to flake8 -j2's, the
peak RSS of the largest process of each command (from the kernel's rusage of the reaped child,
which covers its reaped descendants) and the peak of the summed RSS of its process tree
(sampled), then whether every sendsync variant printed byte-identical findings.

Only the standard library. POSIX only (os.wait4, /proc for the process-tree sampling).
Each command gets PYTHONPYCACHEPREFIX set to a temporary directory (and no
PYTHONDONTWRITEBYTECODE) and one untimed run on a tiny file first, so the Python tools run from
compiled bytecode as an ordinary installation does. Tools run with --isolated (no configuration
files) and the same --exclude list, so that all of them check the same *.py files: a copy of
them in a temporary directory, so that no enclosing repository or configuration (pyenv's git
checkout around the standard library) changes what a tool reads. See docs/performance.md.
"""
from __future__ import annotations

import argparse
import datetime
import difflib
import fnmatch
import hashlib
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CACHE_DIR = ".sendsync_cache"

#: Excluded by every tool (each is given this list, replacing its own defaults) so that all of
#: them check the same files. Deliberately without ``venv``, ``build`` and ``dist``: the standard
#: library has a ``venv`` package.
DEFAULT_EXCLUDE = (
    ".git,.hg,.svn,.tox,.nox,.venv,.eggs,*.egg-info,__pycache__,site-packages,dist-packages,"
    "node_modules,.mypy_cache,.ruff_cache,.pytest_cache," + CACHE_DIR
)

#: The targets of the "Speed" issue: (corpus, what, limit).
COLD_TARGET = {"django": 0.5, "stdlib": 0.75}
WARM_TARGET = 0.05
EDIT_TARGET = 0.05
#: the file the "one file edited" run edits, per corpus (``--edit`` names another; a corpus not
#: listed here: its largest file)
EDIT_FILE = {"django": "db/models/query.py", "stdlib": "threading.py"}
RSS_TARGET_MIB = 300.0

BASELINE = "flake8 -j2"


# -- finding things --------------------------------------------------------------------------
def find_tool(name: str, given: Optional[str], extra: Sequence[Path] = ()) -> Optional[List[str]]:
    """The command for a tool: as given, else next to this interpreter, else ``extra``, else PATH."""
    if given:
        return shlex.split(given)
    candidates = [Path(sys.executable).parent / name, *extra]
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return [str(c)]
    found = shutil.which(name)
    return [found] if found else None


def resolve_corpus(spec: str) -> Tuple[str, Path]:
    if spec == "django":
        spec_ = importlib.util.find_spec("django")
        if spec_ is not None and spec_.submodule_search_locations:
            return "django", Path(list(spec_.submodule_search_locations)[0]).resolve()
        venv_python = BENCH / ".venv" / "bin" / "python"
        if venv_python.is_file():
            out = subprocess.run(
                [str(venv_python), "-c", "import django, os; print(os.path.dirname(django.__file__))"],
                capture_output=True, text=True)
            if out.returncode == 0 and out.stdout.strip():
                return "django", Path(out.stdout.strip()).resolve()
        sys.exit("run.py: Django is not installed for this interpreter: run bench/setup.sh and "
                 "bench/.venv/bin/python bench/run.py, or pass --corpus /path/to/django")
    if spec == "stdlib":
        return "stdlib", Path(sysconfig.get_paths()["stdlib"]).resolve()
    path = Path(spec).resolve()
    if not path.exists():
        sys.exit(f"run.py: no such corpus: {spec}")
    return path.name, path


def corpus_files(root: Path, exclude: Sequence[str]) -> List[Path]:
    """The *.py files every tool should see (the same exclusion rule: any path component)."""
    def excluded(name: str) -> bool:
        return any(fnmatch.fnmatchcase(name, p) for p in exclude)

    if root.is_file():
        return [root]
    out: List[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not excluded(d))
        out.extend(Path(dirpath, f) for f in sorted(filenames)
                   if f.endswith(".py") and not excluded(f))
    return out


# -- running and measuring --------------------------------------------------------------------
def _tree_rss_kib(root: int) -> int:
    """Summed VmRSS of ``root`` and its descendants (a snapshot; shared pages count per process)."""
    parent: Dict[int, int] = {}
    rss: Dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # pid (comm) state ppid ... ; comm may contain spaces and parentheses
        fields = stat[stat.rfind(b")") + 2:].split()
        pid = int(entry)
        parent[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * _PAGE_KIB  # rss in pages
    total, stack, seen = 0, [root], set()
    children: Dict[int, List[int]] = {}
    for pid, ppid in parent.items():
        children.setdefault(ppid, []).append(pid)
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


_PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4
_HAVE_PROC = os.path.isdir("/proc/self")


class TreeSampler(threading.Thread):
    def __init__(self, pid: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kib = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.wait(self.interval):
            try:
                self.peak_kib = max(self.peak_kib, _tree_rss_kib(self.pid))
            except Exception:  # a process vanished mid-read: skip this sample
                pass

    def stop(self) -> None:
        self._halt.set()
        self.join()


def run_timed(argv: List[str], cwd: Path, out: Path, err: Path, env: Dict[str, str],
              sample: float) -> Dict[str, Any]:
    """Run one command; wall seconds, exit code, peak RSS (MiB) of its largest process and of its tree."""
    with open(out, "wb") as o, open(err, "wb") as e:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=str(cwd), stdin=subprocess.DEVNULL, stdout=o, stderr=e,
                                env=env)
        sampler = TreeSampler(proc.pid, sample) if sample > 0 and _HAVE_PROC else None
        if sampler:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if sampler:
            sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes vs KiB
    return {
        "wall": wall,
        "exit": proc.returncode,
        "cpu": usage.ru_utime + usage.ru_stime,  # the command and its reaped descendants
        "rss_mib": usage.ru_maxrss / scale,
        "tree_mib": (sampler.peak_kib / 1024) if sampler and sampler.peak_kib else None,
    }


def version_of(cmd: Optional[List[str]], *args: str) -> str:
    if not cmd:
        return "not found"
    try:
        out = subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unusable ({exc})"
    return " ".join((out.stdout or out.stderr).split()) or f"exit {out.returncode}"


def sendsync_python(cmd: List[str]) -> Optional[List[str]]:
    """The interpreter a sendsync command runs on: ``PY -m sendsync``, or a script's shebang."""
    if len(cmd) >= 3 and cmd[-2:] == ["-m", "sendsync"]:
        return cmd[:-2]
    if os.path.basename(cmd[0]).startswith("python"):
        return cmd[:1]
    try:
        with open(cmd[0], "rb") as f:
            first = f.readline().decode("utf-8", "replace").strip()
    except OSError:
        return None
    return shlex.split(first[2:]) if first.startswith("#!") else None


def package_dir(python: Optional[List[str]], name: str) -> Optional[Path]:
    """Where ``name``'s package lives for an interpreter (to notice edits during a run)."""
    if not python:
        return None
    try:
        out = subprocess.run(python + ["-c", f"import os, {name}; print(os.path.dirname({name}.__file__))"],
                             capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    path = out.stdout.strip()
    return Path(path) if out.returncode == 0 and path else None


def tree_digest(top: Optional[Path]) -> Optional[str]:
    """A digest of the *.py files below ``top`` (names, sizes, modification times)."""
    if top is None:
        return None
    h = hashlib.blake2b(digest_size=8)
    for f in sorted(top.rglob("*.py")):
        try:
            st = f.stat()
        except OSError:
            continue
        h.update(f"{f}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def sendsync_features(cmd: List[str]) -> Dict[str, bool]:
    out = subprocess.run(cmd + ["check", "--help"], capture_output=True, text=True, timeout=120)
    text = out.stdout + out.stderr
    return {"jobs": bool(re.search(r"--jobs\b", text)), "no_cache": "--no-cache" in text,
            "cache_dir": "--cache-dir" in text}


# -- the variants -------------------------------------------------------------------------------
class Variant:
    def __init__(self, label: str, argv: List[str], kind: str, cwd: Path,
                 clear_cache: bool = False, role: str = "", edit: Optional[Path] = None) -> None:
        self.label, self.argv, self.kind, self.cwd = label, argv, kind, cwd
        self.role = role  # "cold" (no usable cache), "warm", "edit" (one file edited) or ""
        self.edit = edit  # the file changed before each run, and restored after it
        self.writes_cache = False
        self.clear_cache = clear_cache
        self.runs: List[Dict[str, Any]] = []
        self.outputs: List[bytes] = []
        self.stderr: List[bytes] = []


def build_variants(corpus: Path, work: Path, args: argparse.Namespace,
                   tools: Dict[str, Optional[List[str]]], features: Dict[str, bool],
                   notes: List[str], edit: Optional[Path] = None) -> List[Variant]:
    exclude = args.exclude
    iso = [] if args.use_config else ["--isolated"]
    v: List[Variant] = []
    if tools["flake8"]:
        v.append(Variant(BASELINE, tools["flake8"] + ["-j2", *iso, "--exclude", exclude, str(corpus)],
                         "flake8", work))
    else:
        notes.append("flake8 not found: no baseline, so no ratios (pass --flake8 CMD)")
    if tools["ruff"]:
        v.append(Variant("ruff check", tools["ruff"] + [
            "check", "--no-cache", "--quiet", *iso, "--output-format", "concise",
            "--no-respect-gitignore", "--exclude", exclude + ",*.pyi,*.ipynb", str(corpus)],
            "ruff", work))
    else:
        notes.append("ruff not found: not timed (pass --ruff CMD)")
    ss = tools["sendsync"]
    if not ss:
        notes.append("sendsync not found: not timed (pass --sendsync CMD)")
        return v
    base = ss + ["check", *iso, "--exclude", exclude]
    n = args.jobs
    jobs = (lambda j: ["-j", str(j)]) if features["jobs"] else (lambda j: [])
    if not features["jobs"]:
        notes.append("the installed sendsync has no --jobs: -j1 and -jN are not told apart "
                     "(its default is timed once per cache state)")
    if not features["no_cache"]:
        notes.append("the installed sendsync has no --no-cache: the cache variants (cold, warm) "
                     "are not timed; TODO: rerun once it has them")
    j_levels = [1, n] if features["jobs"] and n != 1 else [n if features["jobs"] else None]
    for j in j_levels:
        label = "sendsync" + (" --no-cache" if features["no_cache"] else "") + \
            (f" -j{j}" if j is not None else "")
        argv = base + (["--no-cache"] if features["no_cache"] else []) + (jobs(j) if j else [])
        v.append(Variant(label, argv + [str(corpus)], "sendsync", work,
                         clear_cache=not features["no_cache"], role="cold"))
    if features["no_cache"]:
        # the cache goes to the temporary working directory, named explicitly when the CLI can
        # (its default may be beside a pyproject.toml above the corpus)
        jn = jobs(n) + (["--cache-dir", str(work / CACHE_DIR)] if features.get("cache_dir") else [])
        suffix = f" -j{n}" if features["jobs"] else ""
        v.append(Variant(f"sendsync{suffix} cold (writes cache)", base + jn + [str(corpus)],
                         "sendsync", work, clear_cache=True, role="cold"))
        v[-1].writes_cache = True
        v.append(Variant(f"sendsync{suffix} warm (unchanged)", base + jn + [str(corpus)],
                         "sendsync", work, role="warm"))
        if edit is not None:
            v.append(Variant(f"sendsync{suffix} one file edited", base + jn + [str(corpus)],
                             "sendsync", work, role="edit", edit=edit))
    for spec in args.variant:
        label, _, extra = spec.partition("=")
        v.append(Variant(f"sendsync {label}", base + shlex.split(extra) + [str(corpus)],
                         "sendsync", work))
    return v


def run_round(v: Variant, r: int, out: Path, err: Path, env: Dict[str, str], sample: float) -> Dict[str, Any]:
    """One timed run of ``v``; a variant that edits a file appends a function to it first (at the
    end: no finding moves; another each round) and puts the file back after."""
    if v.edit is None:
        return run_timed(v.argv, v.cwd, out, err, env, sample)
    original = v.edit.read_bytes()
    try:
        v.edit.write_bytes(original.rstrip(b"\n") + f"\n\n\ndef _bench_edit_{r}(items):\n"
                           f"    return sorted(items)[:{r + 1}]\n".encode())
        return run_timed(v.argv, v.cwd, out, err, env, sample)
    finally:
        v.edit.write_bytes(original)


def edited_file(name: str, root: Path, files: Sequence[Path], given: Optional[str]) -> Optional[Path]:
    """The file the one-file-edited run changes (in the corpus's copy): ``given`` or the corpus's
    usual one (relative to the corpus), else the largest file; None if it is not among the
    checked files. A corpus of one file: that file."""
    if root.is_file():
        return root
    wanted = given or EDIT_FILE.get(name)
    if wanted is None:
        return max(files, key=lambda f: (f.stat().st_size, str(f)), default=None)
    path = root / wanted
    return path if path in set(files) else None


# -- reporting ------------------------------------------------------------------------------------
def fmt(x: Optional[float], spec: str = ".2f") -> str:
    return "-" if x is None else format(x, spec)


def summarise(v: Variant) -> Dict[str, Any]:
    walls = [float(r["wall"]) for r in v.runs]
    trees = [float(r["tree_mib"]) for r in v.runs if r["tree_mib"] is not None]
    return {
        "median": statistics.median(walls) if walls else None,
        "min": min(walls) if walls else None,
        "max": max(walls) if walls else None,
        "cpu": statistics.median(float(r["cpu"]) for r in v.runs) if v.runs else None,
        "rss_mib": max(float(r["rss_mib"]) for r in v.runs) if v.runs else None,
        "tree_mib": max(trees) if trees else None,
        "exits": sorted({int(r["exit"]) for r in v.runs}),
        "lines": v.outputs[-1].count(b"\n") if v.outputs else None,
    }


def identity_report(variants: List[Variant]) -> Tuple[bool, List[str]]:
    ss = [v for v in variants if v.kind == "sendsync" and v.outputs]
    if len(ss) < 1:
        return True, ["findings identity: nothing to compare"]
    ref = ss[0]
    ref_out, ref_exit = ref.outputs[0], ref.runs[0]["exit"]
    lines: List[str] = []
    same = True
    for v in ss:
        for i, (out, run) in enumerate(zip(v.outputs, v.runs)):
            if out == ref_out and run["exit"] == ref_exit:
                continue
            same = False
            a = ref_out.decode("utf-8", "replace").splitlines()
            b = out.decode("utf-8", "replace").splitlines()
            diff = [d for d in difflib.unified_diff(a, b, ref.label, f"{v.label} (round {i + 1})",
                                                    lineterm="", n=0)]
            removed = sum(1 for d in diff if d.startswith("-") and not d.startswith("---"))
            added = sum(1 for d in diff if d.startswith("+") and not d.startswith("+++"))
            lines.append(f"  DIFFERS: {v.label} round {i + 1} vs {ref.label} round 1: "
                         f"exit {run['exit']} vs {ref_exit}, -{removed} +{added} lines")
            lines.extend("    " + d for d in diff[:12])
            if len(diff) > 12:
                lines.append(f"    ... {len(diff) - 12} more diff lines")
    n = sum(len(v.outputs) for v in ss)
    nlines = ref_out.count(b"\n")
    head = (f"findings identical across all sendsync variants and rounds: "
            f"{'yes' if same else 'NO'} ({n} outputs, {len(ss)} variants, "
            f"{nlines} lines, exit {ref_exit})")
    return same, [head] + lines


def targets_report(name: str, variants: List[Variant],
                   summary: Dict[str, Dict[str, Any]]) -> List[str]:
    """The issue's targets, judged on wall time; the CPU-time ratio beside it is steadier on a busy
    machine (a single process gets a smaller share of it than flake8's two workers do)."""
    out = []

    def ratio(label: str, key: str) -> Optional[float]:
        m, b = summary.get(label, {}).get(key), summary.get(BASELINE, {}).get(key)
        return None if (m is None or not b) else float(m) / float(b)

    def line(what: str, value: Optional[float], limit: float, unit: str, extra: str = "") -> None:
        if value is None:
            out.append(f"  {what:<52} {'-':>8}  (not measured)")
            return
        verdict = "ok" if value <= limit else "MISSED"
        out.append(f"  {what:<52} {value:>7.3f}{unit}  <= {limit}{unit}  {verdict:<6} {extra}".rstrip())

    def judged(v: Variant, limit: float) -> None:
        cpu = ratio(v.label, "cpu")
        line(f"{v.label} / {BASELINE}", ratio(v.label, "median"), limit, "x",
             f"(CPU time: {cpu:.3f}x)" if cpu is not None else "")

    cold = COLD_TARGET.get(name)
    for v in variants:
        if v.role == "cold" and cold is not None:
            judged(v, cold)
        if v.role == "warm":
            judged(v, WARM_TARGET)
        if v.role == "edit":
            judged(v, EDIT_TARGET)
    rss = [float(s["rss_mib"]) for k, s in summary.items()
           if k.startswith("sendsync") and s.get("rss_mib") is not None]
    line("sendsync peak RSS, largest process (MiB)", max(rss) if rss else None, RSS_TARGET_MIB, "")
    return out


def machine_info() -> Dict[str, Any]:
    info: Dict[str, Any] = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "host": platform.node(),
        "platform": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        "cpus": os.cpu_count(),
    }
    try:
        info["usable_cpus"] = len(os.sched_getaffinity(0))  # type: ignore[attr-defined]
    except AttributeError:
        info["usable_cpus"] = os.cpu_count()
    try:
        with open("/proc/cpuinfo") as f:
            models = [ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")]
        if models:
            info["cpu"] = models[0]
        with open("/proc/meminfo") as f:
            for ln in f:
                if ln.startswith(("MemTotal", "MemAvailable")):
                    k, val = ln.split(":")
                    info[k] = f"{int(val.split()[0]) // 1024} MiB"
    except OSError:
        pass
    try:
        rev = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        if rev:
            info["repo"] = rev + (" + uncommitted changes" if dirty else "")
    except OSError:
        pass
    return info


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "-"


# -- main -----------------------------------------------------------------------------------------
def bench_corpus(spec: str, args: argparse.Namespace, tools: Dict[str, Optional[List[str]]],
                 features: Dict[str, bool], emit, env: Dict[str, str]) -> Dict[str, Any]:
    name, root = resolve_corpus(spec)
    exclude = [p for p in args.exclude.split(",") if p]
    files = corpus_files(root, exclude)
    size = 0
    for f in files:  # read every file once: the page cache is warm for every command alike
        try:
            size += len(f.read_bytes())
        except OSError:
            pass
    emit("")
    emit(f"== corpus {name}: {root}")
    emit(f"   {len(files)} *.py files, {size / 1e6:.1f} MB; rounds {args.rounds}; -jN = -j{args.jobs}")
    notes: List[str] = []
    origin = root
    with tempfile.TemporaryDirectory(prefix="sendsync-bench-") as tmp:
        # every tool checks a copy of the *.py files: an enclosing repository (pyenv's, for the
        # standard library) or configuration file must not change what any tool reads
        copy = Path(tmp) / "corpus" / name
        for f in files:  # a corpus of one file is copied too (the edited run writes to it)
            target = copy / f.relative_to(root) if root.is_dir() else copy
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, target)
        root = copy
        work = Path(tmp) / "cwd"
        work.mkdir()
        outdir = Path(tmp) / "out"
        outdir.mkdir()
        checked = [root / f.relative_to(origin) for f in files] if origin.is_dir() else [root]
        edit = edited_file(name, root, checked, args.edit)
        variants = build_variants(root, work, args, tools, features, notes, edit)
        if any(v.role == "edit" for v in variants):
            emit(f"   the one-file-edited run appends a function to {edit.relative_to(copy.parent)}")
        elif edit is None and features["no_cache"]:
            notes.append(f"no file to edit ({args.edit or EDIT_FILE.get(name)} is not in the corpus): "
                         "the one-file-edited run is not timed")
        # one untimed run of each command on a tiny file: its bytecode is compiled (into the
        # PYTHONPYCACHEPREFIX) and its imports are read before any timed run
        tiny = Path(tmp) / "warmup" / "tiny.py"
        tiny.parent.mkdir()
        tiny.write_text("import threading\n\n\ndef work(items):\n    return sorted(items)\n\n\n"
                        "threading.Thread(target=work, args=([2, 1],)).start()\n")
        for i, v in enumerate(variants):
            run_timed(v.argv[:-1] + [str(tiny)], v.cwd, outdir / f"warmup-{i}.out",
                      outdir / f"warmup-{i}.err", env, 0)
        shutil.rmtree(work / CACHE_DIR, ignore_errors=True)
        elsewhere = [d / CACHE_DIR for d in (root, *root.parents)]
        existed = {d for d in elsewhere if d.exists()}
        cache_seen = None
        loads = []
        source = tree_digest(args.sendsync_source)
        changed = []
        for r in range(args.rounds):
            loads.append(loadavg())
            now = tree_digest(args.sendsync_source)
            if now != source:
                changed.append(r + 1)
                source = now
            for i, v in enumerate(variants):
                if v.clear_cache:
                    shutil.rmtree(work / CACHE_DIR, ignore_errors=True)
                out, err = outdir / f"{i}-{r}.out", outdir / f"{i}-{r}.err"
                res = run_round(v, r, out, err, env, args.sample)
                v.runs.append(res)
                if v.kind == "sendsync":
                    v.outputs.append(out.read_bytes())
                    v.stderr.append(err.read_bytes())
                else:
                    v.outputs = [out.read_bytes()]
                    v.stderr = [err.read_bytes()]
                if v.writes_cache:
                    cache_seen = (work / CACHE_DIR).is_dir()
                if args.verbose:
                    print(f"   round {r + 1} {v.label}: {res['wall']:.2f}s exit {res['exit']}",
                          file=sys.stderr, flush=True)
        loads.append(loadavg())
    if tree_digest(args.sendsync_source) != source:
        changed.append(args.rounds + 1)
    if changed:
        notes.append(f"sendsync's source ({args.sendsync_source}) changed during the run (seen before "
                     f"round(s) {', '.join(map(str, changed))}; {args.rounds + 1} = after the last): "
                     "the figures mix versions")
    stray = [str(d) for d in elsewhere if d.exists() and d not in existed]
    if stray:
        notes.append(f"sendsync wrote a cache outside its working directory: {', '.join(stray)} "
                     "(left in place)")
    if cache_seen is False:
        notes.append(f"the cold run wrote no {CACHE_DIR}/ in its working directory: the warm "
                     "figure may not be a cached run")
    summary = {v.label: summarise(v) for v in variants}
    base = summary.get(BASELINE, {}).get("median")
    emit(f"   load average (1/5/15 min) at each round start and at the end: {' | '.join(loads)}")
    emit("")
    base_cpu = summary.get(BASELINE, {}).get("cpu")
    head = (f"   {'command':<36} {'median s':>9} {'min':>7} {'max':>7} {'x flake8':>9} "
            f"{'CPU s':>8} {'CPU x':>6} {'RSS MiB':>8} {'tree MiB':>9} {'exit':>5} {'lines':>7}")
    emit(head)
    emit("   " + "-" * (len(head) - 3))
    for v in variants:
        s: Dict = summary[v.label]
        ratio = (float(s["median"]) / float(base)) if (base and s["median"] is not None) else None
        cpu_ratio = (float(s["cpu"]) / float(base_cpu)) if (base_cpu and s["cpu"] is not None) else None
        emit(f"   {v.label:<36} {fmt(s['median']):>9} {fmt(s['min']):>7} {fmt(s['max']):>7} "
             f"{fmt(ratio, '.3f'):>9} {fmt(s['cpu'], '.1f'):>8} {fmt(cpu_ratio, '.2f'):>6} "
             f"{fmt(s['rss_mib'], '.0f'):>8} {fmt(s['tree_mib'], '.0f'):>9} "
             f"{','.join(map(str, s['exits'])):>5} {fmt(s['lines'], 'd'):>7}")
    emit("")
    same, ident = identity_report(variants)
    for ln in ident:
        emit("   " + ln)
    for v in variants:
        errs = [e for e in v.stderr if e.strip()]
        if errs and (v.kind == "sendsync" or any(int(r["exit"]) > 1 for r in v.runs)):
            first = errs[-1].decode("utf-8", "replace").strip().splitlines()
            emit(f"   stderr of {v.label} ({len(first)} lines), last round, first lines:")
            for ln in first[:5]:
                emit("     " + ln)
    emit("")
    emit("   targets:")
    for ln in targets_report(name, variants, summary):
        emit("   " + ln)
    for n in notes:
        emit(f"   note: {n}")
    return {
        "corpus": name, "path": str(origin), "files": len(files), "bytes": size,
        "rounds": args.rounds, "loadavg": loads, "identical": same, "notes": notes,
        "commands": [{"label": v.label, "argv": v.argv, "runs": v.runs, "summary": summary[v.label]}
                     for v in variants],
    }


def main(argv: Optional[Sequence[str]] = None) -> int:
    try:
        default_jobs = len(os.sched_getaffinity(0))  # type: ignore[attr-defined]
    except AttributeError:
        default_jobs = os.cpu_count() or 1
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", action="append", metavar="django|stdlib|PATH",
                   help="what to check (repeatable; default: django)")
    p.add_argument("--rounds", type=int, default=3, help="rounds per corpus (default: 3)")
    p.add_argument("--jobs", type=int, default=default_jobs,
                   help=f"N for sendsync -jN (default: usable cores, here {default_jobs})")
    p.add_argument("--sendsync", metavar="CMD", help="sendsync command (default: next to this "
                   "interpreter, then bench/.venv/sendsync/bin, then PATH)")
    p.add_argument("--flake8", metavar="CMD",
                   help="flake8 command (default: next to this interpreter, then PATH)")
    p.add_argument("--ruff", metavar="CMD",
                   help="ruff command (default: next to this interpreter, then PATH)")
    p.add_argument("--variant", action="append", default=[], metavar="LABEL=ARGS",
                   help="also time `sendsync check ARGS` and include it in the findings comparison "
                        "(repeatable), e.g. --variant 'no cache -j3=--no-cache -j3'")
    p.add_argument("--exclude", default=DEFAULT_EXCLUDE,
                   help="globs every tool skips, replacing their defaults (default: %(default)s)")
    p.add_argument("--edit", metavar="FILE", help="the file (relative to the corpus) the one-file-"
                   "edited run appends a function to (default: db/models/query.py for Django, "
                   "threading.py for the standard library, else the largest file)")
    p.add_argument("--use-config", action="store_true",
                   help="let the tools read configuration files (default: --isolated for all)")
    p.add_argument("--sample", type=float, default=0.1, metavar="SECONDS",
                   help="process-tree RSS sampling interval; 0 turns it off (default: 0.1)")
    p.add_argument("--save", default=str(BENCH / "results"), metavar="DIR",
                   help="write the report and the raw timings (JSON) here (default: bench/results)")
    p.add_argument("--no-save", action="store_true")
    p.add_argument("-v", "--verbose", action="store_true", help="each run's time on stderr as it ends")
    args = p.parse_args(argv)
    if args.rounds < 1 or args.jobs < 1:
        p.error("--rounds and --jobs must be at least 1")
    if not hasattr(os, "wait4"):
        sys.exit("run.py: needs os.wait4 (Linux or macOS)")

    tools = {
        "sendsync": find_tool("sendsync", args.sendsync, [BENCH / ".venv" / "sendsync" / "bin" / "sendsync"]),
        "flake8": find_tool("flake8", args.flake8),
        "ruff": find_tool("ruff", args.ruff),
    }
    # every Python tool runs from compiled bytecode, as an ordinary install does, without writing
    # __pycache__ directories into the repository, the corpus or the environments
    pycache = tempfile.TemporaryDirectory(prefix="sendsync-bench-pycache-")
    env = dict(os.environ, NO_COLOR="1", PYTHONPYCACHEPREFIX=pycache.name)
    env.pop("FORCE_COLOR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    report: List[str] = []

    def emit(line: str) -> None:
        report.append(line)
        print(line, flush=True)

    info = machine_info()
    versions = {
        "sendsync": version_of(tools["sendsync"], "--version"),
        "flake8": version_of(tools["flake8"], "--version"),
        "ruff": version_of(tools["ruff"], "--version"),
    }
    features = {"jobs": False, "no_cache": False, "cache_dir": False}
    args.sendsync_source = None
    if tools["sendsync"]:
        features = sendsync_features(tools["sendsync"])
        args.sendsync_source = package_dir(sendsync_python(tools["sendsync"]), "sendsync")
    emit("sendsync benchmark: " + " ".join(shlex.quote(a) for a in [Path(sys.argv[0]).name, *sys.argv[1:]]))
    for k, val in info.items():
        emit(f"  {k}: {val}")
    emit(f"  load average (1/5/15 min) before: {loadavg()}")
    for k, cmd in tools.items():
        emit(f"  {k}: {' '.join(cmd) if cmd else 'not found'}  [{versions[k]}]")
    if args.sendsync_source:
        emit(f"  sendsync's source: {args.sendsync_source} (digest {tree_digest(args.sendsync_source)})")
    emit(f"  sendsync check has --jobs: {'yes' if features['jobs'] else 'NO'}, "
         f"--no-cache: {'yes' if features['no_cache'] else 'NO'}, "
         f"--cache-dir: {'yes' if features['cache_dir'] else 'no'}")
    if tools["sendsync"] and not (features["jobs"] and features["no_cache"]):
        emit("  NOTE: the installed sendsync lacks --jobs and/or --no-cache: only what exists is timed")
    if tools["flake8"] and "sendsync" in versions["flake8"]:
        emit("  WARNING: this flake8 loads sendsync's own plugin (SSC), so the baseline includes a "
             "per-file sendsync run and the ratios flatter sendsync; give --flake8 a flake8 from an "
             "environment without sendsync (bench/setup.sh makes one)")

    results = []
    for spec in args.corpus or ["django"]:
        results.append(bench_corpus(spec, args, tools, features, emit, env))
    emit("")
    emit(f"load average (1/5/15 min) after: {loadavg()}")
    pycache.cleanup()

    if not args.no_save:
        out = Path(args.save)
        out.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        names = "-".join(r["corpus"] for r in results)
        (out / f"{stamp}-{names}.txt").write_text("\n".join(report) + "\n", encoding="utf-8")
        (out / f"{stamp}-{names}.json").write_text(json.dumps(
            {"machine": info, "tools": {k: {"cmd": c, "version": versions[k]} for k, c in tools.items()},
             "features": features, "results": results}, indent=1), encoding="utf-8")
        print(f"(saved to {out}/{stamp}-{names}.txt and .json)", file=sys.stderr)
    return 0 if all(r["identical"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())

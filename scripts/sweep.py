#!/usr/bin/env python3
"""Scale sweep: run sendsync over every ``.py`` of this interpreter's standard library and of its
installed site-packages, and report what happened.

    python scripts/sweep.py                     # stdlib + site-packages, 2 chunks at a time
    python scripts/sweep.py --only stdlib --json sweep.json
    python scripts/sweep.py --limit 50          # a quick smoke run

The files are checked in chunks (one top-level package or a batch of top-level modules each), every
chunk by the real command in its own process (``python -m sendsync check --isolated FILE...``)
under this interpreter, so that a crash, a hang or a memory blow-up in one chunk is seen and does
not end the sweep. A chunk that crashes is re-run file by file to name the culprit.

Reported: files, lines, findings by code, SSC998 (internal errors: the bar is 0) and SSC999 counts,
wall time, and the slowest chunks. Every SSC999 is compared with ``ast.parse`` of the same file
under the same interpreter: a real syntax error must be reported at CPython's line and column,
and a file CPython accepts must not be SSC999.

Exit status: 0 when there is no SSC998, no crash, no timeout and no SSC999 mismatch; 1 otherwise.
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import re
import site
import subprocess
import sys
import sysconfig
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parents[1]
FINDING = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>SSC\d{3}) (?P<msg>.*)$")
#: directories never entered while collecting files (caches, not sources)
SKIP_DIRS = {"__pycache__"}
#: top-level modules are checked in batches of this many files; packages one per chunk
BATCH = 60
#: a package with more files than this is split into its sub-entries
SPLIT_OVER = 400


# --- what to check ---------------------------------------------------------------------------


def stdlib_root() -> Path:
    return Path(sysconfig.get_paths()["stdlib"]).resolve()


def site_roots() -> List[Path]:
    roots = []
    candidates = list(site.getsitepackages()) if hasattr(site, "getsitepackages") else []
    candidates.append(sysconfig.get_paths()["purelib"])
    candidates.append(sysconfig.get_paths()["platlib"])
    user = site.getusersitepackages() if hasattr(site, "getusersitepackages") else None
    if user:
        candidates.append(user)
    for c in candidates:
        p = Path(c).resolve()
        if p.is_dir() and p not in roots:
            roots.append(p)
    return roots


def py_files(top: Path, skip: Sequence[Path] = ()) -> List[Path]:
    if top.is_file():
        return [top] if top.suffix == ".py" else []
    out = []
    for dirpath, dirnames, filenames in os.walk(top):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames
                             if d not in SKIP_DIRS and (here / d).resolve() not in skip)
        out.extend(here / f for f in sorted(filenames) if f.endswith(".py"))
    return out


def chunks_of(root: Path, label: str, skip: Sequence[Path] = ()) -> List[Tuple[str, List[Path]]]:
    """(chunk name, files): each package directory is a chunk (split when huge), the loose
    top-level modules are batched."""
    result: List[Tuple[str, List[Path]]] = []
    loose: List[Path] = []
    for entry in sorted(root.iterdir()):
        if entry.resolve() in skip or entry.name in SKIP_DIRS:
            continue
        if entry.is_dir():
            files = py_files(entry, skip)
            if len(files) > SPLIT_OVER:
                result.extend(chunks_of(entry, f"{label}/{entry.name}", skip))
            elif files:
                result.append((f"{label}/{entry.name}", files))
        elif entry.suffix == ".py" and entry.is_file():
            loose.append(entry)
    for n in range(0, len(loose), BATCH):
        result.append((f"{label}/*.py[{n // BATCH}]", loose[n:n + BATCH]))
    return result


# --- running ---------------------------------------------------------------------------------


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def command_options() -> List[str]:
    """No configuration file, no cache (every file really checked, nothing written beside the
    stdlib), one process per chunk (the sweep runs chunks side by side)."""
    helptext = subprocess.run([sys.executable, "-m", "sendsync", "check", "--help"], env=_env(),
                              capture_output=True, text=True).stdout
    wanted = [("--isolated", ["--isolated"]), ("--no-cache", ["--no-cache"]), ("--jobs", ["--jobs", "1"])]
    return [arg for flag, args in wanted if flag in helptext for arg in args]


OPTIONS: List[str] = []


def run_chunk(name: str, files: List[Path], timeout: float) -> dict:
    env = _env()
    cmd = [sys.executable, "-m", "sendsync", "check", *OPTIONS, *map(str, files)]
    started = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd="/", env=env, capture_output=True, timeout=timeout)
        rc: Optional[int] = proc.returncode
        out = proc.stdout.decode("utf-8", "backslashreplace")
        err = proc.stderr.decode("utf-8", "backslashreplace")
    except subprocess.TimeoutExpired as exc:
        rc, out, err = None, (exc.stdout or b"").decode("utf-8", "replace"), "timeout"
    elapsed = time.perf_counter() - started
    findings = []
    for line in out.splitlines():
        m = FINDING.match(line)
        if m:
            shown = m["path"]  # relative to the cwd, "/"
            path = shown if os.path.isabs(shown) else os.path.join(os.sep, shown)
            findings.append((path, int(m["line"]), int(m["col"]), m["code"], m["msg"]))
    crashed = rc is None or rc not in (0, 1) or "Traceback" in err
    return {"chunk": name, "files": [str(f) for f in files], "rc": rc, "seconds": elapsed,
            "findings": findings, "stderr": err[-4000:], "crashed": crashed}


def bisect(chunk: dict, timeout: float) -> List[dict]:
    """Re-run a crashed chunk one file at a time; the files that crash alone."""
    culprits = []
    for f in chunk["files"]:
        one = run_chunk(f, [Path(f)], timeout)
        if one["crashed"]:
            culprits.append({"file": f, "rc": one["rc"], "stderr": one["stderr"][-1500:]})
    return culprits


# --- judging SSC999 --------------------------------------------------------------------------


def cpython_verdict(path: str) -> Optional[Tuple[int, int, str]]:
    """CPython's (line, col, message) for a file it rejects, None when it accepts it."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return (1, 1, f"unreadable: {exc}")
    try:
        ast.parse(data)
    except SyntaxError as err:
        return (err.lineno or 1, max(err.offset or 1, 1), err.msg)
    except (ValueError, RecursionError, MemoryError) as err:
        return (1, 1, f"{type(err).__name__}: {err}")
    return None


def judge_ssc999(path: str, line: int, col: int, msg: str) -> Tuple[str, str]:
    """('real' | 'MISMATCH', detail)."""
    verdict = cpython_verdict(path)
    if verdict is None:
        return "MISMATCH", f"CPython accepts the file; sendsync says {line}:{col} {msg}"
    if (line, col) == verdict[:2]:
        return "real", verdict[2]
    return "MISMATCH", f"CPython: {verdict[0]}:{verdict[1]} {verdict[2]}; sendsync: {line}:{col} {msg}"


# --- report ----------------------------------------------------------------------------------


def count_lines(files: Iterable[str]) -> int:
    total = 0
    for f in files:
        try:
            with open(f, "rb") as handle:
                total += sum(1 for _ in handle)
        except OSError:
            pass
    return total


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["stdlib", "site-packages"], help="sweep just one part")
    parser.add_argument("--jobs", type=int, default=max(1, min(2, os.cpu_count() or 1)),
                        help="chunks checked at once (default: 2)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per chunk")
    parser.add_argument("--limit", type=int, default=0, help="check at most this many chunks")
    parser.add_argument("--json", metavar="FILE", help="write every chunk's raw result here")
    parser.add_argument("--no-bisect", action="store_true", help="do not re-run crashed chunks")
    args = parser.parse_args(argv)
    OPTIONS[:] = command_options()

    std = stdlib_root()
    sites = site_roots()
    chunks: List[Tuple[str, List[Path]]] = []
    if args.only in (None, "stdlib"):
        chunks += chunks_of(std, "stdlib", skip=[*sites, std / "site-packages"])
    if args.only in (None, "site-packages"):
        for n, s in enumerate(sites):
            chunks += chunks_of(s, f"site{n}" if len(sites) > 1 else "site-packages")
    if args.limit:
        chunks = chunks[: args.limit]
    all_files = [str(f) for _, fs in chunks for f in fs]
    print(f"sendsync sweep: {sys.executable} ({sys.version.split()[0]})")
    print(f"  stdlib: {std}")
    for s in sites:
        print(f"  site-packages: {s}")
    print(f"  {len(all_files)} files in {len(chunks)} chunks, {args.jobs} at a time, "
          f"each: python -m sendsync check {' '.join(OPTIONS)} FILE...", flush=True)

    started = time.perf_counter()
    results: List[dict] = []
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_chunk, name, files, args.timeout) for name, files in chunks]
        for done, fut in enumerate(futures, 1):
            r = fut.result()
            results.append(r)
            state = "CRASH" if r["crashed"] else "ok"
            print(f"  [{done}/{len(chunks)}] {r['chunk']}: {len(r['files'])} files, "
                  f"{len(r['findings'])} findings, {r['seconds']:.1f}s {state}", flush=True)
    wall = time.perf_counter() - started

    crashed = [r for r in results if r["crashed"]]
    if crashed and not args.no_bisect:
        for r in crashed:
            r["culprits"] = bisect(r, args.timeout)

    codes: Counter = Counter()
    judged: Counter = Counter()
    mismatches = []
    ssc998 = []
    for r in results:
        for path, line, col, code, msg in r["findings"]:
            codes[code] += 1
            if code == "SSC999":
                kind, detail = judge_ssc999(path, line, col, msg)
                judged[kind] += 1
                if kind == "MISMATCH":
                    mismatches.append(f"{path}:{line}:{col}: {detail}")
            elif code == "SSC998":
                ssc998.append(f"{path}:{line}:{col}: {msg[:200]}")

    lines = count_lines(all_files)
    print()
    print(f"files: {len(all_files)} ({lines} lines)")
    print(f"wall time: {wall:.0f}s with {args.jobs} chunk(s) at a time; "
          f"sum of chunk times {sum(r['seconds'] for r in results):.0f}s")
    print("findings by code: " + (", ".join(f"{c} {n}" for c, n in sorted(codes.items())) or "none"))
    print(f"SSC998 (internal errors): {codes['SSC998']}")
    print(f"SSC999: {codes['SSC999']} = {judged['real']} real syntax errors at CPython's position"
          f" + {judged['MISMATCH']} mismatches")
    print(f"crashed or timed-out chunks: {len(crashed)}")
    for r in crashed:
        print(f"  {r['chunk']}: rc={r['rc']} {r['stderr'].strip().splitlines()[-1:] if r['stderr'] else ''}")
        for c in r.get("culprits", []):
            last = c["stderr"].strip().splitlines()[-1:] if c["stderr"] else ""
            print(f"    culprit {c['file']}: rc={c['rc']} {last}")
    for m in mismatches:
        print(f"  SSC999 mismatch: {m}")
    for s in ssc998:
        print(f"  SSC998: {s}")
    print("slowest chunks: " + ", ".join(
        f"{r['chunk']} {r['seconds']:.0f}s" for r in sorted(results, key=lambda r: -r["seconds"])[:8]))
    if args.json:
        Path(args.json).write_text(json.dumps({
            "python": sys.version, "wall_seconds": wall, "files": len(all_files), "lines": lines,
            "codes": dict(codes), "ssc999": dict(judged), "mismatches": mismatches,
            "ssc998": ssc998, "chunks": results,
        }, indent=1))
    bad = codes["SSC998"] or crashed or mismatches
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

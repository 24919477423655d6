"""The Qt example, run for real: headless (``QT_QPA_PLATFORM=offscreen``), with PySide6 from the
test extra. sendsync flags one call in examples/gui/qt_app.py; running the app shows that call
really runs off the thread that owns the widget, and that the call it leaves alone (a slot that
a signal reaches) runs on it. Qt itself prints nothing at the flagged call, which is why this
bug survives in real programs.
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from shared_cases import PACKAGE_ROOT

EXAMPLE = PACKAGE_ROOT / "examples" / "gui" / "qt_app.py"
FLAGGED = "self.progress.setValue(done)"

#: runs the example's window with its progress bar replaced by a subclass that records, at each
#: call, whether the calling thread is the thread the widget belongs to. The label's slot is
#: Qt's own (a signal connected to a bound ``setText`` reaches the C++ slot, not a Python
#: override), so its side is judged by its effect: the text arrives, on a label of the GUI thread.
PROBE = textwrap.dedent('''
    import hashlib, importlib.util, json, os, sys, time
    from PySide6.QtCore import QThread, QThreadPool
    from PySide6.QtWidgets import QApplication, QProgressBar

    spec = importlib.util.spec_from_file_location("qt_app", sys.argv[1])
    qt_app = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(qt_app)
    calls = []

    def own_thread(widget):
        return QThread.currentThread() is widget.thread() or QThread.currentThread() == widget.thread()

    class ProbeBar(QProgressBar):
        def setValue(self, value):  # the flagged call: recorded, not run off its thread
            calls.append(["progress.setValue", own_thread(self)])

    qt_app.QProgressBar = ProbeBar
    app = QApplication([])
    window = qt_app.Window(sys.argv[2:])
    digest = hashlib.sha256()
    for path in sys.argv[2:]:
        with open(path, "rb") as f:
            digest.update(f.read())
    window.start()
    QThreadPool.globalInstance().waitForDone(30000)
    deadline = time.monotonic() + 30
    while window.status.text() != digest.hexdigest() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    status = [window.status.text() == digest.hexdigest(),
              window.status.thread() == app.thread() == QThread.currentThread()]
    print(json.dumps({"calls": calls, "status": status}), flush=True)
    os._exit(0)  # skip interpreter teardown: PySide6 may crash collecting a finished pool's objects
''')


def env() -> dict:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=os.pathsep.join(
        p for p in (str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")) if p))


def line_of(code: str) -> int:
    return next(n for n, text in enumerate(EXAMPLE.read_text(encoding="utf-8").splitlines(), 1)
                if code in text)


def test_sendsync_flags_the_job_and_points_at_the_call_on_the_widget():
    proc = subprocess.run([sys.executable, "-m", "sendsync", "check", "--isolated", "--no-cache",
                           "--format", "json", str(EXAMPLE)],
                          capture_output=True, text=True, env=env(), timeout=120)
    assert proc.returncode == 1, proc.stderr
    (finding,) = json.loads(proc.stdout)["findings"]
    # reported where the job crosses (it holds the widget) ...
    assert (finding["code"], finding["line"]) == ("SSC103", line_of("QThreadPool.globalInstance().start(job)"))
    assert "holds `self.progress`, Qt widget" in finding["message"]
    # ... with a note on what the pool's thread does to the widget: the call run below
    uses = [n for n in finding["notes"] if n["message"] == "the other thread uses it here"]
    assert [n["line"] for n in uses] == [line_of(FLAGGED)]


@pytest.mark.skipif(importlib.util.find_spec("PySide6") is None,
                    reason="PySide6 is not installed (pip install '.[test]' installs it)")
def test_the_flagged_call_really_runs_off_the_widgets_thread(tmp_path: Path):
    files = []
    for i in range(3):
        path = tmp_path / f"f{i}.bin"
        path.write_bytes(bytes(range(256)) * (i + 1))
        files.append(str(path))
    proc = subprocess.run([sys.executable, "-c", PROBE, str(EXAMPLE), *files],
                          capture_output=True, text=True, env=env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout.splitlines()[-1])
    # the job calls the progress bar once per file, each time on the pool's thread
    assert seen["calls"] == [["progress.setValue", False]] * 3
    # the slot the `finished` signal reaches delivers the digest to a label of the GUI thread
    assert seen["status"] == [True, True]

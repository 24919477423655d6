"""A small Qt window that hashes files on a pool thread: the kind of GUI code sendsync is for.

Run `sendsync check examples/` to see its one defect: the job sets the progress bar itself, from
the pool thread. Qt rarely complains at that call; the widget is corrupted, or the program
crashes later. The status label is updated the right way, through a signal: its slot runs on the
GUI thread. The fix for the progress bar is the same: emit a `progress` signal and connect it to
`self.progress.setValue`.
"""
import hashlib
import sys

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QApplication, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget


class HashSignals(QObject):
    finished = Signal(str)


class HashJob(QRunnable):
    def __init__(self, paths, progress):
        super().__init__()
        self.paths = paths
        self.progress = progress
        self.signals = HashSignals()

    def run(self):
        digest = hashlib.sha256()
        for done, path in enumerate(self.paths, 1):
            with open(path, "rb") as f:
                digest.update(f.read())
            self.progress.setValue(done)  # a widget used off the GUI thread
        self.signals.finished.emit(digest.hexdigest())


class Window(QWidget):
    def __init__(self, paths):
        super().__init__()
        self.paths = paths
        self.status = QLabel("idle")
        self.progress = QProgressBar()
        self.progress.setMaximum(len(paths))
        button = QPushButton("Hash")
        button.clicked.connect(self.start)
        layout = QVBoxLayout(self)
        for widget in (self.status, self.progress, button):
            layout.addWidget(widget)

    def start(self):
        job = HashJob(self.paths, self.progress)
        job.signals.finished.connect(self.status.setText)
        QThreadPool.globalInstance().start(job)


def main():
    app = QApplication(sys.argv)
    window = Window(sys.argv[1:])
    window.show()
    sys.exit(app.exec())


if __name__ == "__main__":
    main()

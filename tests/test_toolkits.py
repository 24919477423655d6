"""GUI toolkits and thread-affine clients (pika, wxPython, GTK, Kivy, Qt): objects bound to the
thread that runs their event loop, and the bridges that post work to that thread.

Every flagged case has a clean twin (``name~clean``) that does the same work the way the
toolkit's documentation says. Expected findings are marked in the snippets (``# SSC101``); the
first finding's message must contain the fragment given. No toolkit is installed or imported:
the checker reads source text only.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from harness import assert_marked, check
from sendsync.knowledge import toolkits

CASES = {
    # pika ---------------------------------------------------------------------------------------
    "pika-channel-global-used-by-worker": ("""
        import threading
        import pika
        connection = pika.BlockingConnection(pika.ConnectionParameters("localhost"))
        channel = connection.channel()
        def work(body):
            channel.basic_publish(exchange="", routing_key="jobs", body=body)  # SSC104
        threading.Thread(target=work, args=(b"x",)).start()
        """, "`channel` (pika channel, NotSend: created at line 4)"),
    "pika-channel-global-used-by-worker~clean": ("""
        import functools
        import threading
        import pika
        connection = pika.BlockingConnection(pika.ConnectionParameters("localhost"))
        channel = connection.channel()
        def work(body):
            publish = functools.partial(channel.basic_publish, exchange="", routing_key="jobs", body=body)
            connection.add_callback_threadsafe(publish)
        threading.Thread(target=work, args=(b"x",)).start()
        connection.process_data_events(time_limit=None)
        """, None),
    # the official threaded consumer: the worker acks through the connection's bridge
    "pika-ack-from-worker": ("""
        import threading
        import pika
        def do_work(conn, ch, tag, body):
            ch.basic_ack(delivery_tag=tag)
        def main():
            conn = pika.BlockingConnection(pika.ConnectionParameters("localhost"))
            ch = conn.channel()
            threading.Thread(target=do_work, args=(conn, ch, 1, b"x")).start()  # SSC102
        """, "`ch` (pika channel, NotSend: created at line 7)"),
    "pika-ack-from-worker~clean": ("""
        import functools
        import threading
        import pika
        def ack_message(ch, tag):
            if ch.is_open:
                ch.basic_ack(tag)
        def do_work(conn, ch, tag, body):
            conn.add_callback_threadsafe(functools.partial(ack_message, ch, tag))
        def main():
            conn = pika.BlockingConnection(pika.ConnectionParameters("localhost"))
            ch = conn.channel()
            threading.Thread(target=do_work, args=(conn, ch, 1, b"x")).start()
        """, None),
    "pika-ioloop-bridge": ("""
        import threading
        import pika
        class Consumer:
            def __init__(self):
                self.connection = pika.SelectConnection(pika.ConnectionParameters("localhost"))
                self.channel = self.connection.channel()
            def stop_from_worker(self):
                self.channel.close()
            def start(self):
                threading.Thread(target=self.stop_from_worker).start()  # SSC103
                self.connection.ioloop.start()
        """, "holds `self.connection`, pika connection created at line 5"),
    "pika-ioloop-bridge~clean": ("""
        import threading
        import pika
        class Consumer:
            def __init__(self):
                self.connection = pika.SelectConnection(pika.ConnectionParameters("localhost"))
                self.channel = self.connection.channel()
            def stop_from_worker(self):
                self.connection.ioloop.add_callback_threadsafe(lambda: self.channel.close())
            def start(self):
                threading.Thread(target=self.stop_from_worker).start()
                self.connection.ioloop.start()
        """, None),
    "pika-publisher-object-shared-with-pool": ("""
        from concurrent.futures import ThreadPoolExecutor
        import pika
        class Publisher:
            def __init__(self, url):
                self.connection = pika.BlockingConnection(pika.URLParameters(url))
                self.channel = self.connection.channel()
            def publish(self, body):
                self.channel.basic_publish(exchange="", routing_key="jobs", body=body)
        def main(bodies):
            publisher = Publisher("amqp://localhost")
            with ThreadPoolExecutor() as pool:
                pool.submit(publisher.publish, bodies[0])  # SSC103
        """, "holds `self.connection`, pika connection created at line 5"),
    # one connection per thread, created in that thread, as the pika FAQ says
    "pika-publisher-object-shared-with-pool~clean": ("""
        from concurrent.futures import ThreadPoolExecutor
        import pika
        class Publisher:
            def __init__(self, url):
                self.connection = pika.BlockingConnection(pika.URLParameters(url))
                self.channel = self.connection.channel()
            def publish(self, body):
                self.channel.basic_publish(exchange="", routing_key="jobs", body=body)
        def publish_one(body):
            Publisher("amqp://localhost").publish(body)
        def main(bodies):
            with ThreadPoolExecutor() as pool:
                pool.submit(publish_one, bodies[0])
        """, None),
    # wxPython -----------------------------------------------------------------------------------
    "wx-worker-sets-a-label": ("""
        import threading
        import time
        import wx
        class Frame(wx.Frame):
            def __init__(self):
                super().__init__(None, title="demo")
                self.status = wx.StaticText(self, label="idle")
                self.count = 0
            def start(self):
                threading.Thread(target=self.work, daemon=True).start()  # SSC103
            def work(self):
                time.sleep(1)
                self.count += 1
                self.status.SetLabel("done")
        """, "`self` (Frame, NotSend: subclass of `wx.Frame`, wxPython window"),
    "wx-worker-sets-a-label~clean": ("""
        import threading
        import time
        import wx
        class ResultEvent(wx.PyEvent):
            def __init__(self, data):
                super().__init__()
                self.data = data
        class Frame(wx.Frame):
            def __init__(self):
                super().__init__(None, title="demo")
                self.status = wx.StaticText(self, label="idle")
                self.count = 0
            def start(self):
                threading.Thread(target=self.work, daemon=True).start()
            def work(self):
                time.sleep(1)
                self.count += 1
                wx.CallAfter(self.status.SetLabel, "done")
                wx.CallAfter(self.finish, "ok")
                wx.PostEvent(self, ResultEvent("ok"))
            def finish(self, text):
                self.status.SetLabel(text)
                self.SetTitle(text)
        """, None),
    # wx.CallLater starts a wx.Timer on the calling thread: no bridge
    "wx-call-later-from-worker": ("""
        import threading
        import wx
        class Frame(wx.Frame):
            def __init__(self):
                super().__init__(None, title="demo")
                self.status = wx.StaticText(self, label="idle")
            def start(self):
                threading.Thread(target=self.work, daemon=True).start()
            def work(self):
                wx.CallLater(10, self.finish)
            def finish(self):
                self.status.SetLabel("done")  # SSC103
        """, "(read in `Frame.finish()`, called by `Frame.work`)"),
    "wx-call-later-from-worker~clean": ("""
        import threading
        import wx
        class Frame(wx.Frame):
            def __init__(self):
                super().__init__(None, title="demo")
                self.status = wx.StaticText(self, label="idle")
            def start(self):
                threading.Thread(target=self.work, daemon=True).start()
            def work(self):
                wx.CallAfter(wx.CallLater, 10, self.finish)
            def finish(self):
                self.status.SetLabel("done")
        """, None),
    "wx-inherited-method-from-worker": ("""
        import threading
        import wx
        class Frame(wx.Frame):
            def start(self):
                threading.Thread(target=self.work).start()  # SSC103
            def work(self):
                self.SetTitle("working")
        """, "subclass of `wx.Frame`"),
    "wx-inherited-method-from-worker~clean": ("""
        import threading
        import wx
        class Frame(wx.Frame):
            def start(self):
                threading.Thread(target=self.work).start()
            def work(self):
                wx.CallAfter(self.SetTitle, "working")
        """, None),
    # GTK (PyGObject): the threading guide's own example, and the same without GLib.idle_add ----
    "gtk-worker-updates-progress": ("""
        import threading
        from gi.repository import Gtk
        def app_main():
            win = Gtk.Window(default_height=50, default_width=300)
            progress = Gtk.ProgressBar(show_text=True)
            win.add(progress)
            def example_target():
                for i in range(50):
                    progress.set_text(str(i))  # SSC101
            threading.Thread(target=example_target, daemon=True).start()
        """, "`progress` (GTK widget, NotSend: created at line 5)"),
    "gtk-worker-updates-progress~clean": ("""
        import threading
        import time
        import gi
        gi.require_version("Gtk", "3.0")
        from gi.repository import GLib, Gtk
        def app_main():
            win = Gtk.Window(default_height=50, default_width=300)
            progress = Gtk.ProgressBar(show_text=True)
            win.add(progress)
            def update_progess(i):
                progress.pulse()
                progress.set_text(str(i))
                return False
            def example_target():
                for i in range(50):
                    GLib.idle_add(update_progess, i)
                    time.sleep(0.2)
            win.show_all()
            thread = threading.Thread(target=example_target)
            thread.daemon = True
            thread.start()
        """, None),
    # a template class's children (`Gtk.Template.Child()`) are the widgets the template builds
    # (sharkwouter/minigalaxy's 7fe3fda)
    "gtk-template-child-from-worker": ("""
        import threading
        from gi.repository import Gtk
        @Gtk.Template(filename="tile.ui")
        class Tile(Gtk.Box):
            __gtype_name__ = "Tile"
            icon = Gtk.Template.Child()
            def start(self):
                threading.Thread(target=self.check).start()  # SSC103
            def check(self):
                self.icon.hide()
        """, "the bound method `self.check` passed to threading.Thread"),
    "gtk-template-child-from-worker~clean": ("""
        import threading
        from gi.repository import GLib, Gtk
        @Gtk.Template(filename="tile.ui")
        class Tile(Gtk.Box):
            __gtype_name__ = "Tile"
            icon = Gtk.Template.Child()
            def start(self):
                threading.Thread(target=self.check).start()
            def check(self):
                GLib.idle_add(self.icon.hide)
        """, None),
    "gtk-aliases-are-bridges~clean": ("""
        import threading
        from gi.repository import Gdk, GLib, GObject, Gtk
        class Window(Gtk.Window):
            def __init__(self):
                super().__init__(title="demo")
                self.label = Gtk.Label(label="idle")
            def start(self):
                threading.Thread(target=self.work).start()
            def work(self):
                GObject.idle_add(self.label.set_text, "a")
                Gdk.threads_add_idle(0, self.show_done)
                GLib.timeout_add(100, self.show_done)
            def show_done(self):
                self.label.set_text("done")
                return False
        """, None),
    "gtk-aliases-are-bridges": ("""
        import threading
        from gi.repository import Gtk
        class Window(Gtk.Window):
            def __init__(self):
                super().__init__(title="demo")
                self.label = Gtk.Label(label="idle")
            def start(self):
                threading.Thread(target=self.work).start()
            def work(self):
                self.show_done()
            def show_done(self):
                self.label.set_text("done")  # SSC103
                return False
        """, "subclass of `gi.repository.Gtk.Window`"),
    # Kivy: property assignment on a widget is an operation ---------------------------------------
    "kivy-worker-sets-a-property": ("""
        import threading
        from kivy.uix.boxlayout import BoxLayout
        from kivy.uix.label import Label
        class Root(BoxLayout):
            def __init__(self, **kw):
                super().__init__(**kw)
                self.status = Label(text="idle")
                self.add_widget(self.status)
            def start(self):
                threading.Thread(target=self.work, daemon=True).start()  # SSC103
            def work(self):
                self.status.text = "done"
        """, "Kivy widget"),
    "kivy-worker-sets-a-property~clean": ("""
        import threading
        from kivy.clock import Clock, mainthread
        from kivy.uix.boxlayout import BoxLayout
        from kivy.uix.label import Label
        class Root(BoxLayout):
            def __init__(self, **kw):
                super().__init__(**kw)
                self.status = Label(text="idle")
                self.add_widget(self.status)
            def start(self):
                threading.Thread(target=self.work, daemon=True).start()
            def work(self):
                Clock.schedule_once(lambda dt: self.show("done"), 0)
                self.show_now("done")
            def show(self, text):
                self.status.text = text
            @mainthread
            def show_now(self, text):
                self.status.text = text
        """, None),
    "kivy-mainthread-missing": ("""
        import threading
        from kivy.uix.label import Label
        class Status(Label):
            def start(self):
                threading.Thread(target=self.work, daemon=True).start()
            def work(self):
                self.show_now("done")
            def show_now(self, text):
                self.texture_update()  # SSC103
        """, "subclass of `kivy.uix.label.Label`"),
    "kivy-mainthread-missing~clean": ("""
        import threading
        from kivy.clock import mainthread
        from kivy.uix.label import Label
        class Status(Label):
            def start(self):
                threading.Thread(target=self.work, daemon=True).start()
            def work(self):
                self.show_now("done")
            @mainthread
            def show_now(self, text):
                self.texture_update()
        """, None),
    # Qt, through every binding and import form ---------------------------------------------------
    "qt-qthread-subclass-touches-a-widget": ("""
        from qtpy import QtCore, QtWidgets
        class Loader(QtCore.QThread):
            progress = QtCore.Signal(int)
            def __init__(self, bar):
                super().__init__()
                self.bar = bar
            def run(self):
                for i in range(10):
                    self.msleep(10)
                    self.bar.setValue(i)  # SSC106
        class Window(QtWidgets.QMainWindow):
            def __init__(self):
                super().__init__()
                self.bar = QtWidgets.QProgressBar(self)
                self.loader = Loader(self.bar)
                self.loader.start()
        """, "`self.bar` (Qt widget, NotSend: created at line 14)"),
    # the worker only emits; the slot runs on the GUI thread
    "qt-qthread-subclass-touches-a-widget~clean": ("""
        from qtpy import QtCore, QtWidgets
        class Loader(QtCore.QThread):
            progress = QtCore.Signal(int)
            def run(self):
                for i in range(10):
                    if self.isInterruptionRequested():
                        return
                    self.msleep(10)
                    self.progress.emit(i)
        class Window(QtWidgets.QMainWindow):
            def __init__(self):
                super().__init__()
                self.bar = QtWidgets.QProgressBar(self)
                self.loader = Loader()
                self.loader.progress.connect(self.bar.setValue)
                self.loader.start()
            def closeEvent(self, event):
                self.loader.requestInterruption()
                self.loader.quit()
                self.loader.wait()
        """, None),
    "qt-runnable-touches-a-widget": ("""
        from PyQt5.QtCore import QRunnable, QThreadPool
        from PyQt5.QtWidgets import QLabel, QMainWindow
        class Job(QRunnable):
            def __init__(self, label):
                super().__init__()
                self.label = label
            def run(self):
                self.label.setText("done")
        class Window(QMainWindow):
            def __init__(self):
                super().__init__()
                self.label = QLabel("idle", self)
            def start(self):
                job = Job(self.label)
                QThreadPool.globalInstance().start(job)  # SSC103
        """, "crosses to another thread as the object whose `run()` runs there passed to QThreadPool.start"),
    "qt-runnable-touches-a-widget~clean": ("""
        from PyQt5.QtCore import QObject, QRunnable, QThreadPool, pyqtSignal
        from PyQt5.QtWidgets import QLabel, QMainWindow
        class Signals(QObject):
            done = pyqtSignal(str)
        class Job(QRunnable):
            def __init__(self):
                super().__init__()
                self.signals = Signals()
            def run(self):
                self.signals.done.emit("done")
        class Window(QMainWindow):
            def __init__(self):
                super().__init__()
                self.label = QLabel("idle", self)
                self.pool = QThreadPool()
            def start(self):
                job = Job()
                job.signals.done.connect(self.label.setText)
                self.pool.start(job)
        """, None),
    "qt-pool-callable-captures-a-widget": ("""
        from PyQt6.QtCore import QThreadPool
        from PyQt6 import QtWidgets
        def main():
            label = QtWidgets.QLabel("x")
            QThreadPool.globalInstance().start(lambda: label.setText("done"))  # SSC101
        """, "`label` (Qt widget, NotSend: created at line 4) is captured by the lambda passed to QThreadPool.start"),
    "qt-pool-callable-captures-a-widget~clean": ("""
        from PyQt6.QtCore import QThreadPool
        from PyQt6 import QtWidgets
        def main():
            label = QtWidgets.QLabel("x")
            text = label.text()
            QThreadPool.globalInstance().start(lambda: print(text))
        """, None),
    # QTimer.singleShot on a worker: a bridge only with a context object
    "qt-single-shot-without-context": ("""
        import threading
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QLabel, QWidget
        class View(QWidget):
            def __init__(self):
                super().__init__()
                self.label = QLabel(self)
            def start(self):
                threading.Thread(target=self.work).start()
            def work(self):
                QTimer.singleShot(0, self.show_done)
            def show_done(self):
                self.label.setText("done")  # SSC103
        """, "(read in `View.show_done()`, called by `View.work`)"),
    "qt-single-shot-without-context~clean": ("""
        import threading
        from PySide6.QtCore import QMetaObject, Qt, QTimer, Q_ARG
        from PySide6.QtWidgets import QLabel, QWidget
        class View(QWidget):
            def __init__(self):
                super().__init__()
                self.label = QLabel(self)
            def start(self):
                threading.Thread(target=self.work).start()
            def work(self):
                QTimer.singleShot(0, self, self.show_done)
                QMetaObject.invokeMethod(self.label, "setText", Qt.QueuedConnection, Q_ARG(str, "x"))
            def show_done(self):
                self.label.setText("done")
        """, None),
    "qt-subclass-window-from-worker": ("""
        import threading
        from PyQt5 import QtWidgets
        class MyWindow(QtWidgets.QMainWindow):
            def start(self):
                threading.Thread(target=self.work, daemon=True).start()  # SSC103
            def work(self):
                self.statusBar().showMessage("working")
        """, "subclass of `PyQt5.QtWidgets.QMainWindow`, Qt widget"),
    "qt-subclass-window-from-worker~clean": ("""
        import threading
        from PyQt5 import QtCore, QtWidgets
        class MyWindow(QtWidgets.QMainWindow):
            message = QtCore.pyqtSignal(str)
            def __init__(self):
                super().__init__()
                self.message.connect(self.statusBar().showMessage)
            def start(self):
                threading.Thread(target=self.work, daemon=True).start()
            def work(self):
                self.message.emit("working")
        """, None),
    # the worker-object pattern: moveToThread + started.connect(worker.run)
    "qt-moved-worker-touches-a-widget": ("""
        from PyQt5.QtCore import QObject, QThread, pyqtSignal
        from PyQt5.QtWidgets import QLabel, QMainWindow
        class Worker(QObject):
            finished = pyqtSignal()
            def __init__(self, label):
                super().__init__()
                self.label = label
            def run(self):
                self.label.setText("working")
                self.finished.emit()
        class Window(QMainWindow):
            def __init__(self):
                super().__init__()
                self.label = QLabel("idle", self)
            def start(self):
                self.thread = QThread()
                self.worker = Worker(self.label)
                self.worker.moveToThread(self.thread)
                self.thread.started.connect(self.worker.run)  # SSC103
                self.worker.finished.connect(self.thread.quit)
                self.thread.start()
        """, "`self.worker` (Worker, NotSend: holds `self.label`, Qt widget created at line 14) crosses"
             " to another thread as `self` of the bound method `self.worker.run` passed to QThread.started"),
    "qt-moved-worker-touches-a-widget~clean": ("""
        from PyQt5.QtCore import QObject, QThread, pyqtSignal
        from PyQt5.QtWidgets import QLabel, QMainWindow
        class Worker(QObject):
            finished = pyqtSignal()
            progress = pyqtSignal(str)
            def run(self):
                self.progress.emit("working")
                self.finished.emit()
        class Window(QMainWindow):
            def __init__(self):
                super().__init__()
                self.label = QLabel("idle", self)
            def start(self):
                self.thread = QThread()
                self.worker = Worker()
                self.worker.moveToThread(self.thread)
                self.thread.started.connect(self.worker.run)
                self.worker.progress.connect(self.label.setText)
                self.worker.finished.connect(self.thread.quit)
                self.worker.finished.connect(self.worker.deleteLater)
                self.thread.finished.connect(self.thread.deleteLater)
                self.thread.start()
        """, None),
    # GUI objects are created on the GUI thread only (SSC108) ------------------------------------
    "qt-pixmap-made-in-qthread": ("""
        from PyQt5.QtCore import QThread, pyqtSignal
        from PyQt5.QtGui import QPixmap
        class Loader(QThread):
            ready = pyqtSignal(object)
            def __init__(self, path):
                super().__init__()
                self.path = path
            def run(self):
                self.ready.emit(QPixmap(self.path))  # SSC108
        """, "`QPixmap(self.path)` (Qt pixmap) is created in `Loader.run`, on another thread"
             " (started by `Loader.start()`)"),
    "qt-pixmap-made-in-qthread~clean": ("""
        from PyQt5.QtCore import QThread, pyqtSignal
        from PyQt5.QtGui import QImage, QPixmap
        class Loader(QThread):
            ready = pyqtSignal(object)
            def __init__(self, path):
                super().__init__()
                self.path = path
            def run(self):
                self.ready.emit(QImage(self.path))
        def show(label, image):
            label.setPixmap(QPixmap.fromImage(image))
        """, None),
    "widget-built-by-a-helper-on-a-worker": ("""
        from concurrent.futures import ThreadPoolExecutor
        import wx
        def make_frame(title):
            return wx.Frame(None, title=title)  # SSC108
        def load(title):
            frame = make_frame(title)
            return frame.GetTitle()
        def main():
            with ThreadPoolExecutor() as pool:
                pool.submit(load, "report")
        """, "`wx.Frame(None, title=title)` (wxPython window) is created in `make_frame`, reached from"
             " `load`, on another thread (ThreadPoolExecutor.submit at line 10)"),
    "widget-built-by-a-helper-on-a-worker~clean": ("""
        from concurrent.futures import ThreadPoolExecutor
        import wx
        def make_frame(title):
            return wx.Frame(None, title=title)
        def load(title):
            return title.upper()
        def main():
            with ThreadPoolExecutor() as pool:
                title = pool.submit(load, "report").result()
            make_frame(title).Show()
        """, None),
    "kivy-widget-made-on-a-worker": ("""
        import threading
        from kivy.clock import Clock
        from kivy.uix.label import Label
        def work(root):
            label = Label(text="done")  # SSC108
            Clock.schedule_once(lambda dt: root.add_widget(label))
        def main(root):
            threading.Thread(target=work, args=(root,)).start()
        """, "`Label(text=\"done\")` (Kivy widget) is created in `work`, on another thread"),
    "kivy-widget-made-on-a-worker~clean": ("""
        import threading
        from kivy.clock import Clock
        from kivy.uix.label import Label
        def work(root):
            text = "done"
            Clock.schedule_once(lambda dt: root.add_widget(Label(text=text)))
        def main(root):
            threading.Thread(target=work, args=(root,)).start()
        """, None),
    "gtk-window-subclass-made-on-a-worker": ("""
        import threading
        from gi.repository import Gtk
        class Report(Gtk.Window):
            pass
        def work():
            Report().show_all()  # SSC108
        threading.Thread(target=work).start()
        """, "`Report()` (GTK widget) is created in `work`, on another thread (threading.Thread at line 7)"),
    "gtk-window-subclass-made-on-a-worker~clean": ("""
        import threading
        from gi.repository import GLib, Gtk
        class Report(Gtk.Window):
            pass
        def show():
            Report().show_all()
            return False
        def work():
            GLib.idle_add(show)
        threading.Thread(target=work).start()
        """, None),
    # superqt's ensure_main_thread, bare and called
    "superqt-ensure-main-thread-missing": ("""
        import threading
        from qtpy.QtWidgets import QLabel
        class Status(QLabel):
            def start(self):
                threading.Thread(target=self.work).start()
            def work(self):
                self.show_text("done")
            def show_text(self, text):
                self.setText(text)  # SSC103
        """, "subclass of `qtpy.QtWidgets.QLabel`"),
    "superqt-ensure-main-thread-missing~clean": ("""
        import threading
        from qtpy.QtWidgets import QLabel
        from superqt.utils import ensure_main_thread
        class Status(QLabel):
            def start(self):
                threading.Thread(target=self.work).start()
            def work(self):
                self.show_text("done")
                self.show_now("done")
            @ensure_main_thread
            def show_text(self, text):
                self.setText(text)
            @ensure_main_thread(await_return=True)
            def show_now(self, text):
                self.setText(text)
        """, None),
    # event-driven QObjects (timers, sockets) belong to the thread that made them, unless they
    # have a parent (they go where it goes) or are moved themselves
    "qt-timer-of-a-moved-worker-without-parent": ("""
        from PySide6.QtCore import QObject, QThread, QTimer
        class Worker(QObject):
            def __init__(self):
                super().__init__()
                self.poll = QTimer()
            def run(self):
                self.poll.start(100)
        def main():
            thread = QThread()
            worker = Worker()
            worker.moveToThread(thread)
            thread.started.connect(worker.run)  # SSC103
            thread.start()
        """, "holds `self.poll`, Qt object created at line 5"),
    "qt-timer-of-a-moved-worker-without-parent~clean": ("""
        from PySide6.QtCore import QObject, QThread, QTimer
        class Worker(QObject):
            def __init__(self):
                super().__init__()
                self.poll = QTimer(self)
                self.later = QTimer()
                self.later.moveToThread(QThread.currentThread())
            def run(self):
                self.poll.start(100)
                self.later.start(100)
        def main():
            thread = QThread()
            worker = Worker()
            worker.moveToThread(thread)
            thread.started.connect(worker.run)
            thread.start()
        """, None),
    "qt-socket-used-by-a-thread": ("""
        import threading
        from qtpy.QtNetwork import QTcpSocket
        def main(host):
            sock = QTcpSocket()
            threading.Thread(target=lambda: sock.connectToHost(host, 80)).start()  # SSC101
        """, "`sock` (Qt object, NotSend: created at line 4)"),
    "qt-socket-used-by-a-thread~clean": ("""
        import threading
        from qtpy.QtNetwork import QTcpSocket
        def connect(host):
            sock = QTcpSocket()
            sock.connectToHost(host, 80)
            return sock.waitForConnected(1000)
        def main(host):
            threading.Thread(target=connect, args=(host,)).start()
        """, None),
    # superqt's (and napari's) thread_worker: calling the decorated function hands it, with the
    # call's arguments, to a pool thread; create_worker(fn, *args) does the same for any function
    "superqt-thread-worker-gets-a-widget": ("""
        from qtpy.QtWidgets import QLabel
        from superqt.utils import thread_worker
        @thread_worker
        def load(label, path):
            with open(path) as f:
                label.setText(f.read())
        def main(path):
            label = QLabel()
            worker = load(label, path)  # SSC102
            worker.start()
        """, "is passed to thread_worker as an argument of `load`"),
    "superqt-thread-worker-gets-a-widget~clean": ("""
        from qtpy.QtWidgets import QLabel
        from superqt.utils import thread_worker
        @thread_worker
        def load(path):
            with open(path) as f:
                return f.read()
        def main(path):
            label = QLabel()
            worker = load(path, _start_thread=False)
            worker.returned.connect(label.setText)
            worker.start()
        """, None),
    # only superqt's own options (_start_thread, _connect, ...) are not the function's arguments
    "superqt-thread-worker-private-keyword-is-an-argument": ("""
        from qtpy.QtWidgets import QLabel
        from superqt.utils import thread_worker
        @thread_worker
        def load(path, *, _label):
            _label.setText(path)
        def main(path):
            label = QLabel()
            load(path, _label=label, _start_thread=True)  # SSC102
        """, "is passed to thread_worker as keyword argument `_label`"),
    "superqt-thread-worker-private-keyword-is-an-argument~clean": ("""
        from qtpy.QtWidgets import QLabel
        from superqt.utils import thread_worker
        @thread_worker
        def load(path, *, _upper):
            return path.upper() if _upper else path
        def main(path):
            label = QLabel()
            load(path, _upper=True, _connect={"returned": label.setText}, _start_thread=True)
        """, None),
    "napari-thread-worker-factory-captures-a-widget": ("""
        from napari.qt.threading import thread_worker
        from qtpy.QtWidgets import QLabel
        def main(path):
            label = QLabel()
            @thread_worker(connect={"returned": print})
            def job():
                label.setText(path)  # SSC101
            job()
        """, "is captured by `job` passed to thread_worker"),
    "napari-thread-worker-factory-captures-a-widget~clean": ("""
        from napari.qt.threading import thread_worker
        from qtpy.QtWidgets import QLabel
        def main(path):
            label = QLabel()
            @thread_worker(connect={"returned": label.setText})
            def job():
                return path.upper()
            job()
        """, None),
    "superqt-create-worker-gets-a-widget": ("""
        from qtpy.QtWidgets import QLabel
        from superqt.utils import create_worker
        def fill(label, text):
            label.setText(text)
        def main():
            label = QLabel()
            create_worker(fill, label, "x", _start_thread=True)  # SSC102
        """, "is passed to create_worker as an argument of `fill`"),
    "superqt-create-worker-gets-a-widget~clean": ("""
        from qtpy.QtWidgets import QLabel
        from superqt.utils import create_worker
        def compute(text):
            return text.upper()
        def main():
            label = QLabel()
            worker = create_worker(compute, "x", _start_thread=True)
            worker.returned.connect(label.setText)
        """, None),
    # a function both threads run, creating a widget only under a condition: the condition may
    # be what keeps the creation on the GUI thread (pywebview's `if window.uid == "master":`)
    "qt-widget-created-by-a-function-both-threads-run": ("""
        import threading
        from PySide6.QtWidgets import QMenuBar
        def create_window(master):
            bar = QMenuBar()  # SSC108
            return bar if master else None
        def start():
            create_window(True)
            threading.Thread(target=create_window, args=(False,)).start()
        """, "is created in `create_window`"),
    "qt-widget-created-by-a-function-both-threads-run~clean": ("""
        import threading
        from PySide6.QtWidgets import QMenuBar
        def create_window(master):
            if master:
                return QMenuBar()
            return None
        def start():
            create_window(True)
            threading.Thread(target=create_window, args=(False,)).start()
        """, None),
    # ... but a condition in code only a worker runs keeps nothing on the GUI thread
    "qt-widget-created-under-a-condition-by-a-worker": ("""
        import threading
        from PySide6.QtWidgets import QMenuBar
        def build(wanted):
            if wanted:
                return QMenuBar()  # SSC108
            return None
        def start():
            threading.Thread(target=build, args=(True,)).start()
        """, "is created in `build`"),
    "qt-widget-created-under-a-condition-by-a-worker~clean": ("""
        import threading
        from PySide6.QtWidgets import QMenuBar
        def build(wanted):
            return "menu" if wanted else None
        def start():
            threading.Thread(target=build, args=(True,)).start()
            return QMenuBar()
        """, None),
    # a timer moved in another function is another timer
    "qt-timer-moved-elsewhere-is-not-this-one": ("""
        import threading
        from PySide6.QtCore import QThread, QTimer
        def worker_side(thread):
            timer = QTimer()
            timer.moveToThread(thread)
            return timer
        def bug():
            timer = QTimer()
            threading.Thread(target=lambda: timer.start(10)).start()  # SSC101
        """, "`timer` (Qt object, NotSend: created at line 8)"),
    "qt-timer-moved-elsewhere-is-not-this-one~clean": ("""
        import threading
        from PySide6.QtCore import QThread, QTimer
        def fine(thread):
            timer = QTimer()
            timer.moveToThread(thread)
            threading.Thread(target=lambda: timer.start(10)).start()
        """, None),
    # napari's pattern: a method decorated with thread_worker, started by the widget
    "napari-thread-worker-method-touches-the-widget": ("""
        from napari.qt.threading import thread_worker
        from qtpy.QtWidgets import QLabel, QWidget
        class Panel(QWidget):
            def __init__(self):
                super().__init__()
                self.label = QLabel()
            @thread_worker
            def _load(self, path):
                self.label.setText(open(path).read())
            def start(self, path):
                self._load(path).start()  # SSC103
        """, "crosses to another thread as `self` of the bound method `self._load` passed to thread_worker"),
    "napari-thread-worker-method-touches-the-widget~clean": ("""
        from napari.qt.threading import thread_worker
        from qtpy.QtWidgets import QLabel, QWidget
        class Panel(QWidget):
            def __init__(self):
                super().__init__()
                self.label = QLabel()
            @thread_worker
            def _load(self, path):
                return open(path).read()
            def start(self, path):
                worker = self._load(path)
                worker.returned.connect(self.label.setText)
                worker.start()
        """, None),
    # guard clauses and conditional expressions are conditions too
    "qt-widget-created-after-a-guard-by-a-worker": ("""
        import threading
        from PySide6.QtWidgets import QMenuBar
        def build(wanted):
            if not wanted:
                return None
            return QMenuBar()  # SSC108
        def start():
            threading.Thread(target=build, args=(True,)).start()
        """, "is created in `build`"),
    "qt-widget-created-after-a-guard-by-a-worker~clean": ("""
        import threading
        from PySide6.QtWidgets import QMenuBar
        def create_window(master):
            if not master:
                return None
            return QMenuBar()
        def create2(master):
            return QMenuBar() if master else None
        def start():
            create_window(True)
            create2(True)
            threading.Thread(target=create_window, args=(False,)).start()
            threading.Thread(target=create2, args=(False,)).start()
        """, None),
    # the decorated function's body runs on the pool thread, not where it is called
    "superqt-thread-worker-builds-a-widget": ("""
        from qtpy.QtWidgets import QLabel
        from superqt.utils import thread_worker
        @thread_worker
        def build(text):
            return QLabel(text)  # SSC108
        def main():
            build("x").start()
        """, "is created in `build`"),
    "superqt-thread-worker-builds-a-widget~clean": ("""
        from qtpy.QtWidgets import QLabel
        def build(text):
            return QLabel(text)
        def main():
            return build("x")
        """, None),
    # signals: a lambda or plain function connected without a context object runs on the
    # emitting thread; a Qt object's method (a widget's slot, a window's own) runs on its thread
    "qt-lambda-slot-runs-on-the-emitting-thread": ("""
        from PySide6.QtCore import QThread, Signal
        from PySide6.QtWidgets import QMainWindow, QProgressBar
        class Loader(QThread):
            progress = Signal(int)
            def run(self):
                for i in range(10):
                    self.progress.emit(i)
        class Window(QMainWindow):
            def __init__(self):
                super().__init__()
                self.bar = QProgressBar(self)
                self.loader = Loader()
                self.loader.progress.connect(lambda v: self.bar.setValue(v))  # SSC101
                self.loader.start()
        """, "is captured by the lambda called by `Loader.run` passed to QThread"),
    "qt-lambda-slot-runs-on-the-emitting-thread~clean": ("""
        from PySide6.QtCore import QThread, Qt, Signal
        from PySide6.QtWidgets import QMainWindow, QProgressBar
        class Loader(QThread):
            progress = Signal(int)
            def run(self):
                for i in range(10):
                    self.progress.emit(i)
        class Window(QMainWindow):
            def __init__(self):
                super().__init__()
                self.bar = QProgressBar(self)
                self.loader = Loader()
                self.loader.progress.connect(self.bar.setValue)
                self.loader.progress.connect(self.on_progress)
                self.loader.progress.connect(lambda v: self.bar.setValue(v), Qt.QueuedConnection)
                self.loader.progress.connect(self, lambda v: self.bar.setValue(v))
                self.loader.start()
            def on_progress(self, value):
                self.bar.setValue(value)
        """, None),
    "qt-plain-function-slot-on-a-worker-signal": ("""
        import threading
        from PySide6.QtCore import QObject, Signal
        from PySide6.QtWidgets import QLabel
        class Bus(QObject):
            message = Signal(str)
        bus = Bus()
        label = QLabel()
        def show(text):
            label.setText(text)  # SSC104
        bus.message.connect(show)
        def work():
            bus.message.emit("hi")
        threading.Thread(target=work).start()
        """, "`label` (Qt widget, NotSend: created at line 7) is a module global read by `work`"
             " (read in `show()`, called by `work`)"),
    "qt-plain-function-slot-on-a-worker-signal~clean": ("""
        import threading
        from PySide6.QtCore import QObject, Signal
        from PySide6.QtWidgets import QLabel
        class Bus(QObject):
            message = Signal(str)
        bus = Bus()
        label = QLabel()
        bus.message.connect(label.setText)
        def work():
            bus.message.emit("hi")
        threading.Thread(target=work).start()
        """, None),
    # Kivy properties of a project's own widget class: inherited (`text`) or declared
    "kivy-subclass-sets-its-own-property": ("""
        import threading
        from kivy.properties import StringProperty
        from kivy.uix.boxlayout import BoxLayout
        from kivy.uix.label import Label
        class Status(Label):
            def start(self):
                threading.Thread(target=self.work, daemon=True).start()  # SSC103
            def work(self):
                self.running = True
                self.text = "done"
        class Panel(BoxLayout):
            note = StringProperty("")
            def start(self):
                threading.Thread(target=self.work, daemon=True).start()  # SSC103
            def work(self):
                self.note = "done"
        """, "`self` (Status, NotSend: subclass of `kivy.uix.label.Label`, Kivy widget"),
    # plain attributes of a widget subclass are the object's own
    "kivy-subclass-sets-its-own-property~clean": ("""
        import threading
        from kivy.clock import mainthread
        from kivy.properties import StringProperty
        from kivy.uix.boxlayout import BoxLayout
        from kivy.uix.label import Label
        class Status(Label):
            def start(self):
                threading.Thread(target=self.work, daemon=True).start()
            def work(self):
                self.running = True
                self.finish("done")
            @mainthread
            def finish(self, text):
                self.text = text
        class Panel(BoxLayout):
            note = StringProperty("")
            def start(self):
                threading.Thread(target=self.work, daemon=True).start()
            def work(self):
                self.value = 3
                self.count = 1
        """, None),
    # pypubsub (wx.lib.pubsub) delivers synchronously, on the sending thread
    "wx-pubsub-listener-runs-on-the-worker": ("""
        import threading
        import wx
        from pubsub import pub
        class Frame(wx.Frame):
            def __init__(self):
                super().__init__(None)
                self.label = wx.StaticText(self, label="idle")
                pub.subscribe(self.on_update, "update")
            def on_update(self, msg):
                self.label.SetLabel(msg)  # SSC104
            def start(self):
                threading.Thread(target=work).start()
        def work():
            pub.sendMessage("update", msg="done")
        """, "(read in `Frame.on_update()`, called by `work`)"),
    "wx-pubsub-listener-runs-on-the-worker~clean": ("""
        import threading
        import wx
        from wx.lib.pubsub import pub
        class Frame(wx.Frame):
            def __init__(self):
                super().__init__(None)
                self.label = wx.StaticText(self, label="idle")
                pub.subscribe(self.on_update, "update")
                pub.subscribe(self.on_log, "log")
            def on_update(self, msg):
                self.label.SetLabel(msg)
            def on_log(self, line):
                print(line)
            def start(self):
                threading.Thread(target=work).start()
        def work():
            wx.CallAfter(pub.sendMessage, "update", msg="done")
            pub.sendMessage("log", line="x")
        """, None),
    # GObject signals run their handlers where they are emitted
    "gtk-gobject-signal-emitted-on-a-worker": ("""
        import threading
        from gi.repository import GObject, Gtk
        class Downloader(GObject.Object):
            __gsignals__ = {"progress": (GObject.SignalFlags.RUN_LAST, None, (int,))}
            def start(self):
                threading.Thread(target=self.run, daemon=True).start()
            def run(self):
                for i in range(10):
                    self.emit("progress", i)
        class Window(Gtk.Window):
            def __init__(self):
                super().__init__(title="demo")
                self.bar = Gtk.ProgressBar()
                self.downloader = Downloader()
                self.downloader.connect("progress", self.on_progress)
            def on_progress(self, downloader, i):
                self.bar.set_fraction(i / 10)  # SSC104
        """, "(read in `Window.on_progress()`, called by `Downloader.run`)"),
    "gtk-gobject-signal-emitted-on-a-worker~clean": ("""
        import threading
        from gi.repository import GLib, GObject, Gtk
        class Downloader(GObject.Object):
            __gsignals__ = {"progress": (GObject.SignalFlags.RUN_LAST, None, (int,))}
            def start(self):
                threading.Thread(target=self.run, daemon=True).start()
            def run(self):
                for i in range(10):
                    GLib.idle_add(self.emit, "progress", i)
        class Window(Gtk.Window):
            def __init__(self):
                super().__init__(title="demo")
                self.bar = Gtk.ProgressBar()
                self.downloader = Downloader()
                self.downloader.connect("progress", self.on_progress)
            def on_progress(self, downloader, i):
                self.bar.set_fraction(i / 10)
        """, None),
}


@pytest.mark.parametrize("name", list(CASES))
def test_toolkit_shape(name):
    snippet, fragment = CASES[name]
    assert_marked(snippet, *([fragment] if fragment else []))


def test_every_flagged_shape_has_a_clean_twin():
    flagged = [name for name in CASES if "~clean" not in name]
    assert all(f"{name}~clean" in CASES for name in flagged), flagged


def test_checking_imports_no_toolkit():
    toolkits = ("pika", "wx", "gi", "kivy", "PyQt5", "PyQt6", "PySide2", "PySide6", "qtpy")
    before = {name for name in toolkits if name in sys.modules}
    for snippet, _ in CASES.values():
        assert_marked(snippet)
    assert {name for name in toolkits if name in sys.modules} == before


def test_every_toolkit_entry_has_a_flagged_case():
    messages = " ".join(d.message for name, (snippet, _) in CASES.items() if "~clean" not in name
                        for d in check(snippet))
    missing = [fact.label for fact in toolkits.TYPES
               if (fact.not_send or fact.not_sync) and fact.label not in messages]
    assert not missing, missing


QT_APP = Path(__file__).resolve().parents[1] / "examples" / "gui" / "qt_app.py"


def test_qt_example_has_its_one_crossing_and_its_fix_is_clean():
    source = QT_APP.read_text(encoding="utf-8")
    found = check({"qt_app": source})
    assert [(d.line, d.code) for d in found] == [(52, "SSC103")], [str(d) for d in found]
    assert "holds `self.progress`, Qt widget created at line 41" in found[0].message
    # the fix the module's docstring gives: a signal, whose slot runs on the GUI thread
    fixed = source.replace("    finished = Signal(str)\n", "    finished = Signal(str)\n    progress = Signal(int)\n")
    fixed = fixed.replace("self.progress.setValue(done)  # a widget used off the GUI thread",
                          "self.signals.progress.emit(done)")
    fixed = fixed.replace("        job.signals.finished.connect(self.status.setText)\n",
                          "        job.signals.finished.connect(self.status.setText)\n"
                          "        job.signals.progress.connect(self.progress.setValue)\n")
    assert fixed.count("progress.emit") == 1 and fixed.count("progress.connect") == 1
    assert check({"qt_app": fixed}) == []

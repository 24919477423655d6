"""GUI toolkits and thread-affine clients: objects bound to the thread that runs their event loop,
and the bridges that post work to that thread. Data only; same shapes as ``types.py``,
``calls.py`` and ``boundaries.py``.

Every toolkit here has the shape asyncio has: objects that only the thread running the loop may
touch, and one or two calls that any thread may make to have a callable run on that thread. The
objects are NotSend (they must stay on their thread); the bridges are ``bridge`` roles, so that
what a worker hands to one is neither run nor operated on by the worker.

Each entry quotes the toolkit's own documentation (``source``) at ``url``.
"""
from __future__ import annotations

from typing import Tuple

from .boundaries import Arg, Boundary
from .calls import CallFact, MethodFact
from .types import Factory, Method, TypeFact, Variant

# ------------------------------------------------------------------------------------- pika
PIKA_FAQ = "https://pika.readthedocs.io/en/stable/faq.html"
PIKA_FAQ_SENTENCE = (
    "Pika does not have any notion of threading in the code. If you want to use Pika with "
    "threading, make sure you have a Pika connection per thread, created in that thread. It is "
    "not safe to share one Pika connection across threads, with one exception: you may call the "
    "connection method add_callback_threadsafe from another thread to schedule a callback "
    "within an active pika connection."
)
PIKA_BLOCKING_DOC = "https://pika.readthedocs.io/en/stable/modules/adapters/blocking.html"
PIKA_SELECT_DOC = "https://pika.readthedocs.io/en/stable/modules/adapters/select.html"

_PIKA_BLOCKING = (
    "pika.BlockingConnection", "pika.adapters.BlockingConnection",
    "pika.adapters.blocking_connection.BlockingConnection",
)
_PIKA_ASYNC = (
    "pika.SelectConnection", "pika.adapters.SelectConnection",
    "pika.adapters.select_connection.SelectConnection",
    "pika.adapters.asyncio_connection.AsyncioConnection",
    "pika.adapters.tornado_connection.TornadoConnection",
    "pika.adapters.gevent_connection.GeventConnection",
    "pika.adapters.base_connection.BaseConnection", "pika.connection.Connection",
)

PIKA_CONNECTION = TypeFact(
    _PIKA_BLOCKING + _PIKA_ASYNC, "pika connection", not_send=True, not_sync=True,
    source=PIKA_FAQ_SENTENCE, url=PIKA_FAQ,
)
PIKA_CHANNEL = TypeFact(
    ("pika.adapters.blocking_connection.BlockingChannel", "pika.channel.Channel"),
    "pika channel", not_send=True, not_sync=True,
    source=PIKA_FAQ_SENTENCE + " (A channel is opened by connection.channel() and speaks "
    "through its connection.)",
    url=PIKA_FAQ,
)
PIKA_IOLOOP_SENTENCE = (
    "add_callback_threadsafe(callback): Requests a call to the given function as soon as "
    "possible in the context of this IOLoop's thread. NOTE: This is the only thread-safe "
    "method in IOLoop. All other manipulations of IOLoop must be performed from the IOLoop's "
    "thread."
)
PIKA_BRIDGE_SENTENCE = (
    "add_callback_threadsafe(callback): Requests a call to the given function as soon as "
    "possible in the context of this connection's thread. NOTE: This is the only thread-safe "
    "method in BlockingConnection. All other manipulations of BlockingConnection must be "
    "performed from the connection's thread."
)

# ---------------------------------------------------------------------------------- wxPython
WX_THREADS_DOC = "https://docs.wxwidgets.org/3.2/overview_thread.html"
WX_CALLAFTER_DOC = "https://docs.wxpython.org/wx.functions.html#wx.CallAfter"
WX_POSTEVENT_DOC = "https://docs.wxwidgets.org/3.2/group__group__funcmacro__events.html"
WX_SENTENCE = (
    "If you do decide to use threads in your application, it is strongly recommended that no "
    "more than one thread calls GUI functions."
)
WX_CALLAFTER_SENTENCE = (
    "wx.CallAfter: Call the specified function after the current and pending event handlers "
    "have been completed. This is also good for making GUI method calls from non-GUI threads."
)
#: quoted from wxWidgets' reference of wxPostEvent (interface/wx/event.h), which wx.PostEvent wraps
WX_POSTEVENT_BEHAVIOUR = (
    "In a GUI application, this function posts event to the specified dest object using "
    "wxEvtHandler::AddPendingEvent(). Otherwise, it dispatches event immediately using "
    "wxEvtHandler::ProcessEvent(). [...] Because of limitation of "
    "wxEvtHandler::AddPendingEvent() this function is not thread-safe for event objects having "
    "wxString fields, use wxQueueEvent() instead."
)
_WX_WINDOWS = (
    "Window", "TopLevelWindow", "Frame", "Dialog", "Panel", "ScrolledWindow", "Control",
    "Button", "BitmapButton", "ToggleButton", "StaticText", "StaticBitmap", "StaticBox",
    "TextCtrl", "ComboBox", "Choice", "ListBox", "CheckListBox", "CheckBox", "RadioButton",
    "RadioBox", "Gauge", "Slider", "SpinCtrl", "SpinCtrlDouble", "ListCtrl", "ListView",
    "TreeCtrl", "Notebook", "StatusBar", "ToolBar", "MenuBar", "Menu", "SplitterWindow",
    "MessageDialog", "FileDialog", "DirDialog", "ProgressDialog", "GenericProgressDialog",
    "SearchCtrl", "grid.Grid", "html.HtmlWindow",
    "stc.StyledTextCtrl", "adv.CalendarCtrl", "adv.DatePickerCtrl", "dataview.DataViewCtrl",
    "aui.AuiNotebook", "lib.scrolledpanel.ScrolledPanel",
)
WX_WINDOW = TypeFact(
    tuple(f"wx.{w}" for w in _WX_WINDOWS), "wxPython window", not_send=True, not_sync=True,
    source=WX_SENTENCE, url=WX_THREADS_DOC, gui_thread=True,
)

#: pypubsub (also shipped as wx.lib.pubsub), the messaging wxPython programs use: synchronous
PUBSUB_DOC = "https://wxpython.org/Phoenix/docs/html/wx.lib.pubsub.pub.html"
PUBSUB_BEHAVIOUR = (
    "Documented behaviour, not a quotation: pub.sendMessage(topic, **data) calls every listener "
    "subscribed to the topic before it returns, on the thread that sends; a worker that wants a "
    "listener to touch the GUI sends through wx.CallAfter(pub.sendMessage, ...)."
)
_PUBSUB = ("pubsub.pub", "wx.lib.pubsub.pub")

# ------------------------------------------------------------------------------ GTK (PyGObject)
GTK_THREADS_DOC = "https://pygobject.gnome.org/guide/threading.html"
GTK_SENTENCE = (
    "GLib.idle_add() takes the update_progess() function and arguments that will get passed to "
    "the function and asks the main loop to schedule its execution in the main thread. This is "
    "needed because GTK isn't thread safe; only one thread, the main thread, is allowed to call "
    "GTK code at all times."
)
GTK_ALIASES_SENTENCE = (
    "Replace any call to Gdk.threads_add_*() with their GLib counterpart. For example "
    "GLib.idle_add() instead of Gdk.threads_add_idle()."
)
_GTK_WIDGETS = (
    "Widget", "Container", "Bin", "Window", "ApplicationWindow", "Dialog", "MessageDialog",
    "AboutDialog", "FileChooserDialog", "Label", "Button", "ToggleButton", "CheckButton",
    "RadioButton", "Switch", "Entry", "SearchEntry", "SpinButton", "Scale", "TextView",
    "TextBuffer", "ProgressBar", "LevelBar", "Spinner", "Image", "Box", "Grid", "Paned", "Stack",
    "Notebook", "HeaderBar", "ScrolledWindow", "Viewport", "Frame", "Expander", "Revealer",
    "ListBox", "ListBoxRow", "FlowBox", "TreeView", "ListStore", "TreeStore", "ComboBox",
    "ComboBoxText", "DrawingArea", "Statusbar", "InfoBar", "Popover", "Menu", "MenuItem",
    "MenuBar", "Toolbar", "ToolButton", "Calendar",
)
GTK_WIDGET = TypeFact(
    tuple(f"gi.repository.Gtk.{w}" for w in _GTK_WIDGETS), "GTK widget", not_send=True,
    not_sync=True, source=GTK_SENTENCE, url=GTK_THREADS_DOC, gui_thread=True,
)

GTK_SIGNALS_SENTENCE = (
    "Signals get executed in the context they are emitted from. In which context the object is "
    "created or where connect() is called from doesn't matter."
)
#: GObject classes: ``obj.emit("name", ...)`` runs, on the emitting thread, the handlers
#: ``obj.connect("name", handler)`` connected (``handler(obj, *args)``)
GOBJECT_EMITTERS = ("gi.repository.GObject.Object", "gi.repository.GObject.GObject", "gobject.GObject")

# ------------------------------------------------------------------------------------- Kivy
KIVY_THREADS_DOC = "https://github.com/kivy/kivy/wiki/Working-with-Python-threads-inside-a-Kivy-application"
KIVY_CLOCK_DOC = "https://kivy.org/doc/stable/api-kivy.clock.html"
KIVY_SENTENCE = (
    "OpenGL related operations (widget, canvas, property manipulation etc.) should be done only "
    "in the main thread. This example shows us how to use Clock or the mainthread decorator to "
    "perform these actions."
)
KIVY_CLOCK_SENTENCE = (
    "Also, all the scheduling and canceling methods are fully thread safe and can be safely "
    "used from external threads."
)
KIVY_MAINTHREAD_SENTENCE = (
    "mainthread: Decorator that will schedule the call of the function for the next available "
    "frame in the mainthread. It can be useful when you use UrlRequest or when you do Thread "
    "programming: you cannot do any OpenGL-related work in a thread."
)
_KIVY_WIDGETS = (
    "widget.Widget", "label.Label", "button.Button", "togglebutton.ToggleButton",
    "textinput.TextInput", "image.Image", "image.AsyncImage", "progressbar.ProgressBar",
    "slider.Slider", "switch.Switch", "checkbox.CheckBox", "spinner.Spinner",
    "boxlayout.BoxLayout", "gridlayout.GridLayout", "floatlayout.FloatLayout",
    "relativelayout.RelativeLayout", "anchorlayout.AnchorLayout", "stacklayout.StackLayout",
    "scrollview.ScrollView", "screenmanager.Screen", "screenmanager.ScreenManager",
    "popup.Popup", "modalview.ModalView", "recycleview.RecycleView", "video.Video",
    "camera.Camera", "tabbedpanel.TabbedPanel", "treeview.TreeView",
)
#: Kivy properties: assigning one is an operation on the widget (it dispatches events and
#: redraws), even on an object of a project subclass, where other attributes are the object's own
KIVY_PROPERTIES_DOC = "https://kivy.org/doc/stable/api-kivy.properties.html"
_KIVY_WIDGET_PROPERTIES = (
    "x", "y", "width", "height", "pos", "size", "size_hint", "size_hint_x", "size_hint_y",
    "size_hint_min", "size_hint_max", "pos_hint", "center", "center_x", "center_y", "right",
    "top", "opacity", "disabled", "ids",
)
_KIVY_CLASS_PROPERTIES = {
    "label.Label": ("text", "color", "font_size", "font_name", "bold", "italic", "halign",
                    "valign", "markup", "text_size", "texture", "padding", "max_lines"),
    "button.Button": ("text", "color", "font_size", "background_color", "background_normal",
                      "state", "markup"),
    "togglebutton.ToggleButton": ("text", "state", "group", "background_color"),
    "textinput.TextInput": ("text", "hint_text", "readonly", "focus", "foreground_color",
                            "background_color"),
    "image.Image": ("source", "texture", "color"),
    "image.AsyncImage": ("source", "texture", "color"),
    "progressbar.ProgressBar": ("value", "max"),
    "slider.Slider": ("value", "min", "max", "step"),
    "switch.Switch": ("active",),
    "checkbox.CheckBox": ("active", "state"),
    "spinner.Spinner": ("text", "values"),
    "boxlayout.BoxLayout": ("orientation", "spacing", "padding"),
    "gridlayout.GridLayout": ("cols", "rows", "spacing", "padding"),
    "screenmanager.ScreenManager": ("current",),
    "popup.Popup": ("title", "content"),
}
#: the types whose assigned attributes are operations: (type key, property names)
PROPERTIES = tuple(
    (f"kivy.uix.{w}", _KIVY_WIDGET_PROPERTIES + _KIVY_CLASS_PROPERTIES.get(w, ())) for w in (
        "widget.Widget", "label.Label", "button.Button", "togglebutton.ToggleButton",
        "textinput.TextInput", "image.Image", "image.AsyncImage", "progressbar.ProgressBar",
        "slider.Slider", "switch.Switch", "checkbox.CheckBox", "spinner.Spinner",
        "boxlayout.BoxLayout", "gridlayout.GridLayout", "floatlayout.FloatLayout",
        "relativelayout.RelativeLayout", "anchorlayout.AnchorLayout", "stacklayout.StackLayout",
        "scrollview.ScrollView", "screenmanager.Screen", "screenmanager.ScreenManager",
        "popup.Popup", "modalview.ModalView",
    )
)
#: a class attribute made by one of these is a property of the project's subclass too
PROPERTY_FACTORIES = tuple(f"kivy.properties.{p}" for p in (
    "StringProperty", "NumericProperty", "BooleanProperty", "ObjectProperty", "ListProperty",
    "DictProperty", "OptionProperty", "BoundedNumericProperty", "ReferenceListProperty",
    "AliasProperty", "ColorProperty", "VariableListProperty",
))

KIVY_WIDGET = TypeFact(
    tuple(f"kivy.uix.{w}" for w in _KIVY_WIDGETS), "Kivy widget", not_send=True, not_sync=True,
    source=KIVY_SENTENCE, url=KIVY_THREADS_DOC, gui_thread=True,
)

# --------------------------------------------------------------------------------------- Qt
#: every binding, however imported: ``from PyQt5.QtWidgets import QLabel`` and
#: ``from qtpy import QtWidgets; QtWidgets.QLabel`` both name ``<binding>.QtWidgets.QLabel``
QT_BINDINGS = ("PyQt5", "PyQt6", "PySide2", "PySide6", "qtpy")
QT_THREADS_DOC = "https://doc.qt.io/qt-6/threads-qobject.html"
#: read in the Qt 4.6 edition of this page ("QObject Reentrancy"); the section carries on into
#: the Qt 5 and Qt 6 editions
QT_SENTENCE = (
    "Although QObject is reentrant, the GUI classes, notably QWidget and all its subclasses, "
    "are not reentrant. They can only be used from the main thread."
)
#: the sentences below are quoted from the qdoc comments of qtbase's sources, which the pages at
#: doc.qt.io are generated from (qmetaobject.cpp, qtimer.cpp, qcoreapplication.cpp,
#: qthreadpool.cpp, qthread.cpp)
QT_INVOKE_BEHAVIOUR = (
    "If type is Qt::QueuedConnection, a QEvent will be sent and the member is invoked as soon "
    "as the application enters the main event loop."
)
QT_SINGLESHOT_BEHAVIOUR = (
    "If context is specified, then the functor will be called only if the context object has "
    "not been destroyed before the interval occurs. The functor will then be run the thread of "
    "context. The context's thread must have a running Qt event loop."
)
QT_POSTEVENT_BEHAVIOUR = (
    "Adds the event event, with the object receiver as the receiver of the event, to an event "
    "queue and returns immediately. Note: This function is thread-safe."
)
QT_POOL_BEHAVIOUR = (
    "Reserves a thread and uses it to run runnable, unless this thread will make the current "
    "thread count exceed maxThreadCount(). In that case, runnable is added to a run queue "
    "instead."
)
_QT_WIDGETS = (
    "QWidget", "QMainWindow", "QDialog", "QMessageBox", "QFileDialog", "QInputDialog",
    "QProgressDialog", "QLabel", "QPushButton", "QToolButton", "QCheckBox", "QRadioButton",
    "QAbstractButton", "QLineEdit", "QTextEdit", "QPlainTextEdit", "QTextBrowser", "QComboBox",
    "QSpinBox", "QDoubleSpinBox", "QSlider", "QDial", "QProgressBar", "QLCDNumber",
    "QListWidget", "QTreeWidget", "QTableWidget", "QListView", "QTreeView", "QTableView",
    "QAbstractItemView", "QAbstractScrollArea", "QScrollArea", "QTabWidget", "QStackedWidget",
    "QGroupBox", "QFrame", "QSplitter", "QStatusBar", "QMenuBar", "QMenu", "QToolBar",
    "QDockWidget", "QGraphicsView", "QCalendarWidget", "QDateEdit", "QTimeEdit",
    "QDateTimeEdit", "QSystemTrayIcon",
)
QT_WIDGET = TypeFact(
    tuple(f"{b}.QtWidgets.{w}" for b in QT_BINDINGS for w in _QT_WIDGETS),
    "Qt widget", not_send=True, not_sync=True, source=QT_SENTENCE, url=QT_THREADS_DOC,
    gui_thread=True,
)
QT_PIXMAP = TypeFact(
    tuple(f"{b}.QtGui.QPixmap" for b in QT_BINDINGS), "Qt pixmap", not_send=True, not_sync=True,
    source=(
        "Documented behaviour, not a quotation: QPixmap is a GUI-thread class (Qt warns "
        "\"QPixmap: It is not safe to use pixmaps outside the GUI thread\" when one is used "
        "elsewhere); QImage is the image class meant for other threads."
    ),
    url="https://doc.qt.io/qt-6/qpixmap.html", gui_thread=True,
)
#: event-driven QObjects whose only constructor argument is their parent: they belong to the
#: thread that made them (timers and the network module, the page says), unless they have a
#: parent (then they go where it goes) or are moved themselves
QT_OBJECT_SENTENCE = (
    "Event driven objects may only be used in a single thread. Specifically, this applies to "
    "the timer mechanism and the network module. For example, you cannot start a timer or "
    "connect a socket in a thread that is not the object's thread."
)
QT_MOVE_SENTENCE = (
    "moveToThread(): Changes the thread affinity for this object and its children. The object "
    "cannot be moved if it has a parent. Event processing will continue in the targetThread."
)
_QT_OBJECTS = (
    "QtCore.QTimer", "QtCore.QProcess", "QtNetwork.QTcpSocket", "QtNetwork.QUdpSocket",
    "QtNetwork.QLocalSocket", "QtNetwork.QTcpServer", "QtNetwork.QLocalServer",
    "QtNetwork.QNetworkAccessManager",
)
QT_OBJECT = TypeFact(
    tuple(f"{b}.{o}" for b in QT_BINDINGS for o in _QT_OBJECTS), "Qt object", not_send=True,
    not_sync=True, source=QT_OBJECT_SENTENCE, url=QT_THREADS_DOC,
)
#: one made with a parent, or moved with its own moveToThread(): it lives where its parent or
#: the move puts it, which the checker does not follow, so it gets no verdict (Send + Sync)
QT_OBJECT_PLACED = TypeFact(
    ("QtCore.QObject[placed]",), "Qt object with a parent", not_send=False, not_sync=False,
    source=QT_MOVE_SENTENCE, url="https://doc.qt.io/qt-6/qobject.html#moveToThread",
)

#: Send + Sync: listed so that its ``start`` can be a boundary
QT_THREAD_POOL = TypeFact(
    tuple(f"{b}.QtCore.QThreadPool" for b in QT_BINDINGS), "QThreadPool", not_send=False,
    not_sync=False, source=QT_POOL_BEHAVIOUR, url="https://doc.qt.io/qt-6/qthreadpool.html",
)
#: QThread subclasses: ``run()`` is the root of a thread of its own, as for ``threading.Thread``
THREAD_CLASSES = frozenset(f"{b}.QtCore.QThread" for b in QT_BINDINGS)
QT_STARTED_BEHAVIOUR = (
    "This signal is emitted from the associated thread when it starts executing, so any slots "
    "connected to it may be called via queued invocation. Whilst the event may have been "
    "posted before run() is called, any cross-thread delivery of the signal may still be "
    "pending."
)
#: a QThread object made by calling the class itself (``QThread()``, the worker-object pattern);
#: not the class's own key, so that subclasses (whose ``run()`` is their thread) are not affected
QT_THREAD_OBJECT = TypeFact(
    ("QtCore.QThread[object]",), "QThread", not_send=False, not_sync=False,
    source=QT_STARTED_BEHAVIOUR, url="https://doc.qt.io/qt-6/qthread.html#started",
)

# ----------------------------------------------------------------------------------- tables
TYPES: Tuple[TypeFact, ...] = (
    PIKA_CONNECTION, PIKA_CHANNEL, WX_WINDOW, GTK_WIDGET, KIVY_WIDGET, QT_WIDGET, QT_PIXMAP,
    QT_OBJECT, QT_OBJECT_PLACED, QT_THREAD_POOL, QT_THREAD_OBJECT,
)

FACTORIES: Tuple[Factory, ...] = (
    # each class called: its own type, unless given a parent (`QTimer(self)`) or moved itself
    *(Factory((name,), name, variants=(
        Variant("parent", "", "QtCore.QObject[placed]", "with a parent", position=0, given=True),),
        released_by=("moveToThread", "setParent"), released="QtCore.QObject[placed]")
      for name in QT_OBJECT.names),
    Factory(tuple(f"{b}.QtCore.QThreadPool.globalInstance" for b in QT_BINDINGS),
            "PyQt5.QtCore.QThreadPool"),
    Factory(tuple(sorted(THREAD_CLASSES)), "QtCore.QThread[object]"),
    # `label = Gtk.Template.Child()` in a template class: the widget the template builds
    Factory(("gi.repository.Gtk.Template.Child",), "gi.repository.Gtk.Widget",
            note="by Gtk.Template.Child()", obtained=True),
)

METHODS: Tuple[Method, ...] = (
    Method(_PIKA_BLOCKING, "channel", "pika.adapters.blocking_connection.BlockingChannel"),
    Method(_PIKA_ASYNC, "channel", "pika.channel.Channel"),
)

#: what calls do: the bridges spelled as functions (``wx.CallAfter``). ``wx.CallLater`` is not
#: one: it starts a wx.Timer, which must itself be done on the GUI thread, so the callable it is
#: handed counts as called by the thread that calls it.
CALLS: Tuple[CallFact, ...] = (
    CallFact(("wx.CallAfter",), "bridge", WX_CALLAFTER_SENTENCE, WX_CALLAFTER_DOC),
    CallFact(("wx.PostEvent",), "bridge", WX_POSTEVENT_BEHAVIOUR, WX_POSTEVENT_DOC),
    CallFact(tuple(f"{m}.sendMessage" for m in _PUBSUB), "publish", PUBSUB_BEHAVIOUR, PUBSUB_DOC),
    CallFact(tuple(f"{m}.subscribe" for m in _PUBSUB), "subscribe", PUBSUB_BEHAVIOUR, PUBSUB_DOC),
    CallFact(
        tuple(f"gi.repository.GLib.{f}" for f in ("idle_add", "timeout_add", "timeout_add_seconds"))
        + tuple(f"gi.repository.GObject.{f}" for f in ("idle_add", "timeout_add", "timeout_add_seconds"))
        + ("gobject.idle_add", "gobject.timeout_add", "glib.idle_add", "glib.timeout_add"),
        "bridge", GTK_SENTENCE, GTK_THREADS_DOC,
    ),
    CallFact(
        tuple(f"gi.repository.Gdk.{f}" for f in ("threads_add_idle", "threads_add_timeout",
                                                  "threads_add_timeout_seconds")),
        "bridge", GTK_ALIASES_SENTENCE, GTK_THREADS_DOC,
    ),
    CallFact(
        tuple(f"kivy.clock.Clock.{f}" for f in ("schedule_once", "schedule_interval", "schedule_del_safe")),
        "bridge", KIVY_CLOCK_SENTENCE, KIVY_CLOCK_DOC,
    ),
    # a decorator: calling the function it decorates runs it on the main thread
    CallFact(("kivy.clock.mainthread",), "bridge", KIVY_MAINTHREAD_SENTENCE,
             KIVY_CLOCK_DOC + "#kivy.clock.mainthread"),
    # superqt's decorators (napari re-exports them): the function runs on the main (object's) thread
    CallFact(("superqt.utils.ensure_main_thread", "superqt.utils._ensure_thread.ensure_main_thread",
              "superqt.ensure_main_thread", "superqt.utils.ensure_object_thread",
              "superqt.utils._ensure_thread.ensure_object_thread"), "bridge",
             "ensure_main_thread: Decorator that ensures a function is called in the main "
             "QApplication thread. ensure_object_thread: Decorator that ensures a QObject method "
             "is called in the object's thread.",
             "https://github.com/pyapp-kit/superqt/blob/main/src/superqt/utils/_ensure_thread.py"),
    CallFact(tuple(f"{b}.QtCore.QMetaObject.invokeMethod" for b in QT_BINDINGS), "bridge",
             QT_INVOKE_BEHAVIOUR, "https://doc.qt.io/qt-6/qmetaobject.html#invokeMethod"),
    CallFact(tuple(f"{b}.QtCore.QTimer.singleShot" for b in QT_BINDINGS), "bridge",
             QT_SINGLESHOT_BEHAVIOUR, "https://doc.qt.io/qt-6/qtimer.html#singleShot", min_args=3),
    CallFact(tuple(f"{b}.{m}.{app}.postEvent" for b in QT_BINDINGS
                   for m, app in (("QtCore", "QCoreApplication"), ("QtWidgets", "QApplication"),
                                  ("QtGui", "QGuiApplication"))),
             "bridge", QT_POSTEVENT_BEHAVIOUR,
             "https://doc.qt.io/qt-6/qcoreapplication.html#postEvent"),
)

#: what methods do: the bridges and thread-safe methods of the objects above
METHOD_ROLES: Tuple[MethodFact, ...] = (
    # BlockingConnection's own; the asynchronous adapters have it on their ioloop (below)
    MethodFact(_PIKA_BLOCKING, ("add_callback_threadsafe",), "bridge", PIKA_BRIDGE_SENTENCE,
               PIKA_BLOCKING_DOC),
    # `connection.ioloop` is an attribute the tables cannot type: the method's name is enough,
    # it is pika's alone (the IOLoop of every adapter has it)
    MethodFact(("*",), ("add_callback_threadsafe",), "bridge", PIKA_IOLOOP_SENTENCE, PIKA_SELECT_DOC),
)

_QT_POOLS = QT_THREAD_POOL.names

SUPERQT_WORKER_DOC = "https://pyapp-kit.github.io/superqt/utilities/thread_decorators/"
SUPERQT_WORKER_SENTENCE = (
    "thread_worker: Decorator that runs a function in a separate thread when called. When "
    "called, the decorated function returns a WorkerBase. The function runs on a thread of "
    "the QThreadPool once the worker is started."
)
#: superqt's thread_worker, and napari's copy of it
_THREAD_WORKER = (
    "superqt.utils.thread_worker", "superqt.utils._qthreading.thread_worker",
    "napari.qt.threading.thread_worker", "napari._qt.qthreading.thread_worker",
)
#: the keyword arguments superqt's worker factories keep for themselves
_WORKER_OPTIONS = ("_start_thread", "_connect", "_progress", "_worker_class", "_ignore_errors")
_CREATE_WORKER = (
    "superqt.utils.create_worker", "superqt.utils._qthreading.create_worker",
    "napari.qt.threading.create_worker", "napari._qt.qthreading.create_worker",
)

BOUNDARIES: Tuple[Boundary, ...] = (
    # `@thread_worker def load(path): ...; worker = load(path); worker.start()`
    Boundary("thread_worker", callees=_THREAD_WORKER, star_from=0, star_kwargs=True,
             handle="thread", role="function", decorator=True, options=_WORKER_OPTIONS),
    # `create_worker(load, path, _start_thread=True)`
    Boundary("create_worker", callees=_CREATE_WORKER, func=Arg(0, "func"), star_from=1,
             star_kwargs=True, handle="thread", role="function", options=_WORKER_OPTIONS),
    Boundary("QThreadPool.start", receiver=_QT_POOLS, name="start", func=Arg(0, "runnable"),
             handle="detached", role="function", methods=("run",)),
    Boundary("QThreadPool.tryStart", receiver=_QT_POOLS, name="tryStart", func=Arg(0, "runnable"),
             handle="detached", role="function", methods=("run",)),
    # the worker-object pattern: `worker.moveToThread(thread); thread.started.connect(worker.run)`
    Boundary("QThread.started", receiver=QT_THREAD_OBJECT.names, name="started.connect",
             func=Arg(0, "slot"), handle="detached", role="function"),
)


#: What the toolkits' tables leave out on purpose, and why: (what, why). Shown in docs/knowledge.md.
LEFT_OUT: Tuple[Tuple[str, str], ...] = (
    (
        "QtConcurrent.run",
        "Not a boundary any Python program can reach: the installed PySide6 (6.12) exposes the "
        "QtConcurrent namespace without run(), and PyQt6 (so qtpy over it) has no QtConcurrent "
        "module (tests/test_toolkit_wheels.py looks every table name up in the wheels).",
    ),
    (
        "wx.CallLater",
        "Not a bridge: it starts a wx.Timer on the calling thread, which must itself be the GUI "
        "thread. The callable it is handed counts as called by the thread that calls it.",
    ),
    (
        "Qt objects with a parent, or moved with moveToThread()",
        "They live where their parent lives, or where the move put them; the checker does not "
        "follow that, so it gives them no verdict (a worker object's QTimer(self) is fine after "
        "the worker's move). An event-driven object made without a parent and never moved "
        "(QTimer(), QTcpSocket(), ...) belongs to the thread that made it, and is checked. Other "
        "QObjects (the project's own QObject subclasses among them) get no verdict.",
    ),
    (
        "Widget libraries that pick their toolkit binding at run time",
        "A class whose base is imported by a function or through importlib (a Qt shim that "
        "chooses PyQt or PySide when called) cannot be followed by reading the source: it stays "
        "unknown. Libraries that import their binding at module level, under if or try as "
        "qfluentwidgets and pyqtgraph do, are read (see Installed libraries).",
    ),
)


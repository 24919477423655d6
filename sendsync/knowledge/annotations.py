"""How annotations spell types: the typing forms the engine looks through. Data only.

A parameter annotated ``Optional[sqlite3.Connection]`` holds a connection; ``list[Conn]`` holds
connections; ``Annotated[T, NotSend]`` is ``T`` marked NotSend. Names are qualified as the engine
resolves them (``typing.Optional`` however it was imported).
"""
from __future__ import annotations

from typing import FrozenSet, Tuple

from .. import markers
from . import toolkits

#: the four markers, by every qualified name they can be imported under -> their name
MARKERS = {
    f"{module}.{name}": name
    for module in ("sendsync", "sendsync.markers")
    for name in markers.__all__
}
ANNOTATED: FrozenSet[str] = frozenset({"typing.Annotated", "typing_extensions.Annotated"})
#: ``X[T]`` holds a ``T`` (or nothing)
TRANSPARENT: FrozenSet[str] = frozenset({
    "typing.Optional", "typing_extensions.Optional", "typing.ClassVar", "typing_extensions.ClassVar",
    "typing.Final", "typing_extensions.Final", "typing.Required", "typing.NotRequired",
    "typing_extensions.Required", "typing_extensions.NotRequired",
})
UNION: FrozenSet[str] = frozenset({"typing.Union", "typing_extensions.Union"})
#: ``X[T, ...]`` holds elements of the types ``T, ...``
CONTAINERS: FrozenSet[str] = frozenset(
    f"{module}.{name}"
    for module, names in (
        ("builtins", ("list", "dict", "set", "frozenset", "tuple")),
        ("typing", ("List", "Dict", "Set", "FrozenSet", "Tuple", "Sequence", "MutableSequence",
                    "Mapping", "MutableMapping", "Iterable", "Iterator", "Collection", "Deque",
                    "DefaultDict", "OrderedDict", "AbstractSet", "MutableSet")),
        ("collections.abc", ("Sequence", "MutableSequence", "Mapping", "MutableMapping", "Iterable",
                             "Iterator", "Collection", "Set", "MutableSet")),
        ("collections", ("deque", "defaultdict", "OrderedDict")),
    )
    for name in names
)
#: ``X[K, V]`` maps keys to values: what it holds is its values (the keys are not followed, as
#: for ``dict.items()``)
MAPPINGS: FrozenSet[str] = frozenset(
    f"{module}.{name}"
    for module, names in (
        ("builtins", ("dict",)),
        ("typing", ("Dict", "Mapping", "MutableMapping", "DefaultDict", "OrderedDict")),
        ("collections.abc", ("Mapping", "MutableMapping")),
        ("collections", ("defaultdict", "OrderedDict")),
    )
    for name in names
)
#: ``threading.Thread`` (and Qt's ``QThread``): a subclass's ``run()`` is a thread of its own
THREAD_CLASSES: FrozenSet[str] = frozenset({"threading.Thread"}) | toolkits.THREAD_CLASSES
#: its own ``run()``, which calls the target the spawn site handed over (when the standard library
#: itself is checked)
THREAD_RUNS: FrozenSet[str] = frozenset({"threading.Thread.run"})
#: the standard library's threading servers: "ThreadingMixIn [...] start a new thread to handle
#: the request" (socketserver), calling the server's ``process_request_thread`` and through it
#: ``finish_request`` there. A project subclass's override of one runs on every request's thread,
#: several at once, once ``serve_forever()`` serves.
REQUEST_SERVERS: FrozenSet[str] = frozenset({
    "socketserver.ThreadingMixIn", "socketserver.ThreadingTCPServer", "socketserver.ThreadingUDPServer",
    "socketserver.ThreadingUnixStreamServer", "socketserver.ThreadingUnixDatagramServer",
    "http.server.ThreadingHTTPServer",
})
REQUEST_METHODS: Tuple[str, ...] = ("process_request_thread", "finish_request")
REQUEST_SERVES = "serve_forever"
#: the request handler class such a server is given (its second argument, ``RequestHandlerClass``)
#: makes one handler per request on that request's thread, which runs these methods of it (and,
#: for an HTTP handler, its ``do_GET``, ``do_POST``...): each handler is its own, what they reach
#: through ``self.server`` or globals is every request's
REQUEST_HANDLERS: FrozenSet[str] = frozenset({
    "socketserver.BaseRequestHandler", "socketserver.StreamRequestHandler",
    "socketserver.DatagramRequestHandler", "http.server.BaseHTTPRequestHandler",
    "http.server.SimpleHTTPRequestHandler", "http.server.CGIHTTPRequestHandler",
})
HANDLER_METHODS: Tuple[str, ...] = ("setup", "handle", "finish")
HANDLER_PREFIX = "do_"

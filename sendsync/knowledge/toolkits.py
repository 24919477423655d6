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

from .boundaries import Boundary
from .calls import CallFact, MethodFact
from .types import Factory, Method, TypeFact

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

# ----------------------------------------------------------------------------------- tables
TYPES: Tuple[TypeFact, ...] = (
    PIKA_CONNECTION, PIKA_CHANNEL,
)

FACTORIES: Tuple[Factory, ...] = ()

METHODS: Tuple[Method, ...] = (
    Method(_PIKA_BLOCKING, "channel", "pika.adapters.blocking_connection.BlockingChannel"),
    Method(_PIKA_ASYNC, "channel", "pika.channel.Channel"),
)

#: what calls do: the bridges spelled as functions (``wx.CallAfter``)
CALLS: Tuple[CallFact, ...] = ()

#: what methods do: the bridges and thread-safe methods of the objects above
METHOD_ROLES: Tuple[MethodFact, ...] = (
    MethodFact(PIKA_CONNECTION.names, ("add_callback_threadsafe",), "bridge", PIKA_BRIDGE_SENTENCE,
               PIKA_BLOCKING_DOC),
    # `connection.ioloop` is an attribute the tables cannot type: the method's name is enough,
    # it is pika's alone (the IOLoop of every adapter has it)
    MethodFact(("*",), ("add_callback_threadsafe",), "bridge", PIKA_IOLOOP_SENTENCE, PIKA_SELECT_DOC),
)

BOUNDARIES: Tuple[Boundary, ...] = ()

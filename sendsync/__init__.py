"""sendsync: Rust's ``Send`` and ``Sync`` for Python.

Importing the package gives only the four markers; the checker lives in submodules
and is loaded by the command line, never by ``import sendsync``.
"""

from sendsync._version import __version__
from sendsync.markers import NotSend, NotSync, Send, Sync

__all__ = ["NotSend", "NotSync", "Send", "Sync", "__version__"]

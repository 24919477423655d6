"""The error a user is told about in one line: a bad command line, configuration or path.

It lives apart so that every layer (configuration, discovery, the api) can raise it without
importing the others.
"""


class UsageError(Exception):
    """A bad command line or configuration. The CLI prints ``sendsync: error: <message>``."""


__all__ = ["UsageError"]

"""Attribute audit log entries to the acting user, also outside a web request (API tokens, tasks)."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.context import auditlog_value, set_actor

# The user of the innermost `acting_as` still open. auditlog's own context outlives its `set_actor`
# (the value stays, its signal is gone), so it cannot tell whether someone is being attributed now.
_acting: ContextVar[object | None] = ContextVar("sotay_acting_as", default=None)


@contextmanager
def acting_as(actor) -> Iterator[None]:
    if _acting.get() is not None and _acting.get() == actor:
        yield
        return
    previous = auditlog_value.get(None)
    remote_addr = previous.get("remote_addr") if previous else None
    token = _acting.set(actor)
    try:
        with set_actor(actor, remote_addr=remote_addr):
            yield
    finally:
        _acting.reset(token)
        if previous is not None:
            auditlog_value.set(previous)

"""Attribute audit log entries to the acting user, also outside a web request (API tokens, tasks)."""

from collections.abc import Iterator
from contextlib import contextmanager

from auditlog.context import auditlog_value, set_actor


@contextmanager
def acting_as(actor) -> Iterator[None]:
    previous = auditlog_value.get(None)
    if previous is not None and previous.get("actor") == actor:
        yield
        return
    remote_addr = previous.get("remote_addr") if previous else None
    with set_actor(actor, remote_addr=remote_addr):
        yield
    if previous is not None:
        auditlog_value.set(previous)

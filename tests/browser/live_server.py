"""A live server that closes its connections when it stops.

Chromium keeps idle connections to the server open (HTTP/1.1 keep-alive), each held by a handler
thread of Django's ThreadedWSGIServer blocked on reading the next request. Those threads are
daemons that nothing joins, so stopping the server left them waiting. When Chromium closed the
connection later (at the end of the package, sometimes only a moment after the stop), the thread
woke up, closed "its" database connections, and on SQLite in memory that is the main thread's
connection, no longer shared with it since the stop: Django raised, the thread died before closing
the socket, and the socket was collected whenever the garbage collector next ran, as a
ResourceWarning on whatever test the worker ran then (tests/api/test_docs.py under --dist loadfile).
"""

import contextlib
import socket
import threading

from django.core.servers.basehttp import ThreadedWSGIServer
from pytest_django.live_server_helper import LiveServer


class ClosingWSGIServer(ThreadedWSGIServer):
    # Not daemons: socketserver then keeps the handler threads and server_close() joins them.
    daemon_threads = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def process_request(self, request, client_address):
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def close_request(self, request):
        with self._open_lock:
            self._open.discard(request)
        super().close_request(request)

    def server_close(self):
        """Wake every thread waiting on an idle connection, then wait for them all to finish,
        while they may still use the database connections the server shares with them."""
        with self._open_lock:
            for request in self._open:
                with contextlib.suppress(OSError):  # the client closed it already
                    request.shutdown(socket.SHUT_RDWR)
        super().server_close()


def start_live_server(host: str) -> LiveServer:
    server = LiveServer(host, start=False)
    server.thread.server_class = ClosingWSGIServer
    server.start()
    return server

import http.client
import threading

import pytest

from tests.browser.live_server import start_live_server


@pytest.fixture
def server(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        yield start_live_server("localhost")


def _handler_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if "process_request_thread" in thread.name]


def test_stopping_closes_idle_keep_alive_connections(server):
    """A browser's idle connection is closed by the stop, and its thread has finished by then."""
    client = http.client.HTTPConnection(server.thread.host, server.thread.port, timeout=5)
    client.request("GET", "/login/")
    response = client.getresponse()
    response.read()
    assert response.getheader("Connection") != "close"  # the connection stays open for the next request
    assert _handler_threads()

    server.stop()

    assert not _handler_threads()
    assert client.sock.recv(1) == b""  # the server closed its end; no thread waits on it any more
    client.close()

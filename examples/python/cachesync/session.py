"""Reads on one Session stream (cachesync.v1 CacheService.Session).

Each Get or GetMany carries an id its answer echoes, so many reads share one HTTP/2 stream instead
of paying a whole call each (docs/BENCHMARKS.md, "session"). The stream opens on the first read
and again after it breaks. An answer is what a unary call made at that moment would have answered:
the sidecar runs the same code for both, so a read here is exactly as fresh.
"""

import queue
import threading
from concurrent.futures import Future, TimeoutError as FutureTimeout

import grpc

from cachesync.v1 import cache_pb2

_END = object()


class ReadError(grpc.RpcError):
    """A failed session read, shaped like a failed unary call: code() and details()."""

    def __init__(self, code: grpc.StatusCode, details: str):
        super().__init__(f"{code.name}: {details}")
        self._code = code
        self._details = details

    def code(self) -> grpc.StatusCode:
        return self._code

    def details(self) -> str:
        return self._details


def _status(number: int) -> grpc.StatusCode:
    for code in grpc.StatusCode:
        if code.value[0] == number:
            return code
    return grpc.StatusCode.UNKNOWN


class ReadSession:
    """Thread-safe: any thread may read; one background thread takes the answers."""

    def __init__(self, stub):
        self._stub = stub
        self._lock = threading.Lock()
        self._requests = None  # the open stream's queue of requests, or None
        self._waiting = {}  # id -> (Future, kind)
        self._next_id = 1
        self.unimplemented = False

    def read(self, kind: str, request, timeout: float):
        """The answer to one Get (kind 'get') or GetMany ('get_many'); raises ReadError."""
        answer = Future()
        with self._lock:
            requests = self._open()
            request_id = self._next_id
            self._next_id += 1
            self._waiting[request_id] = (answer, kind)
            requests.put(cache_pb2.SessionRequest(id=request_id, **{kind: request}))
        try:
            return answer.result(timeout)
        except FutureTimeout:
            with self._lock:
                self._waiting.pop(request_id, None)
            raise ReadError(grpc.StatusCode.DEADLINE_EXCEEDED,
                            f"no answer to session read {request_id} within {timeout:.3f} s") from None

    def close(self) -> None:
        with self._lock:
            if self._requests is not None:
                self._requests.put(_END)
                self._requests = None

    def _open(self) -> "queue.Queue":
        if self._requests is None:
            requests = queue.Queue()
            answers = self._stub.Session(self._feed(requests))
            threading.Thread(target=self._take, args=(requests, answers), daemon=True,
                             name="cachesync-session").start()
            self._requests = requests
        return self._requests

    @staticmethod
    def _feed(requests):
        while True:
            item = requests.get()
            if item is _END:
                return
            yield item

    def _take(self, requests, answers) -> None:
        error = ReadError(grpc.StatusCode.UNAVAILABLE, "the session ended before answering")
        try:
            for answer in answers:
                with self._lock:
                    pending = self._waiting.pop(answer.id, None)
                if pending is None:
                    continue  # timed out already
                future, kind = pending
                if answer.WhichOneof("result") == "error":
                    future.set_exception(ReadError(_status(answer.error.code), answer.error.message))
                else:
                    future.set_result(getattr(answer, kind))
        except grpc.RpcError as err:
            error = ReadError(err.code(), err.details() or str(err))
            if err.code() == grpc.StatusCode.UNIMPLEMENTED:
                self.unimplemented = True
        # Every read still in flight fails with the stream; the next read opens a new one.
        with self._lock:
            if self._requests is requests:
                self._requests = None
            failed = list(self._waiting.values())
            self._waiting.clear()
        requests.put(_END)
        for future, _ in failed:
            future.set_exception(error)

"""The sidecar's CacheService, wrapped: plain Python values in, plain values out."""

import os
from dataclasses import dataclass
from typing import Dict, Iterable, Optional, Tuple, Union

import grpc
from google.protobuf import duration_pb2

from cachesync import lookaside, retry
from cachesync.session import ReadSession
from cachesync.v1 import cache_pb2, cache_pb2_grpc

TARGET_ENV = "CACHESYNC_TARGET"

Value = Union[bytes, bytearray, memoryview, str]


@dataclass(frozen=True)
class Entry:
    """A Get's answer: a hit (found, value), or a miss with the token its fill must carry."""

    found: bool
    value: Optional[bytes]
    fill_token: int


def _to_bytes(value: Value) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"value must be bytes or str, got {type(value).__name__}")


def _to_duration(ttl: Optional[float]) -> Optional[duration_pb2.Duration]:
    if ttl is None:
        return None
    if ttl < 0:
        raise ValueError(f"ttl {ttl} is negative: give seconds >= 0, or None for the cache's own ttl")
    d = duration_pb2.Duration()
    d.FromNanoseconds(int(ttl * 1e9))
    return d


def _keys(keys: Union[str, Iterable[str]]):
    return [keys] if isinstance(keys, str) else list(keys)


class CacheSyncClient:
    """Calls one sidecar. Safe to share between threads; close() it (or use it as a context
    manager) when done.

    timeout: the deadline of each call, in seconds. read_attempts and read_backoff bound the
    retries of reads (get, get_many, stats) on UNAVAILABLE; puts, fills and deletes run once.
    session: get and get_many go over one Session stream, cheaper per read than a unary call;
    False, or a sidecar without Session, reads unary.
    """

    def __init__(self, target: str, *, timeout: float = 5.0, read_attempts: int = 3,
                 read_backoff: float = 0.05, channel: Optional[grpc.Channel] = None,
                 session: bool = True):
        if not target and channel is None:
            raise ValueError(
                f"empty target: give the sidecar's host:port (e.g. 127.0.0.1:7070) or set {TARGET_ENV}")
        if timeout <= 0 or read_attempts < 1 or read_backoff < 0:
            raise ValueError("timeout must be > 0, read_attempts >= 1 and read_backoff >= 0")
        self.target = target
        self._timeout = timeout
        self._attempts = read_attempts
        self._backoff = read_backoff
        self._channel = channel or grpc.insecure_channel(target)
        self.stub = cache_pb2_grpc.CacheServiceStub(self._channel)
        self.session = ReadSession(self.stub) if session else None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        if self.session is not None:
            self.session.close()
        self._channel.close()

    def _read(self, call, request):
        return retry.call_read(call, request, timeout=self._timeout, attempts=self._attempts,
                               backoff=self._backoff)

    def _session_read(self, kind, unary, request):
        """On the session when there is one, unary on a sidecar that predates Session; retried
        on UNAVAILABLE either way."""
        if self.session is None or self.session.unimplemented:
            return self._read(unary, request)

        def on_session(req, timeout):
            try:
                return self.session.read(kind, req, timeout)
            except grpc.RpcError as err:
                if err.code() != grpc.StatusCode.UNIMPLEMENTED:
                    raise
            return unary(req, timeout=timeout)

        return self._read(on_session, request)

    def get(self, cache: str, key: str) -> Entry:
        """A miss is found=False with a non-zero fill_token, never an error. Retried on
        UNAVAILABLE: a read changes nothing, and a retried miss carries the newer token."""
        res = self._session_read("get", self.stub.Get, cache_pb2.GetRequest(cache=cache, key=key))
        if res.found:
            return Entry(True, res.value, 0)
        return Entry(False, None, res.fill_token)

    def get_many(self, cache: str, keys: Iterable[str]) -> Tuple[Dict[str, bytes], Dict[str, int]]:
        """The hits, and a fill token per missing key."""
        res = self._session_read("get_many", self.stub.GetMany,
                                 cache_pb2.GetManyRequest(cache=cache, keys=_keys(keys)))
        return dict(res.values), dict(res.fill_tokens)

    def fill(self, cache: str, key: str, value: Value, fill_token: int,
             ttl: Optional[float] = None) -> bool:
        """Installs a value just read from the store of record, with its miss's token: on this
        sidecar only, not broadcast. False (applied:false) when an invalidation of the key reached
        the sidecar after the token was issued: the value may be stale, so it is not cached."""
        if not isinstance(fill_token, int) or fill_token <= 0:
            raise ValueError("fill needs the positive fill_token a miss returned; use put() for a write")
        return self._put(cache, key, value, fill_token, ttl)

    def put(self, cache: str, key: str, value: Value, ttl: Optional[float] = None) -> None:
        """A write: the data changed, so it is installed here and every peer drops its copy."""
        self._put(cache, key, value, 0, ttl)

    def _put(self, cache, key, value, token, ttl) -> bool:
        request = cache_pb2.PutRequest(cache=cache, key=key, value=_to_bytes(value), fill_token=token)
        duration = _to_duration(ttl)
        if duration is not None:
            request.ttl.CopyFrom(duration)
        return self.stub.Put(request, timeout=self._timeout).applied

    def delete(self, cache: str, keys: Union[str, Iterable[str]]) -> None:
        """Drops the keys everywhere, and in the store of record per the cache's strategy."""
        self.stub.Delete(cache_pb2.DeleteRequest(cache=cache, keys=_keys(keys)), timeout=self._timeout)

    def invalidate(self, cache: str, keys: Union[str, Iterable[str]]) -> None:
        """Drops the keys here and on every peer."""
        self.stub.Invalidate(cache_pb2.InvalidateRequest(cache=cache, keys=_keys(keys)),
                             timeout=self._timeout)

    def invalidate_all(self, cache: str) -> None:
        self.stub.InvalidateAll(cache_pb2.InvalidateAllRequest(cache=cache), timeout=self._timeout)

    def stats(self, cache: str) -> cache_pb2.StatsResponse:
        return self._read(self.stub.Stats, cache_pb2.StatsRequest(cache=cache))

    def look_aside(self, cache: str, key: str, load, ttl: Optional[float] = None):
        """See cachesync.lookaside.look_aside."""
        return lookaside.look_aside(self, cache, key, load, ttl)


def connect(target: str, **options) -> CacheSyncClient:
    """A client of the sidecar at target (host:port); options as CacheSyncClient's."""
    return CacheSyncClient(target, **options)


def connect_env(**options) -> CacheSyncClient:
    """A client of the sidecar named by CACHESYNC_TARGET."""
    target = os.environ.get(TARGET_ENV, "")
    if not target:
        raise ValueError(f"{TARGET_ENV} is not set: set it to the sidecar's host:port")
    return CacheSyncClient(target, **options)

"""The application's side of read-through: a cachesync.v1.CacheLoader gRPC server the sidecar
calls on a miss of a ReadThrough cache (Load) and from the write strategies (Store).

    loader = start_loader(port=7071, rows={"book:1": b'{"title": "Emma"}'})
    loader.loads["book:1"]    # how many times the sidecar loaded it
    loader.close()

The sidecar finds it through its config: loader.target: 127.0.0.1:<port>.
"""

import threading
from collections import Counter
from concurrent import futures
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional

import grpc

from cachesync.v1 import cache_pb2, cache_pb2_grpc


@dataclass(frozen=True)
class StoredEntry:
    cache: str
    key: str
    value: bytes
    delete: bool


class Loader(cache_pb2_grpc.CacheLoaderServicer):
    """rows is the pretend database, keyed by cache key (every cache of the sidecar reads the same
    rows); Load reads it, Store changes it. Guard direct changes with .lock."""

    def __init__(self, rows: Dict[str, bytes], ttl: Optional[float], log: Optional[Callable[[str], None]]):
        self.lock = threading.Lock()
        self.rows = dict(rows)
        self.loads: Counter = Counter()
        self.stored: List[StoredEntry] = []
        self._ttl = ttl
        self._log = log or (lambda line: None)
        self._server: Optional[grpc.Server] = None
        self.target = ""

    def Load(self, request, context):
        with self.lock:
            self.loads[request.key] += 1
            value = self.rows.get(request.key)
        if value is None:
            self._log(f"Load {request.cache}/{request.key} -> not found")
            return cache_pb2.LoadResponse(found=False)
        self._log(f"Load {request.cache}/{request.key} -> found ({len(value)} bytes)")
        response = cache_pb2.LoadResponse(found=True, value=value)
        if self._ttl is not None:
            response.ttl.FromNanoseconds(int(self._ttl * 1e9))
        return response

    def Store(self, request, context):
        # Idempotent, since WriteBehind delivers batches at least once: setting or deleting a row
        # twice leaves it as once.
        with self.lock:
            for e in request.entries:
                if e.delete:
                    self.rows.pop(e.key, None)
                else:
                    self.rows[e.key] = e.value
                self.stored.append(StoredEntry(request.cache, e.key, e.value, e.delete))
        self._log(f"Store {request.cache}: {len(request.entries)} entries")
        return cache_pb2.StoreResponse()

    def close(self, grace: float = 1.0) -> None:
        """Lets calls in flight finish for up to grace seconds."""
        if self._server is not None:
            self._server.stop(grace).wait(grace + 1)


def start_loader(port: int = 0, host: str = "127.0.0.1", rows: Optional[Dict[str, bytes]] = None,
                 ttl: Optional[float] = None, log: Optional[Callable[[str], None]] = None) -> Loader:
    """Serves a Loader on host:port (0 picks a free port; the result's .target says which)."""
    if not isinstance(port, int) or not 0 <= port <= 65535:
        raise ValueError(f"loader port {port!r} is out of range: give 1-65535, or 0 for a free one")
    if ttl is not None and ttl < 0:
        raise ValueError(f"loader ttl {ttl} is negative: give seconds >= 0, or None for the cache's ttl")
    loader = Loader(rows or {}, ttl, log)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    cache_pb2_grpc.add_CacheLoaderServicer_to_server(loader, server)
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        bound = server.add_insecure_port(address)
    except RuntimeError as err:  # grpcio raises here when the port is taken
        raise OSError(f"the loader cannot listen on {address}: {err}") from err
    if bound == 0:
        raise OSError(f"the loader cannot listen on {address} (taken, or not a local address)")
    server.start()
    loader._server = server
    loader.target = f"{host}:{bound}"
    return loader

"""A small Python client for the CacheSync sidecar (cachesync.v1 over gRPC).

    import cachesync
    with cachesync.connect("127.0.0.1:7070") as cache:
        result = cache.look_aside("books", "book:42", load_from_db)

look_aside is the look-aside protocol done right (Get, on a miss load, then Fill with the miss's
fill token); start_loader serves the application's CacheLoader for read-through.
"""

from cachesync.client import TARGET_ENV, CacheSyncClient, Entry, connect, connect_env
from cachesync.lookaside import LookAsideResult
from cachesync.loader import Loader, StoredEntry, start_loader

__all__ = [
    "TARGET_ENV",
    "CacheSyncClient",
    "Entry",
    "LookAsideResult",
    "Loader",
    "StoredEntry",
    "connect",
    "connect_env",
    "start_loader",
]

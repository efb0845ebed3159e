"""What the tests share: the environment they run against, unique keys, polling with a deadline."""

import os
import secrets
import time
import unittest

import cachesync

TARGET = os.environ.get("CACHESYNC_TARGET", "")
PEER_TARGET = os.environ.get("CACHESYNC_PEER_TARGET", "")
LOADER_PORT = os.environ.get("CACHESYNC_LOADER_PORT", "")
CACHE = os.environ.get("CACHESYNC_CACHE", "books")
READTHROUGH_CACHE = os.environ.get("CACHESYNC_READTHROUGH_CACHE", "catalog")

# The bound a peer's invalidation is given to arrive (the test sidecars' heartbeat is 200 ms).
PROPAGATION = 5.0


def needs(*names):
    """Skips the class, naming what is missing, unless every variable is set."""
    missing = [n for n in names if not os.environ.get(n)]
    return unittest.skipIf(
        missing, f"{', '.join(missing)} not set: these tests need a running sidecar (see README.md, Tests)")


def unique_key(name: str) -> str:
    """Keys of their own, so the tests can run again and again against one long-lived sidecar."""
    return f"{name}:{secrets.token_hex(6)}"


def client(target: str) -> cachesync.CacheSyncClient:
    # Every call is bounded, so a sidecar that stops answering fails the test within seconds.
    return cachesync.connect(target, timeout=5.0)


def eventually(within: float, what: str, condition) -> None:
    """Polls condition until it holds; fails after `within` seconds."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {within} s")
        time.sleep(0.02)


class RowStore:
    """A pretend store of record that counts its reads; `during` runs inside a load, after the row
    was read: the moment another writer changes it."""

    def __init__(self, rows=None, during=None):
        self.rows = dict(rows or {})
        self.loads = 0
        self.during = during

    def load(self, key):
        self.loads += 1
        value = self.rows.get(key)
        if self.during:
            self.during()
        return value

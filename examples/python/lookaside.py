#!/usr/bin/env python3
"""A look-aside walk-through against a running sidecar:

    python3 lookaside.py [host:port]      # default $CACHESYNC_TARGET, else 127.0.0.1:7070

Each step is printed; exits 0 when every step behaved as expected, 1 otherwise.
"""

import os
import secrets
import sys

import grpc

import cachesync


def main(argv) -> int:
    target = argv[1] if len(argv) > 1 else os.environ.get("CACHESYNC_TARGET", "127.0.0.1:7070")
    cache_name = os.environ.get("CACHESYNC_CACHE", "default")
    key = f"book:{secrets.token_hex(4)}"
    database = {key: b'{"title": "Emma", "author": "Jane Austen"}'}
    ok = True

    def check(step, good, detail):
        nonlocal ok
        ok = ok and good
        print(f"{'ok  ' if good else 'FAIL'} {step}: {detail}")

    with cachesync.connect(target) as cache:
        try:
            miss = cache.get(cache_name, key)
        except grpc.RpcError as err:
            print(f"no answer from a sidecar at {target} (cache {cache_name}): {err.code().name}: {err.details()}")
            return 1
        check("get", not miss.found and miss.fill_token > 0, f"miss, fill token {miss.fill_token}")
        applied = cache.fill(cache_name, key, database[key], miss.fill_token)
        check("fill", applied, f"loaded from the database and filled, applied={applied}")
        hit = cache.get(cache_name, key)
        check("get", hit.found and hit.value == database[key], f"hit: {hit.value!r}")

        other = f"book:{secrets.token_hex(4)}"
        database[other] = b'{"title": "Persuasion"}'
        first = cache.look_aside(cache_name, other, database.get)
        second = cache.look_aside(cache_name, other, database.get)
        check("look_aside", (first.source, first.cached, second.source) == ("loader", True, "cache"),
              f"first from the {first.source} (cached={first.cached}), then from the {second.source}")

        cache.put(cache_name, key, b'{"title": "Emma", "edition": 2}')
        check("put", cache.get(cache_name, key).value.endswith(b"2}"), "a write: peers drop their copies")

        try:
            cache.get("no-such-cache", key)
            check("unknown cache", False, "answered")
        except grpc.RpcError as err:
            check("unknown cache", err.code() == grpc.StatusCode.NOT_FOUND, f"{err.code().name}: {err.details()}")

        stats = cache.stats(cache_name)
        print(f"stats: hits={stats.hits} misses={stats.misses} size={stats.size} "
              f"fills_rejected={stats.fills_rejected} sync={stats.sync_state}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

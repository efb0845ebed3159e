#!/usr/bin/env python3
"""The application's CacheLoader, standalone, with a small book catalogue:

    python3 loader.py [port]      # default $CACHESYNC_LOADER_PORT, else 7071; 0 picks a free port

The sidecar finds it through its config: loader.target: 127.0.0.1:<port>. Ctrl-C stops it.
"""

import os
import signal
import sys
import threading
from typing import Dict

import cachesync


def sample_books() -> Dict[str, bytes]:
    """A small catalogue: key 'book:<isbn>' -> JSON."""
    books = {
        "978-0-14-143951-8": b'{"title": "Pride and Prejudice", "author": "Jane Austen"}',
        "978-0-14-118776-1": b'{"title": "Nineteen Eighty-Four", "author": "George Orwell"}',
        "978-0-7432-7356-5": b'{"title": "The Great Gatsby", "author": "F. Scott Fitzgerald"}',
    }
    return {f"book:{isbn}": row for isbn, row in books.items()}


def main(argv) -> int:
    arg = argv[1] if len(argv) > 1 else os.environ.get("CACHESYNC_LOADER_PORT", "7071")
    if not arg.isdigit() or int(arg) > 65535:
        print(f"usage: python3 loader.py [port]   (got {arg!r}; 0 picks a free port)")
        return 2
    try:
        loader = cachesync.start_loader(port=int(arg), rows=sample_books(), log=lambda line: print(f"loader: {line}"))
    except OSError as err:
        print(f"loader: {err}")
        return 1
    print(f"CacheLoader listening on {loader.target} with {len(loader.rows)} books:")
    for key in loader.rows:
        print(f"  {key}")
    print(f"Point the sidecar at it (loader: {{target: {loader.target}}}). Ctrl-C stops it.")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    loader.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

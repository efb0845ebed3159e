import os
import unittest

import cachesync
from tests.support import READTHROUGH_CACHE, TARGET, client, needs, unique_key


@needs("CACHESYNC_TARGET", "CACHESYNC_LOADER_PORT")
class ReadThroughTest(unittest.TestCase):
    """The sidecar's loader.target must be 127.0.0.1:$CACHESYNC_LOADER_PORT, and
    $CACHESYNC_READTHROUGH_CACHE (default catalog) a ReadThrough cache."""

    def test_the_loader_serves_read_through_misses_once_then_hits(self):
        port = os.environ["CACHESYNC_LOADER_PORT"]
        self.assertTrue(port.isdigit(), f"CACHESYNC_LOADER_PORT={port!r} is not a port number")
        key, absent = unique_key("book"), unique_key("absent")
        loader = cachesync.start_loader(port=int(port), rows={key: b'{"title": "Emma"}'})
        self.addCleanup(loader.close)
        cache = client(TARGET)
        self.addCleanup(cache.close)

        for read in (1, 2):
            got = cache.get(READTHROUGH_CACHE, key)
            self.assertEqual((got.found, got.value), (True, b'{"title": "Emma"}'), f"read {read}")
            self.assertEqual(loader.loads[key], 1, f"after read {read}: one load, then hits")
        got = cache.get(READTHROUGH_CACHE, absent)
        self.assertEqual((got.found, got.fill_token), (False, 0), "absent: found:false, no fill token")
        self.assertEqual(loader.loads[absent], 1)


if __name__ == "__main__":
    unittest.main()

import unittest

import grpc

from tests.support import CACHE, TARGET, RowStore, client, needs, unique_key


@needs("CACHESYNC_TARGET")
class LookAsideTest(unittest.TestCase):
    def setUp(self):
        self.cache = client(TARGET)
        self.addCleanup(self.cache.close)

    def test_a_miss_loads_and_fills_then_the_next_read_hits(self):
        key = unique_key("book")
        db = RowStore({key: b"v1"})
        first = self.cache.look_aside(CACHE, key, db.load)
        self.assertEqual((first.value, first.source, first.cached), (b"v1", "loader", True))
        second = self.cache.look_aside(CACHE, key, db.load)
        self.assertEqual((second.value, second.source), (b"v1", "cache"))
        self.assertEqual(db.loads, 1, "the hit must not reach the store")

    def test_a_stale_fill_is_refused_and_its_value_served_uncached(self):
        key = unique_key("book")
        before = self.cache.stats(CACHE).fills_rejected
        # Between this reader's Get and its Fill, another writer updates the row and the cache.
        db = RowStore({key: b"old"}, during=lambda: self.cache.put(CACHE, key, b"new"))
        result = self.cache.look_aside(CACHE, key, db.load)
        self.assertEqual((result.value, result.source, result.cached, result.fill_error),
                         (b"old", "loader", False, None),
                         "the overtaken fill must come back applied:false, its value served uncached")
        got = self.cache.get(CACHE, key)
        self.assertEqual((got.found, got.value), (True, b"new"), "the cache must hold the write")
        self.assertGreater(self.cache.stats(CACHE).fills_rejected, before)

    def test_an_absent_row_is_not_cached(self):
        key = unique_key("missing")
        db = RowStore()
        result = self.cache.look_aside(CACHE, key, db.load)
        self.assertEqual((result.value, result.cached), (None, False))
        self.cache.look_aside(CACHE, key, db.load)
        self.assertEqual(db.loads, 2, "absence must not be cached")

    def test_the_sidecars_statuses_reach_the_caller(self):
        with self.assertRaises(grpc.RpcError) as unknown:
            self.cache.get("no-such-cache", "k")
        self.assertEqual(unknown.exception.code(), grpc.StatusCode.NOT_FOUND)
        self.assertIn("no-such-cache", unknown.exception.details())
        with self.assertRaises(grpc.RpcError) as empty:
            self.cache.get(CACHE, "")
        self.assertEqual(empty.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)


if __name__ == "__main__":
    unittest.main()

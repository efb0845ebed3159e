import unittest

from tests.support import CACHE, PEER_TARGET, PROPAGATION, TARGET, RowStore, client, eventually, needs, unique_key


@needs("CACHESYNC_TARGET", "CACHESYNC_PEER_TARGET")
class TwoSidecarsTest(unittest.TestCase):
    """Two sidecars on one Redis, as two pods of one application."""

    def setUp(self):
        self.a, self.b = client(TARGET), client(PEER_TARGET)
        self.addCleanup(self.a.close)
        self.addCleanup(self.b.close)

    def test_a_write_through_one_sidecar_is_seen_fresh_by_another(self):
        key = unique_key("price")
        db = RowStore({key: b"42.00"})
        for pod in (self.a, self.b):
            self.assertTrue(pod.look_aside(CACHE, key, db.load).cached)
        # The application updates its store, then writes the cache through sidecar b.
        db.rows[key] = b"44.00"
        self.b.put(CACHE, key, b"44.00")
        eventually(PROPAGATION, "sidecar a drops its old copy", lambda: not self.a.get(CACHE, key).found)
        self.assertEqual(self.a.look_aside(CACHE, key, db.load).value, b"44.00")

    def test_a_fill_overtaken_by_a_peers_invalidation_is_refused(self):
        key = unique_key("book")

        def peer_writes():
            # Pod b's writer invalidates while pod a is loading; a's fill must not land once a heard it.
            before = self.a.stats(CACHE).invalidations_received
            self.b.invalidate(CACHE, key)
            eventually(PROPAGATION, "sidecar a receives b's invalidation",
                       lambda: self.a.stats(CACHE).invalidations_received > before)

        result = self.a.look_aside(CACHE, key, RowStore({key: b"old"}, during=peer_writes).load)
        self.assertEqual((result.value, result.cached), (b"old", False))
        self.assertFalse(self.a.get(CACHE, key).found, "the refused fill must leave a miss")


if __name__ == "__main__":
    unittest.main()

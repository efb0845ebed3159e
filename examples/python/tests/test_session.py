import threading
import unittest

import grpc

import cachesync
from tests.support import CACHE, TARGET, client, needs, unique_key


@needs("CACHESYNC_TARGET")
class SessionTest(unittest.TestCase):
    """Reads on one Session stream: what the client does by default."""

    def setUp(self):
        self.cache = client(TARGET)
        self.addCleanup(self.cache.close)

    def test_reads_from_many_threads_share_one_session_each_answered_by_id(self):
        keys = [unique_key(f"session-{i}") for i in range(100)]
        for i, key in enumerate(keys):
            if i % 2 == 0:
                self.cache.put(CACHE, key, f"v:{key}")
        self.cache.get(CACHE, keys[0])
        stream = self.cache.session._requests
        self.assertIsNotNone(stream, "the first read opened a session")
        answers = [None] * len(keys)

        def read(i):
            answers[i] = self.cache.get(CACHE, keys[i])

        threads = [threading.Thread(target=read, args=(i,)) for i in range(len(keys))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)

        self.assertIs(self.cache.session._requests, stream, "one stream carried every read")
        for i, (key, answer) in enumerate(zip(keys, answers)):
            if i % 2 == 0:
                self.assertEqual((answer.found, answer.value), (True, f"v:{key}".encode()))
            else:
                self.assertFalse(answer.found)
                self.assertGreater(answer.fill_token, 0, "a miss on a session carries its token")

    def test_a_failed_read_fails_alone_and_the_session_goes_on(self):
        key = unique_key("after-error")
        self.cache.put(CACHE, key, "still here")
        self.cache.get(CACHE, key)
        stream = self.cache.session._requests
        with self.assertRaises(grpc.RpcError) as caught:
            self.cache.get("no-such-cache-" + unique_key("x"), "k")
        self.assertEqual(caught.exception.code(), grpc.StatusCode.NOT_FOUND)
        self.assertIn("no cache named", caught.exception.details())
        self.assertEqual(self.cache.get(CACHE, key).value, b"still here")
        self.assertIs(self.cache.session._requests, stream, "the failed read did not end it")

    def test_session_false_reads_unary_and_sees_the_same(self):
        key = unique_key("unary")
        self.cache.put(CACHE, key, "one value")
        with cachesync.connect(TARGET, timeout=5.0, session=False) as unary:
            self.assertIsNone(unary.session)
            self.assertEqual(unary.get(CACHE, key).value, b"one value")
            values, tokens = unary.get_many(CACHE, [key, unique_key("absent")])
            self.assertEqual(list(values), [key])
            self.assertEqual(len(tokens), 1)


if __name__ == "__main__":
    unittest.main()

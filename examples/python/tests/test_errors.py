"""Bad input fails locally, before any call, with a message that says what to give."""

import os
import unittest
from unittest import mock

import cachesync


class BadInputTest(unittest.TestCase):
    def test_bad_input_fails_with_an_actionable_error(self):
        with self.assertRaisesRegex(ValueError, "host:port"):
            cachesync.connect("")
        with mock.patch.dict(os.environ, {"CACHESYNC_TARGET": ""}):
            with self.assertRaisesRegex(ValueError, "CACHESYNC_TARGET is not set"):
                cachesync.connect_env()
        client = cachesync.connect("127.0.0.1:1")
        self.addCleanup(client.close)
        with self.assertRaisesRegex(ValueError, "use put"):
            client.fill("books", "k", b"v", 0)
        with self.assertRaisesRegex(ValueError, "negative"):
            client.put("books", "k", b"v", ttl=-1)
        with self.assertRaisesRegex(TypeError, "bytes or str"):
            client.put("books", "k", 42)
        with self.assertRaisesRegex(ValueError, "out of range"):
            cachesync.start_loader(port=70000)


if __name__ == "__main__":
    unittest.main()

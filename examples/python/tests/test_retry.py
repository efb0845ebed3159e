"""The retry rule alone, against a stand-in CacheService on a loopback port."""

import threading
import unittest
from concurrent import futures

import grpc

import cachesync
from cachesync.v1 import cache_pb2, cache_pb2_grpc


class FlakySidecar(cache_pb2_grpc.CacheServiceServicer):
    """Get fails with get_status for the first fail_gets calls; Put always fails UNAVAILABLE."""

    def __init__(self, get_status, fail_gets):
        self.get_status, self.fail_gets = get_status, fail_gets
        self.gets = self.puts = 0
        self.lock = threading.Lock()

    def Get(self, request, context):
        with self.lock:
            self.gets += 1
            failing = self.gets <= self.fail_gets
        if failing:
            context.abort(self.get_status, "not now")
        return cache_pb2.GetResponse(found=True, value=b"v")

    def Put(self, request, context):
        with self.lock:
            self.puts += 1
        context.abort(grpc.StatusCode.UNAVAILABLE, "draining")


class RetryTest(unittest.TestCase):
    def serve(self, sidecar, attempts):
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
        cache_pb2_grpc.add_CacheServiceServicer_to_server(sidecar, server)
        port = server.add_insecure_port("127.0.0.1:0")
        server.start()
        self.addCleanup(lambda: server.stop(None))
        client = cachesync.connect(f"127.0.0.1:{port}", timeout=5.0, read_attempts=attempts,
                                   read_backoff=0.001)
        self.addCleanup(client.close)
        return client

    def test_reads_are_retried_on_unavailable(self):
        sidecar = FlakySidecar(grpc.StatusCode.UNAVAILABLE, 2)
        self.assertTrue(self.serve(sidecar, 3).get("books", "k").found)
        self.assertEqual(sidecar.gets, 3)

    def test_read_retries_are_bounded(self):
        sidecar = FlakySidecar(grpc.StatusCode.UNAVAILABLE, 100)
        with self.assertRaises(grpc.RpcError) as failed:
            self.serve(sidecar, 2).get("books", "k")
        self.assertEqual(failed.exception.code(), grpc.StatusCode.UNAVAILABLE)
        self.assertEqual(sidecar.gets, 2)

    def test_other_statuses_and_writes_are_not_retried(self):
        sidecar = FlakySidecar(grpc.StatusCode.NOT_FOUND, 100)
        client = self.serve(sidecar, 3)
        with self.assertRaises(grpc.RpcError) as failed:
            client.get("books", "k")
        self.assertEqual(failed.exception.code(), grpc.StatusCode.NOT_FOUND)
        self.assertEqual(sidecar.gets, 1, "NOT_FOUND is an answer, not a transient failure")
        for write in (lambda: client.put("books", "k", b"v"), lambda: client.fill("books", "k", b"v", 7)):
            with self.assertRaises(grpc.RpcError) as failed:
                write()
            self.assertEqual(failed.exception.code(), grpc.StatusCode.UNAVAILABLE)
        self.assertEqual(sidecar.puts, 2, "one write, one fill: writes are not retried")

    def test_a_failed_fill_serves_the_loaded_value_uncached(self):
        client = self.serve(FlakySidecar(grpc.StatusCode.OK, 0), 1)
        # The stand-in answers every Get as a hit, so give look_aside a miss through get itself.
        client.get = lambda cache, key: cachesync.Entry(False, None, 9)
        result = client.look_aside("books", "k", lambda key: b"row")
        self.assertEqual((result.value, result.cached), (b"row", False))
        self.assertEqual(result.fill_error.code(), grpc.StatusCode.UNAVAILABLE)


if __name__ == "__main__":
    unittest.main()

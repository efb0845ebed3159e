"""The retry rule for reads: UNAVAILABLE only, a bounded number of times, within one deadline."""

import time

import grpc


def call_read(call, request, *, timeout, attempts, backoff):
    """Runs a unary read, trying again while it fails with UNAVAILABLE (the sidecar not ready yet,
    draining or restarting). Any other status is the answer: retrying NOT_FOUND or
    INVALID_ARGUMENT cannot help. Writes never come through here."""
    deadline = time.monotonic() + timeout
    pause = backoff
    attempt = 1
    while True:
        left = deadline - time.monotonic()
        try:
            return call(request, timeout=max(left, 0.001))
        except grpc.RpcError as err:
            if err.code() != grpc.StatusCode.UNAVAILABLE or attempt >= attempts:
                raise
            if deadline - time.monotonic() <= pause:
                raise
        # A deadline-bounded pause between attempts, not a wait for an outcome.
        time.sleep(pause)
        pause *= 2
        attempt += 1

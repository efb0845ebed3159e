"""Look-aside done right: Get; on a miss load from the store of record; Fill with the miss's token.

Stale-read window: the token is taken before the load, so a write that lands in the store and
invalidates the key on this sidecar between the Get and the Fill makes the fill come back
applied:false instead of caching the old row until its TTL. A write whose invalidation reaches
this sidecar only after the fill landed drops it on arrival: the bound is the sync channel's
propagation delay, as for any cached value.
"""

from dataclasses import dataclass
from typing import Optional

import grpc


@dataclass(frozen=True)
class LookAsideResult:
    """value is None when the store of record has no such key.

    source is "cache" (a hit) or "loader". cached is True only when this call's fill was
    installed: False on a hit, for an absent key, and when the sidecar refused the fill because an
    invalidation overtook it (the value is still the freshest this caller read, just not cached).
    fill_error is why the fill failed, if it did; the value is served all the same.
    """

    value: Optional[bytes]
    source: str
    cached: bool
    fill_error: Optional[grpc.RpcError] = None


def look_aside(client, cache: str, key: str, load, ttl: Optional[float] = None) -> LookAsideResult:
    """load(key) returns bytes or str, or None when the key does not exist (absence is not
    cached: the next read asks the store again)."""
    hit = client.get(cache, key)
    if hit.found:
        return LookAsideResult(hit.value, "cache", False)
    loaded = load(key)
    if loaded is None:
        return LookAsideResult(None, "loader", False)
    value = loaded.encode("utf-8") if isinstance(loaded, str) else bytes(loaded)
    try:
        applied = client.fill(cache, key, value, hit.fill_token, ttl)
    except grpc.RpcError as err:
        # The value is good, only caching it failed: serve it uncached rather than fail the read.
        return LookAsideResult(value, "loader", False, err)
    return LookAsideResult(value, "loader", applied)

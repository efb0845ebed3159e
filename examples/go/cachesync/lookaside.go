package cachesync

import (
	"context"
	"fmt"
	"time"
)

// LoadFunc reads a key from the store of record; found=false means the key does not exist there.
type LoadFunc func(ctx context.Context, key string) (value []byte, found bool, err error)

// Source says where a LookAside value came from.
type Source string

const (
	// FromCache: the sidecar had it.
	FromCache Source = "cache"
	// FromLoader: the LoadFunc read it (and Cached says whether the fill was installed).
	FromLoader Source = "loader"
)

// Result is a LookAside answer.
type Result struct {
	Value  []byte
	Found  bool
	Source Source
	// Cached is true only when this call's fill was installed. It is false on a hit, on a key
	// the store does not have, and when the sidecar refused the fill (applied:false) because an
	// invalidation overtook it: the value is still the freshest this caller read, just not cached.
	Cached bool
	// FillErr is why the fill failed, if it did; the value is served all the same, uncached.
	FillErr error
}

// LookAside reads key through the cache: Get; on a miss load it from the store of record and
// Fill it with the miss's token.
//
// Stale-read window: the token is taken before the load, so a write that lands in the store
// and invalidates the key on this sidecar between the Get and the Fill makes the fill come back
// applied:false instead of caching the old row until its TTL. A write whose invalidation has not
// yet reached this sidecar when the fill lands is dropped when it arrives: the bound is the
// sync channel's propagation delay, as for any other cached value.
func (c *Client) LookAside(ctx context.Context, cache, key string, load LoadFunc, ttl time.Duration) (Result, error) {
	hit, err := c.Get(ctx, cache, key)
	if err != nil {
		return Result{}, err
	}
	if hit.Found {
		return Result{Value: hit.Value, Found: true, Source: FromCache}, nil
	}
	value, found, err := load(ctx, key)
	if err != nil {
		return Result{}, fmt.Errorf("cachesync: loading %s/%s: %w", cache, key, err)
	}
	if !found {
		// Absence is not cached: the next read asks the store again.
		return Result{Source: FromLoader}, nil
	}
	applied, err := c.Fill(ctx, cache, key, value, hit.FillToken, ttl)
	// A failed fill leaves the value good and merely uncached, so it does not fail the read.
	return Result{Value: value, Found: true, Source: FromLoader, Cached: applied, FillErr: err}, nil
}

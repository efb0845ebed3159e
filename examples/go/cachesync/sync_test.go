package cachesync

import (
	"bytes"
	"testing"
	"time"
)

// The propagation bound the tests allow a peer's invalidation (the sidecars' heartbeat is 200ms).
const propagation = 5 * time.Second

func TestWriteThroughOneSidecarIsSeenFreshByAnother(t *testing.T) {
	targets := needEnv(t, TargetEnv, "CACHESYNC_PEER_TARGET")
	a, b := dial(t, targets[0]), dial(t, targets[1])
	ctx, cache, key := bounded(t), lookAsideCache(), uniqueKey("price")
	db := &rowLoader{rows: map[string][]byte{key: []byte("42.00")}}

	for _, c := range []*Client{a, b} {
		if res, err := c.LookAside(ctx, cache, key, db.load, 0); err != nil || !res.Cached {
			t.Fatalf("fill on each sidecar: %+v, %v", res, err)
		}
	}
	// The application updates its store, then writes the cache through sidecar b.
	db.rows[key] = []byte("44.00")
	if err := b.Put(ctx, cache, key, []byte("44.00"), 0); err != nil {
		t.Fatal(err)
	}
	eventually(t, propagation, "sidecar a drops its old copy", func() (bool, error) {
		got, err := a.Get(ctx, cache, key)
		return !got.Found, err
	})
	res, err := a.LookAside(ctx, cache, key, db.load, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(res.Value, []byte("44.00")) {
		t.Fatalf("sidecar a serves %q after the write, want 44.00", res.Value)
	}
}

func TestFillOvertakenByAPeersInvalidationIsRefused(t *testing.T) {
	targets := needEnv(t, TargetEnv, "CACHESYNC_PEER_TARGET")
	a, b := dial(t, targets[0]), dial(t, targets[1])
	ctx, cache, key := bounded(t), lookAsideCache(), uniqueKey("book")
	db := &rowLoader{rows: map[string][]byte{key: []byte("old")}}
	// Pod b's writer invalidates while pod a is loading; a's fill must not land once a heard it.
	db.during = func() {
		before, err := a.Stats(ctx, cache)
		if err != nil {
			t.Error(err)
			return
		}
		if err := b.Invalidate(ctx, cache, key); err != nil {
			t.Error(err)
			return
		}
		eventually(t, propagation, "sidecar a receives b's invalidation", func() (bool, error) {
			s, err := a.Stats(ctx, cache)
			return err == nil && s.InvalidationsReceived > before.InvalidationsReceived, err
		})
	}

	res, err := a.LookAside(ctx, cache, key, db.load, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Cached || !bytes.Equal(res.Value, []byte("old")) {
		t.Fatalf("a fill overtaken by a peer's invalidation must be refused: %+v", res)
	}
	if got, err := a.Get(ctx, cache, key); err != nil || got.Found {
		t.Fatalf("the refused fill must leave a miss: %+v, %v", got, err)
	}
}

package cachesync

import (
	"bytes"
	"context"
	"sync/atomic"
	"testing"
)

// rowLoader is a pretend store of record that counts its reads.
type rowLoader struct {
	rows  map[string][]byte
	loads int32
	// during runs inside the load, after the row was read: the moment another writer changes it.
	during func()
}

func (r *rowLoader) load(_ context.Context, key string) ([]byte, bool, error) {
	atomic.AddInt32(&r.loads, 1)
	v, ok := r.rows[key]
	if r.during != nil {
		r.during()
	}
	return v, ok, nil
}

func TestLookAsideMissLoadsAndFillsThenHits(t *testing.T) {
	target := needEnv(t, TargetEnv)[0]
	c, ctx, cache, key := dial(t, target), bounded(t), lookAsideCache(), uniqueKey("book")
	db := &rowLoader{rows: map[string][]byte{key: []byte("v1")}}

	first, err := c.LookAside(ctx, cache, key, db.load, 0)
	if err != nil {
		t.Fatal(err)
	}
	if first.Source != FromLoader || !first.Cached || !bytes.Equal(first.Value, []byte("v1")) {
		t.Fatalf("a miss must load v1 and fill it: %+v", first)
	}
	second, err := c.LookAside(ctx, cache, key, db.load, 0)
	if err != nil {
		t.Fatal(err)
	}
	if second.Source != FromCache || !bytes.Equal(second.Value, []byte("v1")) {
		t.Fatalf("the second read must hit the fill: %+v", second)
	}
	if n := atomic.LoadInt32(&db.loads); n != 1 {
		t.Fatalf("loads = %d, want 1: the hit must not reach the store", n)
	}
}

func TestLookAsideStaleFillIsRefusedAndServedUncached(t *testing.T) {
	target := needEnv(t, TargetEnv)[0]
	c, ctx, cache, key := dial(t, target), bounded(t), lookAsideCache(), uniqueKey("book")
	before, err := c.Stats(ctx, cache)
	if err != nil {
		t.Fatal(err)
	}
	db := &rowLoader{rows: map[string][]byte{key: []byte("old")}}
	// Between this reader's Get and its Fill, another writer updates the row and writes the cache.
	db.during = func() {
		if err := c.Put(ctx, cache, key, []byte("new"), 0); err != nil {
			t.Error(err)
		}
	}

	res, err := c.LookAside(ctx, cache, key, db.load, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Cached || res.FillErr != nil || res.Source != FromLoader || !bytes.Equal(res.Value, []byte("old")) {
		t.Fatalf("the overtaken fill must come back applied:false, its value served uncached: %+v", res)
	}
	got, err := c.Get(ctx, cache, key)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Found || !bytes.Equal(got.Value, []byte("new")) {
		t.Fatalf("the cache must hold the write, not the stale fill: %+v", got)
	}
	after, err := c.Stats(ctx, cache)
	if err != nil {
		t.Fatal(err)
	}
	if after.FillsRejected <= before.FillsRejected {
		t.Fatalf("fills_rejected did not grow: %d -> %d", before.FillsRejected, after.FillsRejected)
	}
}

func TestLookAsideAbsentKeyIsNotCached(t *testing.T) {
	target := needEnv(t, TargetEnv)[0]
	c, ctx, cache, key := dial(t, target), bounded(t), lookAsideCache(), uniqueKey("missing")
	db := &rowLoader{rows: map[string][]byte{}}

	res, err := c.LookAside(ctx, cache, key, db.load, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Found || res.Cached || res.Value != nil {
		t.Fatalf("an absent row must be reported absent and not cached: %+v", res)
	}
	if _, err := c.LookAside(ctx, cache, key, db.load, 0); err != nil {
		t.Fatal(err)
	}
	if n := atomic.LoadInt32(&db.loads); n != 2 {
		t.Fatalf("loads = %d, want 2: absence must not be cached", n)
	}
}

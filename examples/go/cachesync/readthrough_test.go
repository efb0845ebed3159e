package cachesync

import (
	"bytes"
	"strconv"
	"testing"
)

func TestLoaderServesReadThroughMisses(t *testing.T) {
	env := needEnv(t, TargetEnv, "CACHESYNC_LOADER_PORT")
	port, err := strconv.Atoi(env[1])
	if err != nil {
		t.Fatalf("CACHESYNC_LOADER_PORT=%q is not a port number", env[1])
	}
	cache, key, absent := envOr("CACHESYNC_READTHROUGH_CACHE", "catalog"), uniqueKey("book"), uniqueKey("absent")
	loader, err := StartLoader(LoaderOptions{Port: port, Rows: map[string][]byte{key: []byte(`{"title":"Emma"}`)}})
	if err != nil {
		t.Fatal(err)
	}
	defer loader.Close()
	c, ctx := dial(t, env[0]), bounded(t)

	for i := 1; i <= 2; i++ {
		got, err := c.Get(ctx, cache, key)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Found || !bytes.Equal(got.Value, []byte(`{"title":"Emma"}`)) {
			t.Fatalf("read %d: the sidecar must answer the miss from the loader: %+v", i, got)
		}
		if n := loader.Loads(key); n != 1 {
			t.Fatalf("after read %d the loader ran %d times, want 1 (then hits)", i, n)
		}
	}
	got, err := c.Get(ctx, cache, absent)
	if err != nil {
		t.Fatal(err)
	}
	if got.Found || got.FillToken != 0 || loader.Loads(absent) != 1 {
		t.Fatalf("a key the loader lacks is found:false without a fill token, after one load: %+v", got)
	}
}

// Command lookaside walks through look-aside against a running sidecar:
//
//	go run ./cmd/lookaside [host:port]   # default $CACHESYNC_TARGET, else 127.0.0.1:7070
//
// Each step is printed; it exits 0 when every step behaved as expected, 1 otherwise.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"time"

	"github.com/cachesync/cachesync/examples/go/cachesync"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func main() {
	target := os.Getenv(cachesync.TargetEnv)
	if len(os.Args) > 1 {
		target = os.Args[1]
	}
	if target == "" {
		target = "127.0.0.1:7070"
	}
	cacheName := os.Getenv("CACHESYNC_CACHE")
	if cacheName == "" {
		cacheName = "default"
	}
	os.Exit(run(target, cacheName))
}

func randomKey() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return "book:" + hex.EncodeToString(b)
}

func run(target, cacheName string) int {
	c, err := cachesync.Dial(target, cachesync.Options{})
	if err != nil {
		fmt.Println(err)
		return 1
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ok := true
	check := func(step string, good bool, detail string) {
		ok = ok && good
		mark := "ok  "
		if !good {
			mark = "FAIL"
		}
		fmt.Printf("%s %s: %s\n", mark, step, detail)
	}

	key := randomKey()
	database := map[string][]byte{key: []byte(`{"title": "Emma", "author": "Jane Austen"}`)}
	miss, err := c.Get(ctx, cacheName, key)
	if err != nil {
		fmt.Printf("no answer from a sidecar at %s (cache %s): %v\n", target, cacheName, err)
		return 1
	}
	check("get", !miss.Found && miss.FillToken > 0, fmt.Sprintf("miss, fill token %d", miss.FillToken))
	applied, err := c.Fill(ctx, cacheName, key, database[key], miss.FillToken, 0)
	check("fill", err == nil && applied, fmt.Sprintf("loaded from the database and filled, applied=%v %v", applied, errText(err)))
	hit, err := c.Get(ctx, cacheName, key)
	check("get", err == nil && hit.Found && bytes.Equal(hit.Value, database[key]), fmt.Sprintf("hit: %s %v", hit.Value, errText(err)))

	other := randomKey()
	database[other] = []byte(`{"title": "Persuasion"}`)
	load := func(_ context.Context, k string) ([]byte, bool, error) { v, found := database[k]; return v, found, nil }
	first, err1 := c.LookAside(ctx, cacheName, other, load, 0)
	second, err2 := c.LookAside(ctx, cacheName, other, load, 0)
	check("LookAside", err1 == nil && err2 == nil && first.Source == cachesync.FromLoader && first.Cached && second.Source == cachesync.FromCache,
		fmt.Sprintf("first from the %s (cached=%v), then from the %s", first.Source, first.Cached, second.Source))

	err = c.Put(ctx, cacheName, key, []byte(`{"title": "Emma", "edition": 2}`), 0)
	check("put", err == nil, "a write: peers drop their copies "+errText(err))

	_, err = c.Get(ctx, "no-such-cache", key)
	check("unknown cache", status.Code(err) == codes.NotFound, status.Convert(err).Message())

	if s, err := c.Stats(ctx, cacheName); err == nil {
		fmt.Printf("stats: hits=%d misses=%d size=%d fills_rejected=%d sync=%s\n", s.Hits, s.Misses, s.Size, s.FillsRejected, s.SyncState)
	}
	if !ok {
		return 1
	}
	return 0
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

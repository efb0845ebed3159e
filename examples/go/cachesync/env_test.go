package cachesync

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"
)

// Every test is bounded: a sidecar that stops answering fails it within this time.
const testTimeout = 10 * time.Second

// needEnv skips, naming what is missing, unless every variable is set; returns their values.
func needEnv(t *testing.T, names ...string) []string {
	t.Helper()
	values := make([]string, len(names))
	for i, name := range names {
		values[i] = os.Getenv(name)
		if values[i] == "" {
			t.Skipf("%s is not set: this test needs a running sidecar (see README.md, Tests)", name)
		}
	}
	return values
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// lookAsideCache is the LookAside cache the tests use (the sidecar's config must have it).
func lookAsideCache() string { return envOr("CACHESYNC_CACHE", "books") }

func bounded(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// uniqueKey lets the tests run again and again against one long-lived sidecar.
func uniqueKey(name string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return name + ":" + hex.EncodeToString(b)
}

func dial(t *testing.T, target string) *Client {
	t.Helper()
	c, err := Dial(target, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// eventually polls cond until it holds or the deadline passes (no fixed sleeps).
func eventually(t *testing.T, within time.Duration, what string, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		ok, err := cond()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

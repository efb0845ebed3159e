package cachesync

import (
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestBadInputFailsWithAnActionableError(t *testing.T) {
	if _, err := Dial("", Options{}); err == nil || !strings.Contains(err.Error(), "host:port") {
		t.Fatalf("an empty target must say what to give: %v", err)
	}
	// Checked before any call: no sidecar needed.
	c := dial(t, "127.0.0.1:1")
	ctx := bounded(t)
	if _, err := c.Fill(ctx, "books", "k", []byte("v"), 0, 0); err == nil || !strings.Contains(err.Error(), "Put for a write") {
		t.Fatalf("a fill without a token must be refused locally: %v", err)
	}
	if err := c.Put(ctx, "books", "k", []byte("v"), -1); err == nil || !strings.Contains(err.Error(), "negative") {
		t.Fatalf("a negative ttl must be refused locally: %v", err)
	}
	if _, err := StartLoader(LoaderOptions{Port: 70000}); err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Fatalf("a bad loader port must be refused: %v", err)
	}
}

func TestSidecarStatusesReachTheCaller(t *testing.T) {
	target := needEnv(t, TargetEnv)[0]
	c, ctx := dial(t, target), bounded(t)

	_, err := c.Get(ctx, "no-such-cache", "k")
	if status.Code(err) != codes.NotFound || !strings.Contains(status.Convert(err).Message(), "no-such-cache") {
		t.Fatalf("an unknown cache must be NOT_FOUND naming it: %v", err)
	}
	if _, err := c.Get(ctx, lookAsideCache(), ""); status.Code(err) != codes.InvalidArgument {
		t.Fatalf("an empty key must be INVALID_ARGUMENT: %v", err)
	}
}

package cachesync

import (
	"context"
	"net"
	"sync/atomic"
	"testing"
	"time"

	pb "github.com/cachesync/cachesync/examples/go/cachesyncv1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// flakySidecar is a stand-in CacheService on a loopback port, for the retry rule alone: Get fails
// with getStatus for the first failGets calls; Put always fails with UNAVAILABLE.
type flakySidecar struct {
	pb.UnimplementedCacheServiceServer
	getStatus codes.Code
	failGets  int32
	gets      int32
	puts      int32
}

func (f *flakySidecar) Get(context.Context, *pb.GetRequest) (*pb.GetResponse, error) {
	if atomic.AddInt32(&f.gets, 1) <= f.failGets {
		return nil, status.Error(f.getStatus, "not now")
	}
	return &pb.GetResponse{Found: true, Value: []byte("v")}, nil
}

func (f *flakySidecar) Put(context.Context, *pb.PutRequest) (*pb.PutResponse, error) {
	atomic.AddInt32(&f.puts, 1)
	return nil, status.Error(codes.Unavailable, "draining")
}

func serveFlaky(t *testing.T, f *flakySidecar, attempts int) *Client {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer()
	pb.RegisterCacheServiceServer(s, f)
	go s.Serve(lis) //nolint:errcheck
	t.Cleanup(s.Stop)
	c, err := Dial(lis.Addr().String(), Options{ReadAttempts: attempts, ReadBackoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func TestReadsAreRetriedOnUnavailable(t *testing.T) {
	f := &flakySidecar{getStatus: codes.Unavailable, failGets: 2}
	c := serveFlaky(t, f, 3)
	got, err := c.Get(bounded(t), "books", "k")
	if err != nil || !got.Found {
		t.Fatalf("the third attempt must answer: %+v, %v", got, err)
	}
	if n := atomic.LoadInt32(&f.gets); n != 3 {
		t.Fatalf("gets = %d, want 3", n)
	}
}

func TestReadRetriesAreBounded(t *testing.T) {
	f := &flakySidecar{getStatus: codes.Unavailable, failGets: 100}
	c := serveFlaky(t, f, 2)
	if _, err := c.Get(bounded(t), "books", "k"); status.Code(err) != codes.Unavailable {
		t.Fatalf("after its attempts a read must fail with UNAVAILABLE: %v", err)
	}
	if n := atomic.LoadInt32(&f.gets); n != 2 {
		t.Fatalf("gets = %d, want 2", n)
	}
}

func TestOtherStatusesAndWritesAreNotRetried(t *testing.T) {
	f := &flakySidecar{getStatus: codes.NotFound, failGets: 100}
	c := serveFlaky(t, f, 3)
	ctx := bounded(t)
	if _, err := c.Get(ctx, "books", "k"); status.Code(err) != codes.NotFound {
		t.Fatalf("want NOT_FOUND: %v", err)
	}
	if n := atomic.LoadInt32(&f.gets); n != 1 {
		t.Fatalf("gets = %d, want 1: NOT_FOUND is an answer, not a transient failure", n)
	}
	if err := c.Put(ctx, "books", "k", []byte("v"), 0); status.Code(err) != codes.Unavailable {
		t.Fatalf("want UNAVAILABLE: %v", err)
	}
	if _, err := c.Fill(ctx, "books", "k", []byte("v"), 7, 0); status.Code(err) != codes.Unavailable {
		t.Fatalf("want UNAVAILABLE: %v", err)
	}
	if n := atomic.LoadInt32(&f.puts); n != 2 {
		t.Fatalf("puts = %d, want 2 (one write, one fill): writes are not retried", n)
	}
}

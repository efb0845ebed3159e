// Package cachesync is a small Go client for the CacheSync sidecar (cachesync.v1 over gRPC):
// the cache calls, look-aside done right (LookAside), and the application's CacheLoader server
// for read-through (StartLoader).
package cachesync

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	pb "github.com/cachesync/cachesync/examples/go/cachesyncv1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/durationpb"
)

// TargetEnv names the variable that holds the sidecar's host:port.
const TargetEnv = "CACHESYNC_TARGET"

// Options tune a Client; the zero value is usable (see the defaults on each field).
type Options struct {
	// Deadline of each call when the caller's context has none (default 5s).
	Deadline time.Duration
	// ReadAttempts bounds the tries of a read (Get, GetMany, Stats) that fails with UNAVAILABLE
	// (default 3); writes, fills and deletes are tried once.
	ReadAttempts int
	// ReadBackoff is the first pause between read attempts, doubled each time (default 50ms).
	ReadBackoff time.Duration
	// DialOptions are added to the insecure loopback default.
	DialOptions []grpc.DialOption
}

func (o Options) withDefaults() Options {
	if o.Deadline <= 0 {
		o.Deadline = 5 * time.Second
	}
	if o.ReadAttempts <= 0 {
		o.ReadAttempts = 3
	}
	if o.ReadBackoff <= 0 {
		o.ReadBackoff = 50 * time.Millisecond
	}
	return o
}

// Client calls one sidecar. It is safe for concurrent use; Close it when done.
type Client struct {
	conn *grpc.ClientConn
	svc  pb.CacheServiceClient
	opts Options
}

// Entry is a Get's answer: a hit (Found, Value) or a miss with the token its fill must carry.
type Entry struct {
	Found     bool
	Value     []byte
	FillToken uint64
}

// Dial connects to the sidecar at target (host:port). The connection is made lazily by gRPC.
func Dial(target string, opts Options) (*Client, error) {
	if target == "" {
		return nil, errors.New("cachesync: empty target: give the sidecar's host:port (e.g. 127.0.0.1:7070) or set " + TargetEnv)
	}
	opts = opts.withDefaults()
	dial := append([]grpc.DialOption{grpc.WithInsecure()}, opts.DialOptions...)
	conn, err := grpc.Dial(target, dial...)
	if err != nil {
		return nil, fmt.Errorf("cachesync: cannot dial %s: %w", target, err)
	}
	return &Client{conn: conn, svc: pb.NewCacheServiceClient(conn), opts: opts}, nil
}

// DialEnv connects to the sidecar named by CACHESYNC_TARGET.
func DialEnv(opts Options) (*Client, error) {
	target := os.Getenv(TargetEnv)
	if target == "" {
		return nil, errors.New("cachesync: " + TargetEnv + " is not set: set it to the sidecar's host:port")
	}
	return Dial(target, opts)
}

// Close releases the connection.
func (c *Client) Close() error { return c.conn.Close() }

// Raw is the generated stub, for anything not wrapped here (Watch, for one).
func (c *Client) Raw() pb.CacheServiceClient { return c.svc }

func (c *Client) bounded(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, c.opts.Deadline)
}

// Get reads a key. A miss is Found=false with a non-zero FillToken, never an error.
// Retried on UNAVAILABLE: a read changes nothing, and a retried miss simply carries the newer token.
func (c *Client) Get(ctx context.Context, cache, key string) (Entry, error) {
	var res *pb.GetResponse
	err := c.read(ctx, func(ctx context.Context) (err error) {
		res, err = c.svc.Get(ctx, &pb.GetRequest{Cache: cache, Key: key})
		return err
	})
	if err != nil {
		return Entry{}, err
	}
	if !res.Found {
		return Entry{FillToken: res.FillToken}, nil
	}
	return Entry{Found: true, Value: res.Value}, nil
}

// GetMany reads several keys: the hits, and a fill token per missing key.
func (c *Client) GetMany(ctx context.Context, cache string, keys ...string) (map[string][]byte, map[string]uint64, error) {
	var res *pb.GetManyResponse
	err := c.read(ctx, func(ctx context.Context) (err error) {
		res, err = c.svc.GetMany(ctx, &pb.GetManyRequest{Cache: cache, Keys: keys})
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return res.Values, res.FillTokens, nil
}

// Fill installs a value just loaded from the store of record, with the token its miss returned.
// It lands on this sidecar only and is not broadcast; applied is false when an invalidation of
// the key reached the sidecar after the token was issued (the value may be stale: not cached).
// Not retried: a caller that sees an error simply has an uncached value.
func (c *Client) Fill(ctx context.Context, cache, key string, value []byte, token uint64, ttl time.Duration) (applied bool, err error) {
	if token == 0 {
		return false, errors.New("cachesync: Fill needs the non-zero fill token of a miss; use Put for a write")
	}
	return c.put(ctx, cache, key, value, token, ttl)
}

// Put is a write: the data changed, so it is installed here and every peer drops its copy.
// Not retried: the caller decides whether repeating its write is right.
func (c *Client) Put(ctx context.Context, cache, key string, value []byte, ttl time.Duration) error {
	_, err := c.put(ctx, cache, key, value, 0, ttl)
	return err
}

func (c *Client) put(ctx context.Context, cache, key string, value []byte, token uint64, ttl time.Duration) (bool, error) {
	if ttl < 0 {
		return false, fmt.Errorf("cachesync: ttl %v is negative: give 0 for the cache's own ttl", ttl)
	}
	req := &pb.PutRequest{Cache: cache, Key: key, Value: value, FillToken: token}
	if ttl > 0 {
		req.Ttl = durationpb.New(ttl)
	}
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	res, err := c.svc.Put(ctx, req)
	if err != nil {
		return false, err
	}
	return res.Applied, nil
}

// Delete drops the keys everywhere, and in the store of record per the cache's strategy.
func (c *Client) Delete(ctx context.Context, cache string, keys ...string) error {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	_, err := c.svc.Delete(ctx, &pb.DeleteRequest{Cache: cache, Keys: keys})
	return err
}

// Invalidate drops the keys here and on every peer.
func (c *Client) Invalidate(ctx context.Context, cache string, keys ...string) error {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	_, err := c.svc.Invalidate(ctx, &pb.InvalidateRequest{Cache: cache, Keys: keys})
	return err
}

// InvalidateAll drops every key of the cache here and on every peer.
func (c *Client) InvalidateAll(ctx context.Context, cache string) error {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	_, err := c.svc.InvalidateAll(ctx, &pb.InvalidateAllRequest{Cache: cache})
	return err
}

// Stats returns the cache's counters on this sidecar.
func (c *Client) Stats(ctx context.Context, cache string) (*pb.StatsResponse, error) {
	var res *pb.StatsResponse
	err := c.read(ctx, func(ctx context.Context) (err error) {
		res, err = c.svc.Stats(ctx, &pb.StatsRequest{Cache: cache})
		return err
	})
	return res, err
}

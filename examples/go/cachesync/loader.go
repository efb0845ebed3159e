package cachesync

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"

	pb "github.com/cachesync/cachesync/examples/go/cachesyncv1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/durationpb"
)

// LoaderOptions configure StartLoader.
type LoaderOptions struct {
	Host string // default 127.0.0.1
	Port int    // the port of the sidecar's loader.target; 0 picks a free one
	// Rows is the pretend database, keyed by cache key (every cache of the sidecar reads the same
	// rows): Load reads it, Store changes it. Copied at start; read it back with Row.
	Rows map[string][]byte
	// TTL, if set, goes with every found Load (otherwise the cache's own ttl applies).
	TTL time.Duration
	// Log, if set, gets a line per Load and Store.
	Log func(string)
}

// StoredEntry is one entry a Store call delivered.
type StoredEntry struct {
	Cache, Key string
	Value      []byte
	Delete     bool
}

// Loader is the application's side of read-through: a cachesync.v1.CacheLoader server that the
// sidecar calls on a miss of a ReadThrough cache (Load) and from the write strategies (Store).
type Loader struct {
	pb.UnimplementedCacheLoaderServer
	server *grpc.Server
	target string
	ttl    time.Duration
	log    func(string)

	mu     sync.Mutex
	rows   map[string][]byte
	loads  map[string]int
	stored []StoredEntry
}

// StartLoader listens and serves until Close.
func StartLoader(opts LoaderOptions) (*Loader, error) {
	if opts.Port < 0 || opts.Port > 65535 {
		return nil, fmt.Errorf("cachesync: loader port %d is out of range: give 1-65535, or 0 for a free one", opts.Port)
	}
	if opts.TTL < 0 {
		return nil, fmt.Errorf("cachesync: loader ttl %v is negative: give 0 for the cache's own ttl", opts.TTL)
	}
	host := opts.Host
	if host == "" {
		host = "127.0.0.1"
	}
	lis, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(opts.Port)))
	if err != nil {
		return nil, fmt.Errorf("cachesync: loader cannot listen on %s:%d: %w", host, opts.Port, err)
	}
	l := &Loader{
		server: grpc.NewServer(),
		target: lis.Addr().String(),
		ttl:    opts.TTL,
		log:    opts.Log,
		rows:   map[string][]byte{},
		loads:  map[string]int{},
	}
	for k, v := range opts.Rows {
		l.rows[k] = v
	}
	pb.RegisterCacheLoaderServer(l.server, l)
	go l.server.Serve(lis) //nolint:errcheck // Serve returns when Close stops it
	return l, nil
}

// Target is host:port, what the sidecar's loader.target must name.
func (l *Loader) Target() string { return l.target }

// Loads is how many times the sidecar loaded key.
func (l *Loader) Loads(key string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.loads[key]
}

// Row reads the pretend database.
func (l *Loader) Row(key string) ([]byte, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	v, ok := l.rows[key]
	return v, ok
}

// SetRow changes the pretend database behind the cache's back, as another writer would.
func (l *Loader) SetRow(key string, value []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rows[key] = value
}

// Stored is every entry Store received, in order.
func (l *Loader) Stored() []StoredEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]StoredEntry(nil), l.stored...)
}

// Close stops the server, letting calls in flight finish for up to a second.
func (l *Loader) Close() {
	done := make(chan struct{})
	go func() { l.server.GracefulStop(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Second):
		l.server.Stop()
	}
}

func (l *Loader) say(format string, args ...interface{}) {
	if l.log != nil {
		l.log(fmt.Sprintf(format, args...))
	}
}

// Load answers a miss: the row, or found:false (which the sidecar does not cache).
func (l *Loader) Load(_ context.Context, req *pb.LoadRequest) (*pb.LoadResponse, error) {
	l.mu.Lock()
	l.loads[req.Key]++
	value, ok := l.rows[req.Key]
	l.mu.Unlock()
	if !ok {
		l.say("Load %s/%s -> not found", req.Cache, req.Key)
		return &pb.LoadResponse{Found: false}, nil
	}
	l.say("Load %s/%s -> found (%d bytes)", req.Cache, req.Key, len(value))
	res := &pb.LoadResponse{Found: true, Value: value}
	if l.ttl > 0 {
		res.Ttl = durationpb.New(l.ttl)
	}
	return res, nil
}

// Store applies writes. Idempotent, since WriteBehind delivers batches at least once: setting or
// deleting a row twice leaves it as once.
func (l *Loader) Store(_ context.Context, req *pb.StoreRequest) (*pb.StoreResponse, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range req.Entries {
		if e.Delete {
			delete(l.rows, e.Key)
		} else {
			l.rows[e.Key] = e.Value
		}
		l.stored = append(l.stored, StoredEntry{Cache: req.Cache, Key: e.Key, Value: e.Value, Delete: e.Delete})
	}
	l.say("Store %s: %d entries", req.Cache, len(req.Entries))
	return &pb.StoreResponse{}, nil
}

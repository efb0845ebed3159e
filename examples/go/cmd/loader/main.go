// Command loader serves the application's CacheLoader with a small book catalogue:
//
//	go run ./cmd/loader [port]   # default $CACHESYNC_LOADER_PORT, else 7071; 0 picks a free port
//
// The sidecar finds it through its config: loader.target: 127.0.0.1:<port>. Ctrl-C stops it.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"syscall"

	"github.com/cachesync/cachesync/examples/go/cachesync"
)

var books = map[string][]byte{
	"book:978-0-14-143951-8": []byte(`{"title": "Pride and Prejudice", "author": "Jane Austen"}`),
	"book:978-0-14-118776-1": []byte(`{"title": "Nineteen Eighty-Four", "author": "George Orwell"}`),
	"book:978-0-7432-7356-5": []byte(`{"title": "The Great Gatsby", "author": "F. Scott Fitzgerald"}`),
}

func main() {
	arg := os.Getenv("CACHESYNC_LOADER_PORT")
	if len(os.Args) > 1 {
		arg = os.Args[1]
	}
	if arg == "" {
		arg = "7071"
	}
	port, err := strconv.Atoi(arg)
	if err != nil {
		fmt.Fprintf(os.Stderr, "usage: loader [port]   (got %q; 0 picks a free port)\n", arg)
		os.Exit(2)
	}
	loader, err := cachesync.StartLoader(cachesync.LoaderOptions{
		Port: port, Rows: books, Log: func(line string) { fmt.Println("loader:", line) },
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "loader:", err)
		os.Exit(1)
	}
	fmt.Printf("CacheLoader listening on %s with %d books:\n", loader.Target(), len(books))
	keys := make([]string, 0, len(books))
	for k := range books {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Println(" ", k)
	}
	fmt.Printf("Point the sidecar at it (loader: {target: %s}). Ctrl-C stops it.\n", loader.Target())
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	loader.Close()
}

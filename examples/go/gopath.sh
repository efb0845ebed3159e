# Sourced by run-tests.sh and run.sh: builds a throw-away GOPATH in which this example sits under
# its import path (github.com/cachesync/cachesync/examples/go), since GOPATH mode finds packages
# by directory, and points Go at Debian's libraries in /usr/share/gocode (golang-google-grpc-dev,
# golang-google-protobuf-dev, golang-github-golang-protobuf-1-5-dev), offline. Leaves the shell in
# the copy; the copy is removed on exit.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
command -v go >/dev/null 2>&1 || { echo "$(basename "$0"): go is not installed (Debian: golang-go)" >&2; exit 3; }

gopath=$(mktemp -d "${TMPDIR:-/tmp}/cachesync-go.XXXXXX")
trap 'chmod -R u+w "$gopath" 2>/dev/null; rm -rf "$gopath"' EXIT
pkg=$gopath/src/github.com/cachesync/cachesync/examples/go
mkdir -p "$pkg"
cp -R "$here/cachesync" "$here/cachesyncv1" "$here/cmd" "$pkg/"

# GOFLAGS is cleared because -mod=... is refused outside module mode.
export GO111MODULE=off GOFLAGS= GOPROXY=off GOPATH="$gopath:${CACHESYNC_GOCODE:-/usr/share/gocode}"
cd "$pkg"

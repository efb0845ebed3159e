#!/usr/bin/env bash
# Runs the Go example's tests in GOPATH mode, offline, against Debian's Go libraries
# (/usr/share/gocode: golang-google-grpc-dev, golang-google-protobuf-dev).
#   CACHESYNC_TARGET=127.0.0.1:7070 ./run-tests.sh [go test flags, e.g. -run LookAside]
# The sources are copied into a throw-away GOPATH under the import path
# github.com/cachesync/cachesync/examples/go, since GOPATH mode finds packages by directory.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
command -v go >/dev/null 2>&1 || { echo "run-tests.sh: go is not installed (Debian: golang-go)" >&2; exit 3; }

gopath=$(mktemp -d "${TMPDIR:-/tmp}/cachesync-go.XXXXXX")
trap 'chmod -R u+w "$gopath" 2>/dev/null; rm -rf "$gopath"' EXIT
pkg=$gopath/src/github.com/cachesync/cachesync/examples/go
mkdir -p "$pkg"
cp -R "$here/cachesync" "$here/cachesyncv1" "$pkg/"
[[ -d $here/cmd ]] && cp -R "$here/cmd" "$pkg/"

export GO111MODULE=off GOFLAGS= GOPROXY=off GOPATH="$gopath:${CACHESYNC_GOCODE:-/usr/share/gocode}"

# The descriptor test compares the checked-in stubs with the .proto of this checkout.
export CACHESYNC_PROTO_DIR="${CACHESYNC_PROTO_DIR:-$here/../../api/src/main/proto}"
cd "$pkg"
go vet ./...
go test -count=1 -timeout "${CACHESYNC_GO_TEST_TIMEOUT:-120s}" "$@" ./...

#!/usr/bin/env bash
# Runs the Go example's tests in GOPATH mode, offline, against Debian's Go libraries:
#   CACHESYNC_TARGET=127.0.0.1:7070 ./run-tests.sh [go test flags, e.g. -v -run LookAside]
# The variables the tests read are in README.md; tests whose variables are unset skip.
set -euo pipefail
# The descriptor test compares the checked-in stubs with the .proto of this checkout.
export CACHESYNC_PROTO_DIR="${CACHESYNC_PROTO_DIR:-$(cd "$(dirname "$0")/../../api/src/main/proto" && pwd)}"
source "$(dirname "$0")/gopath.sh"
go vet ./...
go test -count=1 -timeout "${CACHESYNC_GO_TEST_TIMEOUT:-120s}" "$@" ./...

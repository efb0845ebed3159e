#!/usr/bin/env bash
# Runs one of the commands in cmd/ in GOPATH mode, offline, against Debian's Go libraries:
#   ./run.sh lookaside [host:port]     the look-aside walk-through
#   ./run.sh loader [port]             a CacheLoader with a small book catalogue
set -euo pipefail
command=${1:-}
if [[ -z $command || ! -d $(dirname "$0")/cmd/$command ]]; then
  echo "usage: ./run.sh lookaside [host:port] | loader [port]" >&2
  exit 2
fi
shift
source "$(dirname "$0")/gopath.sh"
go run "./cmd/$command" "$@"

#!/usr/bin/env bash
# Regenerates cachesync/v1/cache_pb2.py and cache_pb2_grpc.py from api/src/main/proto after the
# contract changes; commit the result. Messages come from protoc (Debian: protobuf-compiler,
# 3.21), whose builder-style output loads on protobuf 3.20 and later; the service stubs from
# grpc_tools' plugin (Debian: python3-grpc-tools). Debian's grpc_tools 1.14 bundles an old protoc
# whose message code newer protobuf runtimes refuse, which is why the two are split and why the
# stubs are checked in. tests/test_stubs.py fails when they lag behind the .proto.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
proto_dir=${CACHESYNC_PROTO_DIR:-$here/../../api/src/main/proto}
python=${PYTHON:-python3}
command -v protoc >/dev/null 2>&1 || { echo "generate.sh: protoc is not on PATH (Debian: protobuf-compiler)" >&2; exit 3; }
"$python" -c 'import grpc_tools.protoc' 2>/dev/null ||
  { echo "generate.sh: $python has no grpc_tools (Debian: python3-grpc-tools); set PYTHON to one that has" >&2; exit 3; }

protoc -I"$proto_dir" --python_out="$here" cachesync/v1/cache.proto
"$python" -m grpc_tools.protoc -I"$proto_dir" --grpc_python_out="$here" cachesync/v1/cache.proto
echo "generated $here/cachesync/v1/cache_pb2.py and cache_pb2_grpc.py"

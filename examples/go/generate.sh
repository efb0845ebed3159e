#!/usr/bin/env bash
# Regenerates cachesyncv1/*.pb.go from api/src/main/proto after the contract changes; commit the
# result. Needs protoc, protoc-gen-go and protoc-gen-go-grpc (Debian: protobuf-compiler,
# protoc-gen-go, protoc-gen-go-grpc). The stubs are checked in so that building the client needs
# only Go and the grpc/protobuf libraries; TestCheckedInStubsMatchTheProto fails when they lag.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
proto_dir=${CACHESYNC_PROTO_DIR:-$here/../../api/src/main/proto}
for tool in protoc protoc-gen-go protoc-gen-go-grpc; do
  command -v "$tool" >/dev/null 2>&1 || { echo "generate.sh: $tool is not on PATH" >&2; exit 3; }
done

module=github.com/cachesync/cachesync/examples/go
# The .proto's go_package names the api module; here the stubs live beside the client instead.
map="Mcachesync/v1/cache.proto=$module/cachesyncv1;cachesyncv1"
protoc -I"$proto_dir" \
  --go_out="$here" --go_opt=module="$module" --go_opt="$map" \
  --go-grpc_out="$here" --go-grpc_opt=module="$module" --go-grpc_opt="$map" \
  cachesync/v1/cache.proto
echo "generated $here/cachesyncv1/cache.pb.go and cache_grpc.pb.go"

package cachesync

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	pb "github.com/cachesync/cachesync/examples/go/cachesyncv1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/types/descriptorpb"
)

// The checked-in stubs must describe the same contract as the .proto: compared as descriptors,
// so the versions of protoc and its plugins that made them do not matter.
func TestCheckedInStubsMatchTheProto(t *testing.T) {
	dir := os.Getenv("CACHESYNC_PROTO_DIR")
	if dir == "" {
		t.Skip("CACHESYNC_PROTO_DIR is not set: run-tests.sh sets it to the checkout's api/src/main/proto")
	}
	protoc, err := exec.LookPath("protoc")
	if err != nil {
		t.Skip("protoc is not installed (Debian: protobuf-compiler): cannot compare the stubs with the .proto")
	}
	out := filepath.Join(t.TempDir(), "cache.pb")
	if b, err := exec.Command(protoc, "-I"+dir, "-o"+out, "cachesync/v1/cache.proto").CombinedOutput(); err != nil {
		t.Fatalf("protoc: %v\n%s", err, b)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var set descriptorpb.FileDescriptorSet
	if err := proto.Unmarshal(raw, &set); err != nil {
		t.Fatal(err)
	}
	stubs := protodesc.ToFileDescriptorProto(pb.File_cachesync_v1_cache_proto)
	if !proto.Equal(set.File[0], stubs) {
		t.Fatal("cachesyncv1/*.pb.go is out of date with cache.proto: run examples/go/generate.sh and commit the result")
	}
}

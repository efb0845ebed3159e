"""The checked-in stubs must describe the same contract as the .proto: compared as descriptors, so
the versions of protoc and grpc_tools that made them do not matter."""

import os
import pathlib
import shutil
import subprocess
import tempfile
import unittest

from google.protobuf import descriptor_pb2

from cachesync.v1 import cache_pb2, cache_pb2_grpc

PROTO_DIR = pathlib.Path(os.environ.get(
    "CACHESYNC_PROTO_DIR", pathlib.Path(__file__).resolve().parents[3] / "api/src/main/proto"))


def without_json_names(messages):
    """protoc -o fills in json_name, which the embedded descriptor leaves out."""
    for message in messages:
        for field in message.field:
            field.ClearField("json_name")
        without_json_names(message.nested_type)


class StubsTest(unittest.TestCase):
    @unittest.skipUnless(shutil.which("protoc"), "protoc is not installed (Debian: protobuf-compiler)")
    def test_checked_in_stubs_match_the_proto(self):
        proto = PROTO_DIR / "cachesync/v1/cache.proto"
        self.assertTrue(proto.is_file(), f"no {proto}: set CACHESYNC_PROTO_DIR to the proto root")
        with tempfile.TemporaryDirectory() as tmp:
            out = pathlib.Path(tmp) / "cache.pb"
            subprocess.run(["protoc", f"-I{PROTO_DIR}", f"-o{out}", "cachesync/v1/cache.proto"],
                           check=True, capture_output=True, timeout=30)
            fresh = descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes()).file[0]
        without_json_names(fresh.message_type)
        checked_in = descriptor_pb2.FileDescriptorProto()
        cache_pb2.DESCRIPTOR.CopyToProto(checked_in)
        self.assertEqual(checked_in, fresh,
                         "cachesync/v1/cache_pb2.py is out of date: run examples/python/generate.sh")
        for service in fresh.service:
            stub = getattr(cache_pb2_grpc, f"{service.name}Servicer")
            missing = [m.name for m in service.method if not hasattr(stub, m.name)]
            self.assertEqual(missing, [], f"cache_pb2_grpc.py lacks {service.name} methods: run generate.sh")


if __name__ == "__main__":
    unittest.main()

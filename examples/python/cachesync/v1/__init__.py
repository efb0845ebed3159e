"""Generated from api/src/main/proto/cachesync/v1/cache.proto by generate.sh; do not edit."""

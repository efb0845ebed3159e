'use strict';

// The cachesync.v1 contract, loaded at runtime, and the small conversions that
// both sides of it need: the client (cachesync.js, calling the sidecar's
// CacheService) and the loader (loader.js, serving the sidecar's calls to
// CacheLoader).
//
// The .proto is read from the repository (../../api/src/main/proto relative to
// this file) unless CACHESYNC_PROTO_DIR points at another proto root.

const fs = require('node:fs');
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO_FILE = 'cachesync/v1/cache.proto';
const DEFAULT_PROTO_DIR = path.resolve(__dirname, '..', '..', 'api', 'src', 'main', 'proto');

function protoDir() {
  return process.env.CACHESYNC_PROTO_DIR
    ? path.resolve(process.env.CACHESYNC_PROTO_DIR)
    : DEFAULT_PROTO_DIR;
}

/** Loads cache.proto and returns the cachesync.v1 package (services and message types). */
function loadProto(dir = protoDir()) {
  if (!fs.existsSync(path.join(dir, PROTO_FILE))) {
    throw new Error(
      `cannot find ${PROTO_FILE} under ${dir}: run from a CacheSync checkout ` +
        'or set CACHESYNC_PROTO_DIR to the directory that contains cachesync/v1/'
    );
  }
  const definition = protoLoader.loadSync(PROTO_FILE, {
    includeDirs: [dir],
    keepCase: true, // field names as in the .proto: fill_token, key_prefix, ...
    longs: String, // uint64 (fill_token, counters) and Duration.seconds as decimal strings
    enums: String, // CacheEvent.kind as 'INVALIDATED', 'CLEARED', ...
    bytes: Buffer,
    defaults: true,
    oneofs: true,
  });
  return grpc.loadPackageDefinition(definition).cachesync.v1;
}

// Loaded once, when this module is first required, so a broken proto path fails early.
const proto = loadProto();

function statusName(code) {
  const entry = Object.entries(grpc.status).find(([, value]) => value === code);
  return entry ? entry[0] : `UNKNOWN_STATUS_${code}`;
}

/** A Buffer from a Buffer, a Uint8Array or a string (UTF-8). */
function toBuffer(value) {
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError('value must be a Buffer, a Uint8Array or a string');
}

/** Milliseconds as a google.protobuf.Duration ({seconds: decimal string, nanos}). */
function toDuration(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw new TypeError('ttlMs must be a non-negative number of milliseconds');
  }
  const whole = Math.floor(ms);
  return { seconds: String(Math.floor(whole / 1000)), nanos: (whole % 1000) * 1e6 };
}

module.exports = {
  PROTO_FILE,
  DEFAULT_PROTO_DIR,
  protoDir,
  loadProto,
  proto,
  statusName,
  toBuffer,
  toDuration,
  grpc,
};

'use strict';

// A tiny promise-based client for the CacheSync sidecar (cachesync.v1).
//
//   const cachesync = require('./cachesync');
//   const cache = cachesync.connect('127.0.0.1:7070');
//   const { value, source } = await cache.lookAside('books', 'book:42', loadFromDb);
//   cache.close();
//
// The contract lives in api/src/main/proto/cachesync/v1/cache.proto. It is
// loaded from the repository (../../api/src/main/proto relative to this file)
// unless CACHESYNC_PROTO_DIR points at another proto root.
//
// Conventions:
//   * Values are Buffers. put() also accepts strings (UTF-8) and Uint8Arrays.
//   * fill_token is a uint64. It is handled as a decimal string and must be
//     passed back unchanged; never turn it into a Number.
//   * A failed call rejects with the grpc-js error: err.code is the gRPC status
//     code (see cachesync.status), err.details the server's message.

const grpc = require('@grpc/grpc-js');
// The proto loading and the value conversions are shared with loader.js.
const { loadProto, protoDir, proto, statusName, toBuffer, toDuration } = require('./proto');
const { ReadSession } = require('./session');

const DEFAULT_DEADLINE_MS = 5000;

function toKeys(keys) {
  return Array.isArray(keys) ? keys : [keys];
}

function toFillToken(token) {
  if (token === undefined || token === null) return '0';
  if (typeof token === 'bigint') return token.toString();
  if (typeof token === 'string' && /^\d+$/.test(token)) return token;
  if (typeof token === 'number' && Number.isSafeInteger(token) && token >= 0) return String(token);
  throw new TypeError('fillToken must be the decimal string a miss returned (or a bigint)');
}

// Counters are uint64 on the wire; as plain numbers they are exact up to 2^53.
const STATS_COUNTERS = [
  'hits',
  'misses',
  'size',
  'evictions',
  'invalidations_sent',
  'invalidations_received',
  'gaps',
  'fills_rejected',
  'weighted_size',
];

/**
 * Connects to a sidecar. The channel is created lazily by gRPC; call
 * ready() to wait for it, close() when done.
 *
 * @param {string} target host:port, e.g. '127.0.0.1:7070'
 * @param {object} [options]
 * @param {number} [options.deadlineMs=5000] deadline of every call (and of every read on the session)
 * @param {boolean} [options.session=true] get() and getMany() go over one Session stream
 *   (cheaper per read than a unary call); false, or a sidecar without Session, reads unary
 * @param {grpc.ChannelCredentials} [options.credentials] default: insecure (a localhost sidecar)
 * @param {object} [options.channelOptions] passed to the grpc-js client
 */
function connect(target, options = {}) {
  if (typeof target !== 'string' || target === '') {
    throw new TypeError('connect(target): target must be "host:port"');
  }
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const client = new proto.CacheService(
    target,
    options.credentials || grpc.credentials.createInsecure(),
    options.channelOptions || {}
  );

  const session = options.session === false ? null : new ReadSession(client, deadlineMs);

  // A read on the session when there is one; unary on a sidecar that predates Session.
  async function read(kind, method, request) {
    if (session && !session.unimplemented) {
      try {
        return await session.read(kind, request);
      } catch (err) {
        if (err.code !== grpc.status.UNIMPLEMENTED) throw err;
      }
    }
    return unary(method, request);
  }

  function unary(method, request) {
    return new Promise((resolve, reject) => {
      const callOptions = { deadline: Date.now() + deadlineMs };
      client[method](request, callOptions, (err, response) => (err ? reject(err) : resolve(response)));
    });
  }

  // Rejects (instead of throwing) when an argument cannot be encoded.
  function call(method, buildRequest) {
    let request;
    try {
      request = buildRequest();
    } catch (err) {
      return Promise.reject(err);
    }
    return unary(method, request);
  }

  const api = {
    target,

    /** Resolves once the channel is connected; rejects after timeoutMs. */
    ready(timeoutMs = deadlineMs) {
      return new Promise((resolve, reject) => {
        client.waitForReady(Date.now() + timeoutMs, (err) => (err ? reject(err) : resolve()));
      });
    },

    /**
     * @returns {Promise<{found: boolean, value: Buffer|null, fillToken: string}>}
     *   On a miss, fillToken is the (non-zero) token to pass to put().
     */
    async get(cache, key) {
      const res = await read('get', 'Get', { cache, key });
      return {
        found: res.found,
        value: res.found ? res.value : null,
        fillToken: res.fill_token,
      };
    },

    /**
     * @returns {Promise<{values: Object<string, Buffer>, fillTokens: Object<string, string>}>}
     *   values holds the hits only; fillTokens the token for each missing key.
     */
    async getMany(cache, keys) {
      const res = await read('get_many', 'GetMany', { cache, keys: toKeys(keys) });
      return { values: res.values || {}, fillTokens: res.fill_tokens || {} };
    },

    /**
     * With opts.fillToken (from a miss): a fill, installed on this sidecar only,
     * and applied:false if an invalidation of the key overtook the token.
     * Without: a write, installed here while every peer drops its copy.
     *
     * @returns {Promise<{applied: boolean}>}
     */
    async put(cache, key, value, opts = {}) {
      const res = await call('Put', () => {
        const request = { cache, key, value: toBuffer(value), fill_token: toFillToken(opts.fillToken) };
        if (opts.ttlMs !== undefined && opts.ttlMs !== null) request.ttl = toDuration(opts.ttlMs);
        return request;
      });
      return { applied: res.applied };
    },

    /** Drops the keys everywhere (and in the store of record, per strategy). */
    async delete(cache, keys) {
      await unary('Delete', { cache, keys: toKeys(keys) });
    },

    /** Drops the keys here and on every peer. */
    async invalidate(cache, keys) {
      await unary('Invalidate', { cache, keys: toKeys(keys) });
    },

    async invalidateAll(cache) {
      await unary('InvalidateAll', { cache });
    },

    /** The StatsResponse, with the uint64 counters as numbers. */
    async stats(cache) {
      const res = await unary('Stats', { cache });
      const out = { ...res };
      for (const name of STATS_COUNTERS) out[name] = Number(res[name] || 0);
      return out;
    },

    /**
     * Streams change events: {cache, keys, kind, origin}, kind being
     * 'INVALIDATED' | 'EXPIRED' | 'DELETED' | 'UPDATED' | 'CLEARED'.
     * An empty cache means every cache; an empty prefix every key.
     *
     * @param {function(object)} onEvent
     * @param {object} [opts] {onError(err), onEnd()}; without onError a broken
     *   stream is reported on stderr.
     * @returns {function()} cancels the stream
     */
    watch(cache, prefix, onEvent, opts = {}) {
      const stream = client.Watch({ cache: cache || '', key_prefix: prefix || '' });
      let cancelled = false;
      stream.on('data', (event) => onEvent(event));
      stream.on('error', (err) => {
        if (cancelled && err.code === grpc.status.CANCELLED) return;
        if (opts.onError) opts.onError(err);
        else console.error(`cachesync watch: ${statusName(err.code)}: ${err.details || err.message}`);
      });
      stream.on('end', () => {
        if (opts.onEnd) opts.onEnd();
      });
      return function cancel() {
        if (cancelled) return;
        cancelled = true;
        stream.cancel();
      };
    },

    /**
     * Look-aside read: Get; on a miss call loadFn(key) (the application's
     * database), then fill with the miss's token.
     *
     * loadFn may be async and returns a Buffer/string, or null/undefined when
     * the key does not exist (then nothing is cached and value is null).
     *
     * @returns {Promise<{value: Buffer|null, source: 'cache'|'loader', applied: boolean}>}
     *   applied: whether this call's fill was installed (false on a hit, or
     *   when an invalidation of the key overtook the fill).
     */
    async lookAside(cache, key, loadFn, opts = {}) {
      const hit = await api.get(cache, key);
      if (hit.found) return { value: hit.value, source: 'cache', applied: false };

      const loaded = await loadFn(key);
      if (loaded === undefined || loaded === null) return { value: null, source: 'loader', applied: false };

      const value = toBuffer(loaded);
      const { applied } = await api.put(cache, key, value, { ttlMs: opts.ttlMs, fillToken: hit.fillToken });
      return { value, source: 'loader', applied };
    },

    close() {
      if (session) session.close();
      client.close();
    },

    /** The underlying grpc-js client, for anything not wrapped here. */
    raw: client,

    /** The Session reads go over (null with options.session false). */
    session,
  };
  return api;
}

module.exports = {
  connect,
  loadProto,
  protoDir,
  statusName,
  status: grpc.status,
  proto,
  grpc,
};

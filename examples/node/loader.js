#!/usr/bin/env node
'use strict';

// The application's side of read-through: a cachesync.v1.CacheLoader gRPC
// server that the sidecar calls.
//
//   Load(cache, key)      on a miss of a ReadThrough cache: the row, or found:false
//   Store(cache, entries) from the write strategies (WriteThrough, WriteAround
//                         synchronously, WriteBehind in batches, at least once)
//
// The "database" here is a Map of key -> Buffer|string. As a module:
//
//   const { startLoader } = require('./loader');
//   const loader = await startLoader({ port: 7071, rows: new Map([['book:1', '{...}']]) });
//   loader.loads.get('book:1');   // how many times the sidecar loaded it
//   await loader.close();
//
// Standalone, with a small book catalogue:
//
//   node loader.js [port]         # default 7071; 0 picks a free port
//
// The sidecar finds it through its config: loader.target: 127.0.0.1:<port>.

const { proto, grpc, toBuffer, toDuration } = require('./proto');

const DEFAULT_PORT = 7071;

/** A small catalogue: key 'book:<isbn>' -> JSON. A fresh Map on every call. */
function sampleBooks() {
  const books = [
    ['978-0-14-143951-8', { title: 'Pride and Prejudice', author: 'Jane Austen', year: 1813 }],
    ['978-0-14-118776-1', { title: 'Nineteen Eighty-Four', author: 'George Orwell', year: 1949 }],
    ['978-0-7432-7356-5', { title: 'The Great Gatsby', author: 'F. Scott Fitzgerald', year: 1925 }],
    ['978-0-06-112008-4', { title: 'To Kill a Mockingbird', author: 'Harper Lee', year: 1960 }],
  ];
  return new Map(books.map(([isbn, book]) => [`book:${isbn}`, JSON.stringify(book)]));
}

function hostPort(host, port) {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Starts a CacheLoader server.
 *
 * @param {object} [options]
 * @param {number} [options.port=0] 0 picks a free port
 * @param {string} [options.host='127.0.0.1']
 * @param {Map<string, Buffer|string>} [options.rows] the pretend database, shared
 *   with the caller: Load reads it, Store changes it. Keys are the cache keys
 *   (every cache that calls this loader reads the same rows).
 * @param {number} [options.ttlMs] if given, every found Load carries this ttl
 *   (otherwise the cache's own ttl applies)
 * @param {number} [options.delayMs=0] how long each Load takes (a database is
 *   slower than a cache); can be changed later on the returned object
 * @param {function(string)} [options.log] called with a line per Load and Store
 * @returns {Promise<{port: number, target: string, rows: Map, loads: Map<string, number>,
 *   stored: Array<{cache: string, key: string, value: Buffer, delete: boolean}>,
 *   delayMs: number, close: function(): Promise<void>}>}
 */
function startLoader(options = {}) {
  const { port = 0, host = '127.0.0.1', rows = new Map(), ttlMs, delayMs = 0, log } = options;
  if (!(rows instanceof Map)) return Promise.reject(new TypeError('rows must be a Map of key -> Buffer|string'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return Promise.reject(new TypeError(`port must be an integer from 0 to 65535, got ${port}`));
  }
  let ttl;
  try {
    if (ttlMs !== undefined && ttlMs !== null) ttl = toDuration(ttlMs);
  } catch (err) {
    return Promise.reject(err);
  }

  const loads = new Map();
  const stored = [];
  const handle = { port: 0, target: '', rows, loads, stored, delayMs, close: null };
  const say = typeof log === 'function' ? log : () => {};

  async function load(call, callback) {
    try {
      const { cache, key } = call.request;
      loads.set(key, (loads.get(key) || 0) + 1);
      if (handle.delayMs > 0) await sleep(handle.delayMs);
      if (!rows.has(key)) {
        say(`Load ${cache}/${key} -> not found`);
        callback(null, { found: false });
        return;
      }
      const value = toBuffer(rows.get(key));
      say(`Load ${cache}/${key} -> found (${value.length} bytes)`);
      const response = { found: true, value };
      if (ttl) response.ttl = ttl;
      callback(null, response);
    } catch (err) {
      callback({ code: grpc.status.INTERNAL, details: `the loader failed: ${err.message}` });
    }
  }

  // Idempotent: the sidecar may send the same entries again (WriteBehind is at
  // least once), and setting or deleting a row twice leaves it as once.
  function store(call, callback) {
    try {
      const { cache, entries } = call.request;
      for (const entry of entries) {
        const value = Buffer.from(entry.value || Buffer.alloc(0));
        if (entry.delete) rows.delete(entry.key);
        else rows.set(entry.key, value);
        stored.push({ cache, key: entry.key, value, delete: Boolean(entry.delete) });
      }
      say(
        `Store ${cache}: ` +
          entries.map((e) => (e.delete ? `delete ${e.key}` : `set ${e.key} (${(e.value || []).length} bytes)`)).join(', ')
      );
      callback(null, {});
    } catch (err) {
      callback({ code: grpc.status.INTERNAL, details: `the loader failed: ${err.message}` });
    }
  }

  const server = new grpc.Server();
  server.addService(proto.CacheLoader.service, { Load: load, Store: store });

  return new Promise((resolve, reject) => {
    server.bindAsync(hostPort(host, port), grpc.ServerCredentials.createInsecure(), (err, boundPort) => {
      if (err) {
        server.forceShutdown();
        reject(new Error(`cannot listen on ${hostPort(host, port)}: ${err.message}`));
        return;
      }
      let closing = null;
      handle.port = boundPort;
      handle.target = hostPort(host, boundPort);
      // Lets calls in flight finish for up to graceMs, then cuts them off.
      handle.close = (graceMs = 2000) => {
        if (!closing) {
          closing = new Promise((done) => {
            const force = setTimeout(() => server.forceShutdown(), graceMs);
            force.unref();
            server.tryShutdown(() => {
              clearTimeout(force);
              done();
            });
          });
        }
        return closing;
      };
      resolve(handle);
    });
  });
}

module.exports = { startLoader, sampleBooks, DEFAULT_PORT };

if (require.main === module) {
  const arg = process.argv[2] ?? process.env.CACHESYNC_LOADER_PORT ?? String(DEFAULT_PORT);
  const port = /^\d+$/.test(arg) ? Number(arg) : NaN;
  if (!Number.isInteger(port) || port > 65535) {
    console.error(`usage: node loader.js [port]   (got "${arg}"; 0 picks a free port)`);
    process.exit(2);
  }
  const rows = sampleBooks();
  startLoader({ port, rows, log: (line) => console.log(`loader: ${line}`) }).then(
    (loader) => {
      console.log(`CacheLoader listening on ${loader.target} with ${rows.size} books:`);
      for (const key of rows.keys()) console.log(`  ${key}`);
      console.log(`Point the sidecar at it (loader: {target: ${loader.target}}). Ctrl-C stops it.`);
      const stop = (signal) => {
        console.log(`\nloader: ${signal}, stopping`);
        loader.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (err) => {
      console.error(`loader: ${err.message}`);
      process.exit(1);
    }
  );
}

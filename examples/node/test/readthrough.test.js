'use strict';

// Read-through against a real sidecar, with this suite serving the sidecar's
// CacheLoader (loader.js):
//
//   CACHESYNC_TARGET=127.0.0.1:7070 CACHESYNC_LOADER_PORT=7071 [CACHESYNC_CACHE=books] npm run test:readthrough
//
// The sidecar's config must have loader: {target: 127.0.0.1:$CACHESYNC_LOADER_PORT}
// and a ReadThrough cache named $CACHESYNC_CACHE (default "books"). The loader
// is started on that port before the tests and closed after them.
// Without CACHESYNC_TARGET and CACHESYNC_LOADER_PORT the test is skipped.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const cachesync = require('../cachesync');
const { startLoader } = require('../loader');

const target = process.env.CACHESYNC_TARGET;
const loaderPort = process.env.CACHESYNC_LOADER_PORT;
const cacheName = process.env.CACHESYNC_CACHE || 'books';

let skipReason = null;
if (!loaderPort) {
  skipReason =
    'CACHESYNC_LOADER_PORT is not set: start a sidecar whose ReadThrough cache has ' +
    'loader.target 127.0.0.1:<port>, then set CACHESYNC_LOADER_PORT=<port> and CACHESYNC_TARGET';
} else if (!target) {
  skipReason = 'CACHESYNC_TARGET is not set: point it at the sidecar whose loader.target is this loader';
}

// Unique keys per run, so runs against a long-lived sidecar do not interfere.
const run = `node-rt:${Date.now().toString(36)}-${crypto.randomBytes(4).toString('hex')}`;
let counter = 0;
function freshKey(label) {
  counter += 1;
  return `${run}:${label}:${counter}`;
}

let loader; // the application's CacheLoader, which the sidecar calls
let cache; // the client of the sidecar
const rows = new Map(); // the pretend database behind the loader

function loadsOf(key) {
  return loader.loads.get(key) || 0;
}

async function rejectsWith(promise, code) {
  let error;
  try {
    await promise;
  } catch (err) {
    error = err;
  }
  assert.ok(error, `expected ${cachesync.statusName(code)}, the call succeeded`);
  assert.equal(
    error.code,
    code,
    `expected ${cachesync.statusName(code)}, got ${cachesync.statusName(error.code)}: ${error.details || error.message}`
  );
  return error;
}

if (!skipReason) {
  before(async () => {
    const port = Number(loaderPort);
    assert.ok(Number.isInteger(port) && port > 0 && port < 65536, `CACHESYNC_LOADER_PORT is not a port: "${loaderPort}"`);
    loader = await startLoader({ port, rows });
    cache = cachesync.connect(target, { deadlineMs: 10000 });
    await cache.ready(10000);
  });

  after(async () => {
    if (cache) cache.close();
    if (loader) await loader.close();
  });
}

test('read-through with a Node CacheLoader against a sidecar', async (t) => {
  if (skipReason) {
    t.skip(skipReason);
    return;
  }

  await t.test('a key the database does not have: found:false, no fill token, one load', async () => {
    const key = freshKey('absent');
    const got = await cache.get(cacheName, key);
    assert.equal(got.found, false);
    assert.equal(
      got.fillToken,
      '0',
      `cache "${cacheName}" handed out a fill token: it is not ReadThrough (the application would fill it)`
    );
    assert.equal(loadsOf(key), 1, 'the sidecar asked the loader once');
  });

  await t.test('a key the database has: loaded once, then a hit', async () => {
    const key = freshKey('present');
    const value = Buffer.from(JSON.stringify({ key, title: 'The Left Hand of Darkness' }));
    rows.set(key, value);

    const first = await cache.get(cacheName, key);
    assert.equal(first.found, true, `expected the sidecar to load ${key} from the loader`);
    assert.deepEqual(first.value, value);
    assert.equal(loadsOf(key), 1);

    const second = await cache.get(cacheName, key);
    assert.equal(second.found, true);
    assert.deepEqual(second.value, value);
    assert.equal(loadsOf(key), 1, 'the second Get is a hit: no second load');
  });

  await t.test('20 concurrent Gets of one fresh key: one load (single flight)', async () => {
    const key = freshKey('flight');
    const value = Buffer.from(`the one row of ${key}`);
    rows.set(key, value);
    loader.delayMs = 200; // a slow database: every Get arrives while the load runs
    try {
      const results = await Promise.all(Array.from({ length: 20 }, () => cache.get(cacheName, key)));
      for (const r of results) {
        assert.equal(r.found, true);
        assert.deepEqual(r.value, value);
      }
    } finally {
      loader.delayMs = 0;
    }
    assert.equal(loadsOf(key), 1, 'the sidecar loads a key once however many Gets wait for it');
  });

  await t.test('a write (Put without a fill token) is read back without a load', async () => {
    const key = freshKey('write');
    const written = await cache.put(cacheName, key, Buffer.from('written'));
    assert.equal(written.applied, true);

    const got = await cache.get(cacheName, key);
    assert.equal(got.found, true);
    assert.deepEqual(got.value, Buffer.from('written'));
    assert.equal(loadsOf(key), 0, 'the written value is in the cache: the loader is not asked');
  });

  await t.test('a Put with a fill token is FAILED_PRECONDITION: the sidecar fills a ReadThrough cache itself', async () => {
    const key = freshKey('fill');
    const err = await rejectsWith(
      cache.put(cacheName, key, Buffer.from('filled'), { fillToken: '1' }),
      cachesync.status.FAILED_PRECONDITION
    );
    assert.equal(err.code, 9);
    assert.ok(typeof err.details === 'string' && err.details.length > 0, 'the error explains itself');
    assert.equal(loadsOf(key), 0);
  });
});

#!/usr/bin/env node
'use strict';

// A walk-through of read-through: the sidecar loads misses itself, by calling
// this application's CacheLoader (loader.js), which this script serves.
//
//   CACHESYNC_LOADER_PORT=7071 node readthrough.js [target]
//
// target: host:port of the sidecar; default $CACHESYNC_TARGET or 127.0.0.1:7070.
// cache:  $CACHESYNC_CACHE, default "books"; it must be a ReadThrough cache.
// CACHESYNC_LOADER_PORT (default 7071): the port the sidecar's loader.target
//   points at. The sidecar's config names the loader's address, so this script
//   cannot choose it: it starts its loader there (on 127.0.0.1).

const cachesync = require('./cachesync');
const { startLoader, sampleBooks, DEFAULT_PORT } = require('./loader');

const target = process.argv[2] || process.env.CACHESYNC_TARGET || '127.0.0.1:7070';
const cacheName = process.env.CACHESYNC_CACHE || 'books';
const loaderPortText = process.env.CACHESYNC_LOADER_PORT || String(DEFAULT_PORT);

function show(buffer) {
  return buffer ? buffer.toString('utf8') : '(none)';
}

function step(title) {
  console.log(`\n== ${title}`);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// What to check when the sidecar cannot reach this loader.
function loaderHint(loader) {
  return (
    `check that the sidecar's config has loader: {target: ${loader.target}} ` +
    `and cache "${cacheName}" with strategy: ReadThrough`
  );
}

async function main() {
  if (!/^\d+$/.test(loaderPortText) || Number(loaderPortText) < 1 || Number(loaderPortText) > 65535) {
    throw new Error(`CACHESYNC_LOADER_PORT must be a port number (the one in the sidecar's loader.target), got "${loaderPortText}"`);
  }
  const rows = sampleBooks();
  let loader;
  try {
    loader = await startLoader({
      port: Number(loaderPortText),
      rows,
      delayMs: 20, // a database is slower than a cache
      log: (line) => console.log(`      loader: ${line}`),
    });
  } catch (err) {
    throw new Error(
      `${err.message}. Is another loader (node loader.js) already running on that port? ` +
        'Stop it: this walk-through starts its own, to count the loads.'
    );
  }
  console.log(
    `CacheSync read-through example: sidecar ${target}, cache "${cacheName}", ` +
      `this app's CacheLoader on ${loader.target}`
  );

  const cache = cachesync.connect(target);
  try {
    try {
      await cache.ready(5000);
    } catch (err) {
      throw new Error(
        `no sidecar reachable at ${target} (${err.message}). Start one whose config has ` +
          `loader: {target: ${loader.target}} and caches: [{name: ${cacheName}, strategy: ReadThrough}], ` +
          'or pass its host:port.'
      );
    }

    const key = 'book:978-0-14-143951-8';
    // Start from a clean slate so the walk-through is the same on every run.
    await cache.invalidate(cacheName, key);

    step(`1. Get ${key}: a miss, so the sidecar calls this app's CacheLoader.Load`);
    let first;
    try {
      first = await cache.get(cacheName, key);
    } catch (err) {
      if (err.code === cachesync.status.UNAVAILABLE || err.code === cachesync.status.DEADLINE_EXCEEDED) {
        err.details = `${err.details || err.message} (${loaderHint(loader)})`;
      }
      throw err;
    }
    const loadsAfterFirst = loader.loads.get(key) || 0;
    console.log(`   found=${first.found} value=${show(first.value)}`);
    console.log(`   loads of ${key}: ${loadsAfterFirst}`);
    check(
      first.found || first.fillToken === '0',
      `cache "${cacheName}" answered a miss with a fill token, so it is not ReadThrough (the application fills it): ` +
        loaderHint(loader)
    );
    check(first.found && loadsAfterFirst === 1, `expected the sidecar to load ${key} once, it loaded it ${loadsAfterFirst} times`);

    step(`2. Get ${key} again: a hit, this app is not called`);
    const second = await cache.get(cacheName, key);
    const loadsAfterSecond = loader.loads.get(key) || 0;
    console.log(`   found=${second.found} value=${show(second.value)}`);
    console.log(`   loads of ${key}: ${loadsAfterSecond}`);
    check(second.found && loadsAfterSecond === 1, `expected a hit without a load, got ${loadsAfterSecond} loads`);

    step('3. A key the database does not have: found:false, and no fill token');
    const absent = 'book:000-0-00-000000-0';
    const none = await cache.get(cacheName, absent);
    console.log(`   found=${none.found} fill_token=${none.fillToken} loads of ${absent}: ${loader.loads.get(absent) || 0}`);
    check(!none.found, `expected ${absent} not to be found`);

    step('4. Filling is the sidecar\'s job here: a Put with a fill token is refused');
    try {
      await cache.put(cacheName, key, 'stale', { fillToken: '1' });
      throw new Error('expected FAILED_PRECONDITION for a fill on a ReadThrough cache, the Put succeeded');
    } catch (err) {
      if (err.code !== cachesync.status.FAILED_PRECONDITION) throw err;
      console.log(`   ${cachesync.statusName(err.code)} (code ${err.code}): ${err.details}`);
    }

    console.log('\nDone.');
  } finally {
    cache.close();
    await loader.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    const code = typeof err.code === 'number' ? ` [${cachesync.statusName(err.code)}]` : '';
    console.error(`\nreadthrough: failed${code}: ${err.details || err.message}`);
    process.exit(1);
  }
);

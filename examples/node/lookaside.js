#!/usr/bin/env node
'use strict';

// A walk-through of the look-aside pattern against a running CacheSync sidecar.
//
//   node lookaside.js [target]
//
// target: host:port of the sidecar; default $CACHESYNC_TARGET or 127.0.0.1:7070.
// cache:  $CACHESYNC_CACHE, default "default" (the cache a sidecar without a config serves).

const crypto = require('node:crypto');
const cachesync = require('./cachesync');

const target = process.argv[2] || process.env.CACHESYNC_TARGET || '127.0.0.1:7070';
const cacheName = process.env.CACHESYNC_CACHE || 'default';

// The pretend database: the application's store of record.
const catalogue = new Map([
  ['978-0-14-143951-8', { title: 'Pride and Prejudice', author: 'Jane Austen', year: 1813 }],
  ['978-0-14-118776-1', { title: 'Nineteen Eighty-Four', author: 'George Orwell', year: 1949 }],
  ['978-0-7432-7356-5', { title: 'The Great Gatsby', author: 'F. Scott Fitzgerald', year: 1925 }],
  ['978-0-06-112008-4', { title: 'To Kill a Mockingbird', author: 'Harper Lee', year: 1960 }],
]);
let databaseReads = 0;

async function loadBook(key) {
  databaseReads += 1;
  const isbn = key.slice('book:'.length);
  const book = catalogue.get(isbn);
  console.log(`      database: SELECT ... WHERE isbn = '${isbn}' -> ${book ? book.title : 'no row'}`);
  await new Promise((resolve) => setTimeout(resolve, 20)); // a database is slower than a cache
  return book ? JSON.stringify(book) : null;
}

function show(buffer) {
  return buffer ? buffer.toString('utf8') : '(none)';
}

function step(title) {
  console.log(`\n== ${title}`);
}

async function main() {
  console.log(`CacheSync look-aside example: sidecar ${target}, cache "${cacheName}"`);
  const cache = cachesync.connect(target);
  try {
    try {
      await cache.ready(5000);
    } catch (err) {
      throw new Error(
        `no sidecar reachable at ${target} (${err.message}). ` +
          'Start one (java -jar sidecar/target/cachesync-sidecar.jar) or pass its host:port.'
      );
    }

    const key = 'book:978-0-14-143951-8';
    // Start from a clean slate so the walk-through is the same on every run.
    await cache.invalidate(cacheName, key);

    step(`1. Get ${key}: a miss hands out a fill token`);
    const miss = await cache.get(cacheName, key);
    console.log(`   found=${miss.found} fill_token=${miss.fillToken}`);
    if (miss.found) throw new Error('expected a miss after the invalidation');

    step('2. Load it from the database');
    const loaded = await loadBook(key);

    step('3. Fill: Put with the fill token (installed on this sidecar only)');
    const fill = await cache.put(cacheName, key, loaded, { fillToken: miss.fillToken, ttlMs: 10 * 60 * 1000 });
    console.log(`   applied=${fill.applied}` + (fill.applied ? '' : ' (an invalidation overtook the fill)'));

    step(`4. Get ${key} again: a hit, no database read`);
    const hit = await cache.get(cacheName, key);
    console.log(`   found=${hit.found} value=${show(hit.value)}`);

    step('5. The same in one call: lookAside(cache, key, loadFn)');
    const other = 'book:978-0-14-118776-1';
    await cache.invalidate(cacheName, other);
    for (let i = 1; i <= 2; i++) {
      const r = await cache.lookAside(cacheName, other, loadBook);
      console.log(`   call ${i}: source=${r.source} applied=${r.applied} value=${show(r.value)}`);
    }
    console.log(`   database reads so far: ${databaseReads}`);

    step('6. A write: Put without a fill token (peers drop their copies)');
    const book = catalogue.get('978-0-14-143951-8');
    book.title = 'Pride and Prejudice (annotated edition)';
    const write = await cache.put(cacheName, key, JSON.stringify(book));
    console.log(`   database updated, cache written: applied=${write.applied}`);
    const afterWrite = await cache.get(cacheName, key);
    console.log(`   Get ${key}: value=${show(afterWrite.value)}`);

    step('7. A Get on a cache the sidecar does not have');
    const unknown = `no-such-cache-${crypto.randomBytes(3).toString('hex')}`;
    try {
      await cache.get(unknown, key);
      throw new Error(`expected NOT_FOUND for cache "${unknown}", got an answer`);
    } catch (err) {
      if (err.code !== cachesync.status.NOT_FOUND) throw err;
      console.log(`   ${cachesync.statusName(err.code)} (code ${err.code}): ${err.details}`);
    }

    step(`8. Stats of "${cacheName}"`);
    const s = await cache.stats(cacheName);
    console.log(
      `   hits=${s.hits} misses=${s.misses} size=${s.size} fills_rejected=${s.fills_rejected}` +
        (s.sync_state ? ` sync_state=${s.sync_state}` : '')
    );

    console.log('\nDone.');
  } finally {
    cache.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    const code = err.code !== undefined && typeof err.code === 'number' ? ` [${cachesync.statusName(err.code)}]` : '';
    console.error(`\nlookaside: failed${code}: ${err.details || err.message}`);
    process.exit(1);
  }
);

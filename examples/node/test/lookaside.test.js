'use strict';

// Runs against a real sidecar:
//   CACHESYNC_TARGET=127.0.0.1:7070 [CACHESYNC_CACHE=books] npm test
// Without CACHESYNC_TARGET the test is skipped.

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const cachesync = require('../cachesync');

const target = process.env.CACHESYNC_TARGET;
const cacheName = process.env.CACHESYNC_CACHE || 'default';

// Unique keys per run, so runs against a long-lived sidecar do not interfere.
const run = `node-test:${Date.now().toString(36)}-${crypto.randomBytes(4).toString('hex')}`;
let counter = 0;
function freshKey(label) {
  counter += 1;
  return `${run}:${label}:${counter}`;
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

test('cachesync.v1 against a sidecar', async (t) => {
  if (!target) {
    t.skip('CACHESYNC_TARGET is not set: start a sidecar and point this at it');
    return;
  }

  const cache = cachesync.connect(target, { deadlineMs: 10000 });
  t.after(() => cache.close());
  await cache.ready(10000);

  await t.test('look-aside: miss, load, fill, then hit', async () => {
    const key = freshKey('lookaside');
    let loads = 0;
    const loader = async (k) => {
      loads += 1;
      assert.equal(k, key);
      return Buffer.from(`value of ${k}`);
    };

    const first = await cache.lookAside(cacheName, key, loader, { ttlMs: 60000 });
    assert.equal(first.source, 'loader');
    assert.equal(first.applied, true);
    assert.deepEqual(first.value, Buffer.from(`value of ${key}`));

    const second = await cache.lookAside(cacheName, key, loader, { ttlMs: 60000 });
    assert.equal(second.source, 'cache');
    assert.deepEqual(second.value, Buffer.from(`value of ${key}`));

    assert.equal(loads, 1, 'the loader runs once: the second read is a hit');
  });

  await t.test('a miss carries a non-zero fill token', async () => {
    const miss = await cache.get(cacheName, freshKey('miss'));
    assert.equal(miss.found, false);
    assert.equal(typeof miss.fillToken, 'string');
    assert.notEqual(miss.fillToken, '0');
  });

  await t.test('a fill overtaken by an Invalidate of the key is not applied', async () => {
    const key = freshKey('overtaken');
    const miss = await cache.get(cacheName, key);
    assert.equal(miss.found, false);

    await cache.invalidate(cacheName, key);

    const fill = await cache.put(cacheName, key, Buffer.from('stale'), { fillToken: miss.fillToken });
    assert.equal(fill.applied, false);

    const after = await cache.get(cacheName, key);
    assert.equal(after.found, false, 'the stale value must not be cached');
  });

  await t.test('a write (no fill token) is visible to the next Get', async () => {
    const key = freshKey('write');
    const written = await cache.put(cacheName, key, Buffer.from('written'));
    assert.equal(written.applied, true);

    const got = await cache.get(cacheName, key);
    assert.equal(got.found, true);
    assert.deepEqual(got.value, Buffer.from('written'));
  });

  await t.test('Delete, then Get is a miss', async () => {
    const key = freshKey('delete');
    await cache.put(cacheName, key, Buffer.from('doomed'));
    assert.equal((await cache.get(cacheName, key)).found, true);

    await cache.delete(cacheName, key);

    const got = await cache.get(cacheName, key);
    assert.equal(got.found, false);
    assert.notEqual(got.fillToken, '0');
  });

  await t.test('GetMany returns the present keys only', async () => {
    const a = freshKey('many-a');
    const b = freshKey('many-b');
    const missing = freshKey('many-missing');
    await cache.put(cacheName, a, Buffer.from('A'));
    await cache.put(cacheName, b, Buffer.from('B'));

    const res = await cache.getMany(cacheName, [a, b, missing]);
    assert.deepEqual(Object.keys(res.values).sort(), [a, b].sort());
    assert.deepEqual(res.values[a], Buffer.from('A'));
    assert.deepEqual(res.values[b], Buffer.from('B'));
    assert.ok(!(missing in res.values));
    assert.notEqual(res.fillTokens[missing] ?? '0', '0', 'a missing key comes with its fill token');
  });

  await t.test('an empty key is INVALID_ARGUMENT', async () => {
    const err = await rejectsWith(cache.get(cacheName, ''), cachesync.status.INVALID_ARGUMENT);
    assert.equal(err.code, 3);
    assert.ok(typeof err.details === 'string' && err.details.length > 0, 'the error explains itself');
  });

  await t.test('an unknown cache is NOT_FOUND', async () => {
    const unknown = `no-such-cache-${crypto.randomBytes(4).toString('hex')}`;
    const err = await rejectsWith(cache.get(unknown, 'some-key'), cachesync.status.NOT_FOUND);
    assert.equal(err.code, 5);
    assert.ok(typeof err.details === 'string' && err.details.length > 0, 'the error explains itself');
  });

  await t.test('Stats reports numeric hits and misses', async () => {
    const before = await cache.stats(cacheName);
    assert.equal(typeof before.hits, 'number');
    assert.equal(typeof before.misses, 'number');
    assert.ok(Number.isInteger(before.hits) && before.hits >= 0);
    assert.ok(Number.isInteger(before.misses) && before.misses >= 0);

    const key = freshKey('stats');
    await cache.get(cacheName, key); // a miss
    await cache.put(cacheName, key, Buffer.from('x'));
    await cache.get(cacheName, key); // a hit

    const after = await cache.stats(cacheName);
    assert.ok(after.hits >= before.hits + 1, `hits ${before.hits} -> ${after.hits}`);
    assert.ok(after.misses >= before.misses + 1, `misses ${before.misses} -> ${after.misses}`);
  });

  await t.test('reads share one Session stream: 200 at once, each answered under its own id', async () => {
    const keys = Array.from({ length: 200 }, (_, i) => freshKey(`session-${i}`));
    await Promise.all(keys.filter((_, i) => i % 2 === 0).map((k) => cache.put(cacheName, k, Buffer.from(`v:${k}`))));
    const stream = cache.session.stream;
    assert.ok(stream, 'the earlier reads opened a session');

    const answers = await Promise.all(keys.map((k) => cache.get(cacheName, k)));

    assert.equal(cache.session.stream, stream, 'the same stream carried them all');
    answers.forEach((a, i) => {
      if (i % 2 === 0) assert.equal(a.value.toString(), `v:${keys[i]}`);
      else assert.ok(!a.found && a.fillToken !== '0', `read ${i} is a miss with a token`);
    });
  });

  await t.test('a read that fails on the session rejects alone; the stream goes on', async () => {
    const stream = cache.session.stream;
    const bad = rejectsWith(
      cache.get(`no-such-cache-${crypto.randomBytes(4).toString('hex')}`, 'k'),
      cachesync.status.NOT_FOUND
    );
    const key = freshKey('after-error');
    await cache.put(cacheName, key, Buffer.from('still here'));
    const good = cache.get(cacheName, key);

    await bad;
    assert.equal((await good).value.toString(), 'still here');
    assert.equal(cache.session.stream, stream, 'the failed read did not end the session');
  });

  await t.test('session: false reads unary, and sees what the session sees', async () => {
    const unary = cachesync.connect(target, { deadlineMs: 10000, session: false });
    try {
      const key = freshKey('unary');
      await cache.put(cacheName, key, Buffer.from('one value'));
      assert.equal(unary.session, null);
      assert.equal((await unary.get(cacheName, key)).value.toString(), 'one value');
      const many = await unary.getMany(cacheName, [key, freshKey('absent')]);
      assert.deepEqual(Object.keys(many.values), [key]);
    } finally {
      unary.close();
    }
  });
});

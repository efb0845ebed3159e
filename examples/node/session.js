'use strict';

// Reads on one Session stream (cachesync.v1 CacheService.Session): each Get or
// GetMany carries an id its answer echoes, so many reads share one HTTP/2
// stream instead of paying a whole call each (docs/BENCHMARKS.md, "session").
// The stream opens on the first read and again after it breaks; a read whose
// answer does not come within the deadline rejects with DEADLINE_EXCEEDED.
// An answer is a unary call's answer: the sidecar runs the same code for both,
// so a read here is exactly as fresh as a unary Get made at that moment.

const grpc = require('@grpc/grpc-js');

class ReadSession {
  /**
   * @param {object} client the grpc-js CacheService client
   * @param {number} deadlineMs per read
   */
  constructor(client, deadlineMs) {
    this.client = client;
    this.deadlineMs = deadlineMs;
    this.stream = null;
    this.nextId = 1;
    this.waiting = new Map(); // id -> {resolve, reject, timer, kind}
    this.unimplemented = false;
  }

  /** @returns {Promise<object>} the GetResponse */
  get(request) {
    return this.read('get', request);
  }

  /** @returns {Promise<object>} the GetManyResponse */
  getMany(request) {
    return this.read('get_many', request);
  }

  read(kind, request) {
    return new Promise((resolve, reject) => {
      const stream = this.open();
      const id = String(this.nextId++);
      const timer = setTimeout(() => {
        if (!this.waiting.delete(id)) return;
        reject(statusError(grpc.status.DEADLINE_EXCEEDED, `no answer to session read ${id} within ${this.deadlineMs} ms`));
      }, this.deadlineMs);
      this.waiting.set(id, { resolve, reject, timer, kind });
      stream.write({ id, [kind]: request });
    });
  }

  open() {
    if (this.stream) return this.stream;
    const stream = this.client.Session();
    stream.on('data', (answer) => this.answered(answer));
    stream.on('error', (err) => this.broken(stream, err));
    stream.on('end', () =>
      this.broken(stream, statusError(grpc.status.UNAVAILABLE, 'the session ended before answering'))
    );
    this.stream = stream;
    return stream;
  }

  answered(answer) {
    const id = String(answer.id);
    const pending = this.waiting.get(id);
    if (!pending) return; // timed out already
    this.waiting.delete(id);
    clearTimeout(pending.timer);
    if (answer.result === 'error') {
      pending.reject(statusError(answer.error.code, answer.error.message));
    } else {
      pending.resolve(answer[pending.kind]);
    }
  }

  /** Every read in flight fails with the stream's error; the next read opens a new stream. */
  broken(stream, err) {
    if (this.stream !== stream) return;
    this.stream = null;
    if (err && err.code === grpc.status.UNIMPLEMENTED) this.unimplemented = true;
    for (const [, pending] of this.waiting) {
      clearTimeout(pending.timer);
      pending.reject(err);
    }
    this.waiting.clear();
  }

  close() {
    const stream = this.stream;
    this.stream = null;
    if (stream) stream.end();
  }
}

/** An Error shaped as grpc-js shapes a failed call's: code and details. */
function statusError(code, details) {
  const name = Object.keys(grpc.status).find((k) => grpc.status[k] === code) || String(code);
  const err = new Error(`${code} ${name}: ${details}`);
  err.code = code;
  err.details = details;
  return err;
}

module.exports = { ReadSession };

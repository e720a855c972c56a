/**
 * Bytes written once and read from the first byte by any number of readers, each at its own pace,
 * also while they are still being written. One `ctr images export` of an image set serves every
 * host that lacks exactly that set: the source's containerd reads and frames each blob once per
 * run instead of once per host. Everything written is held in memory until the stream is dropped,
 * so callers bound what they put in (see image-stream.ts SHARED_EXPORT_BYTES).
 */

import { Readable, Writable } from "node:stream";

export interface ReplayStream {
  /** Where the producer writes. Ending it does not end the readers: finish() does. */
  readonly sink: Writable;
  /** No more bytes: readers end after the last one, or fail with `error` (a half archive is useless). */
  finish(error?: Error): void;
  /** A new reader from the first byte. */
  reader(): Readable;
  /** Bytes written so far. */
  readonly bytes: number;
}

export function replayStream(): ReplayStream {
  const chunks: Buffer[] = [];
  let size = 0;
  let end: { error?: Error } | undefined;
  const wake = new Set<() => void>();
  const notify = () => {
    for (const w of [...wake]) w();
  };
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!end) {
        chunks.push(chunk);
        size += chunk.length;
        notify();
      }
      done();
    },
  });
  return {
    sink,
    get bytes() {
      return size;
    },
    finish(error) {
      end ??= error ? { error } : {};
      notify();
    },
    reader() {
      let next = 0;
      let waiting: (() => void) | undefined;
      const r: Readable = new Readable({
        read() {
          const pump = () => {
            if (waiting) wake.delete(waiting);
            waiting = undefined;
            if (r.destroyed) return;
            while (next < chunks.length) if (!r.push(chunks[next++])) return;
            if (end) {
              if (end.error) r.destroy(end.error);
              else r.push(null);
              return;
            }
            waiting = pump;
            wake.add(pump);
          };
          pump();
        },
        destroy(err, done) {
          if (waiting) wake.delete(waiting);
          waiting = undefined;
          done(err);
        },
      });
      return r;
    },
  };
}

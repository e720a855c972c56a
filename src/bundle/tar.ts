/**
 * A small ustar writer and a strict reader, both streaming (a bundle holds gigabytes of images: no
 * entry is ever held in memory whole). The reader checks every header's checksum, that padding and
 * the end-of-archive blocks are zeros, so one byte changed anywhere in the file is noticed: in an
 * entry's data by the manifest's sha256, elsewhere here.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { type FileHandle, open, rename, rm, stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";

const BLOCK = 512;
const CHUNK = 1 << 20;

export interface TarSource {
  /** Name inside the archive. */
  name: string;
  /** File on this machine to copy in. */
  file: string;
  mode?: number;
}

/** Thrown for a file that is not a well-formed archive of ours; `where` names the place. */
export class TarCorrupt extends Error {
  constructor(
    /** What is wrong: "truncated", "header" (detail: byte offset), "entry", "padding" (detail: name), "end". */
    readonly kind: "truncated" | "header" | "entry" | "padding" | "end",
    readonly detail: string,
    /** The last entry read whole before it. */
    readonly after: string | undefined,
  ) {
    super(`corrupt archive: ${kind} ${detail}${after ? ` (after ${after})` : ""}`);
  }
}

function octal(buf: Buffer, offset: number, length: number, value: number): void {
  const text = value.toString(8).padStart(length - 1, "0");
  if (text.length > length - 1) {
    // GNU base-256: for sizes of 8 GiB and more.
    buf[offset] = 0x80;
    let v = BigInt(value);
    for (let i = offset + length - 1; i > offset; i--) {
      buf[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    return;
  }
  buf.write(`${text}\0`, offset, length, "ascii");
}

function splitName(name: string): { prefix: string; base: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: "", base: name };
  for (let i = name.lastIndexOf("/"); i > 0; i = name.lastIndexOf("/", i - 1)) {
    const prefix = name.slice(0, i);
    const base = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(base) <= 100) return { prefix, base };
  }
  throw new Error(`name too long for the archive: ${name}`);
}

/** The ustar header of one regular file (owner root, mtime 0: the same inputs give the same bytes). */
export function tarHeader(name: string, size: number, mode = 0o644): Buffer {
  const h = Buffer.alloc(BLOCK);
  const { prefix, base } = splitName(name);
  h.write(base, 0, 100, "utf8");
  octal(h, 100, 8, mode);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, size);
  octal(h, 136, 12, 0);
  h.write("        ", 148, 8, "ascii");
  h.write("0", 156, 1, "ascii");
  h.write("ustar\0", 257, 6, "ascii");
  h.write("00", 263, 2, "ascii");
  h.write("root", 265, 32, "ascii");
  h.write("root", 297, 32, "ascii");
  h.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
  return h;
}

/**
 * Writes `sources` to `out` as one archive: into `out.partial` first, renamed when complete, so an
 * interrupted create never leaves a file that looks like a bundle.
 */
export async function writeTar(
  out: string,
  sources: readonly TarSource[],
  onEntry?: (name: string, size: number) => void,
): Promise<void> {
  const partial = `${out}.partial`;
  const ws = createWriteStream(partial, { mode: 0o644 });
  const put = (b: Buffer) =>
    new Promise<void>((resolve, reject) => ws.write(b, (e) => (e ? reject(e) : resolve())));
  try {
    for (const s of sources) {
      const { size } = await stat(s.file);
      onEntry?.(s.name, size);
      await put(tarHeader(s.name, size, s.mode));
      await pipeline(createReadStream(s.file, { highWaterMark: CHUNK }), ws, { end: false });
      const pad = (BLOCK - (size % BLOCK)) % BLOCK;
      if (pad > 0) await put(Buffer.alloc(pad));
    }
    await put(Buffer.alloc(2 * BLOCK));
    await new Promise<void>((resolve, reject) => ws.end((e?: Error | null) => (e ? reject(e) : resolve())));
    await rename(partial, out);
  } catch (e) {
    ws.destroy();
    await rm(partial, { force: true });
    throw e;
  }
}

export interface TarEntry {
  name: string;
  size: number;
  mode: number;
}

function readOctal(h: Buffer, offset: number, length: number): number {
  if ((h[offset] ?? 0) & 0x80) {
    let v = 0n;
    for (let i = offset + 1; i < offset + length; i++) v = (v << 8n) | BigInt(h[i] ?? 0);
    return Number(v);
  }
  const text = h
    .toString("ascii", offset, offset + length)
    .replace(/[\0 ]+$/g, "")
    .trim();
  if (!/^[0-7]*$/.test(text)) return Number.NaN;
  return text === "" ? 0 : Number.parseInt(text, 8);
}

function cstr(h: Buffer, offset: number, length: number): string {
  const end = h.indexOf(0, offset);
  return h.toString("utf8", offset, end === -1 || end > offset + length ? offset + length : end);
}

const isZero = (b: Buffer) => b.every((x) => x === 0);

/**
 * Reads the archive entry by entry. For each entry `visit` returns a consumer of its data (chunks in
 * order, then `end`), or undefined to skip it (its data is still read: padding checks need it only
 * when verifying, so `skip` may seek instead). `stopAfter` ends the walk after that many entries
 * (inspect without --verify reads the manifest only).
 */
export async function readTar(
  file: string,
  visit: (entry: TarEntry) => Promise<TarConsumer | undefined> | TarConsumer | undefined,
  opts: { stopAfter?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const fh = await open(file, "r");
  try {
    await walk(fh, visit, opts);
  } finally {
    await fh.close();
  }
}

export interface TarConsumer {
  data(chunk: Buffer): void | Promise<void>;
  end(): void | Promise<void>;
}

async function readExactly(fh: FileHandle, buf: Buffer, position: number): Promise<number> {
  let got = 0;
  while (got < buf.length) {
    const { bytesRead } = await fh.read(buf, got, buf.length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

async function walk(
  fh: FileHandle,
  visit: (entry: TarEntry) => Promise<TarConsumer | undefined> | TarConsumer | undefined,
  opts: { stopAfter?: number; signal?: AbortSignal },
): Promise<void> {
  const { size: total } = await fh.stat();
  const header = Buffer.alloc(BLOCK);
  let pos = 0;
  let last: string | undefined;
  let count = 0;
  for (;;) {
    opts.signal?.throwIfAborted();
    if ((await readExactly(fh, header, pos)) < BLOCK) throw new TarCorrupt("truncated", "", last);
    if (isZero(header)) break;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
    const typeflag = String.fromCharCode(header[156] ?? 0);
    // The checksum field as tar writers write it ("%06o\0 ", "%07o\0"): no slack for a changed byte.
    const sumField = header.toString("latin1", 148, 156);
    if (
      !/^[0-7]{6}\0 $|^[0-7]{7}\0$/.test(sumField) ||
      readOctal(header, 148, 8) !== sum ||
      header.toString("ascii", 257, 262) !== "ustar" ||
      (typeflag !== "0" && typeflag !== "\0")
    ) {
      throw new TarCorrupt("header", String(pos), last);
    }
    const prefix = cstr(header, 345, 155);
    const base = cstr(header, 0, 100);
    const name = prefix ? `${prefix}/${base}` : base;
    const size = readOctal(header, 124, 12);
    const mode = readOctal(header, 100, 8);
    if (!Number.isFinite(size) || pos + BLOCK + size > total) throw new TarCorrupt("entry", name, last);
    pos += BLOCK;
    const consumer = await visit({ name, size, mode });
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    const buf = Buffer.alloc(Math.min(CHUNK, Math.max(padded, BLOCK)));
    let left = padded;
    let data = size;
    while (left > 0) {
      opts.signal?.throwIfAborted();
      const n = Math.min(buf.length, left);
      const chunk = buf.subarray(0, n);
      if ((await readExactly(fh, chunk, pos)) < n) throw new TarCorrupt("truncated", "", name);
      const d = Math.min(n, data);
      if (consumer && d > 0) await consumer.data(Buffer.from(chunk.subarray(0, d)));
      if (d < n && !isZero(chunk.subarray(d))) throw new TarCorrupt("padding", name, undefined);
      data -= d;
      left -= n;
      pos += n;
    }
    await consumer?.end();
    last = name;
    count++;
    if (opts.stopAfter !== undefined && count >= opts.stopAfter) return;
  }
  // The end: zeros only (a second zero block and whatever record padding a tar tool added).
  const rest = Buffer.alloc(Math.min(CHUNK, Math.max(total - pos, 0)));
  for (let p = pos; p < total; p += rest.length) {
    const n = Math.min(rest.length, total - p);
    await readExactly(fh, rest.subarray(0, n), p);
    if (!isZero(rest.subarray(0, n))) throw new TarCorrupt("end", "", last);
  }
  if (total - pos < 2 * BLOCK) throw new TarCorrupt("truncated", "", last);
}

/** A consumer hashing the data, optionally writing it to a file too. */
export function hashingConsumer(to?: string): TarConsumer & { result(): { sha256: string; size: number } } {
  const hash = createHash("sha256");
  let size = 0;
  let fh: Promise<FileHandle> | undefined = to ? open(to, "wx", 0o644) : undefined;
  return {
    async data(chunk) {
      hash.update(chunk);
      size += chunk.length;
      if (fh) {
        const h = await fh;
        await h.write(chunk);
      }
    },
    async end() {
      if (fh) {
        const h = await fh;
        await h.close();
        fh = undefined;
      }
    },
    result: () => ({ sha256: hash.digest("hex"), size }),
  };
}

/** sha256 and size of a file, streamed. */
export async function fileSha256(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), size };
}

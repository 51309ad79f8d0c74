/** Run ids: UUIDv7 (time-ordered, random tail), so ids sort by creation time. */
import { randomBytes } from 'node:crypto';

/**
 * @example newRunId() // '0190f3c2-7a4b-7c1d-9e2f-0123456789ab'
 */
/** Random bytes are drawn 4 KiB at a time (one syscall per ~400 ids instead of one per id). */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let at = POOL_BYTES;

export function newRunId(now: number = Date.now()): string {
  if (at + 10 > pool.length) {
    pool = randomBytes(POOL_BYTES);
    at = 0;
  }
  const b = Buffer.allocUnsafe(16);
  pool.copy(b, 6, at, at + 10);
  at += 10;
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Run ids: UUIDv7 (time-ordered, random tail), so ids sort by creation time. */
import { randomBytes } from 'node:crypto';

/**
 * @example newRunId() // '0190f3c2-7a4b-7c1d-9e2f-0123456789ab'
 */
export function newRunId(now: number = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Reads a JSON Lines segment in large chunks and hands each complete line (with its byte offset) to a callback. */
import { open } from 'node:fs/promises';

const CHUNK = 8 * 1024 * 1024;

/**
 * Calls `onLine(buf, start, end, offset)` for each line ending in `\n` (`end` excludes the newline; `offset` is the
 * line's byte offset in the file). Returns the file size and the offset just past the last newline: bytes beyond it
 * are a torn tail from an interrupted append.
 */
export async function scanLines(
  file: string,
  onLine: (buf: Buffer, start: number, end: number, offset: number) => void,
): Promise<{ size: number; lastNewlineEnd: number }> {
  const handle = await open(file, 'r');
  try {
    let buf = Buffer.allocUnsafe(CHUNK);
    let carry = 0; // bytes at buf[0..carry) left over from the previous chunk (a partial line)
    let fileOffset = 0; // file offset of buf[0]
    let size = 0;
    for (;;) {
      if (carry === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, carry);
        buf = bigger;
      }
      const { bytesRead } = await handle.read(buf, carry, buf.length - carry, fileOffset + carry);
      if (bytesRead === 0) break;
      size = fileOffset + carry + bytesRead;
      const end = carry + bytesRead;
      let start = 0;
      let nl = buf.indexOf(10, carry);
      while (nl !== -1 && nl < end) {
        onLine(buf, start, nl, fileOffset + start);
        start = nl + 1;
        nl = buf.indexOf(10, start);
        if (nl >= end) nl = -1;
      }
      buf.copy(buf, 0, start, end);
      carry = end - start;
      fileOffset += start;
    }
    return { size, lastNewlineEnd: fileOffset };
  } finally {
    await handle.close();
  }
}

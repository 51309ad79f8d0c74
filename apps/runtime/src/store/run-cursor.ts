/** Run-history paging shared by every Store: the opaque cursor (time, id) and the page-size bounds. */
import { z } from 'zod';
import { InvalidCursorError } from './errors';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

const CursorSchema = z.tuple([z.number(), z.string()]);

/** @example encodeCursor(Date.parse(run.startedAt), run.id) */
export function encodeCursor(ts: number, id: string): string {
  return Buffer.from(JSON.stringify([ts, id])).toString('base64url');
}

/** Throws InvalidCursorError (400) for a cursor this runtime did not hand out. */
export function decodeCursor(cursor: string): { ts: number; id: string } {
  try {
    const [ts, id] = CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { ts, id };
  } catch {
    throw new InvalidCursorError(cursor);
  }
}

/** The page size asked for, as a whole number within 1..MAX_LIMIT (DEFAULT_LIMIT when not given). */
export const pageLimit = (limit: number | undefined): number =>
  Math.min(Math.max(Math.trunc(limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);

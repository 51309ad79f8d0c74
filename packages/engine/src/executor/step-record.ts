/** Turns node values into what a step record keeps: secrets redacted by value, values capped, snapshots not live objects. */
import { Buffer } from 'node:buffer';
import type { NodeError } from '../errors';
import type { RunErrorInfo } from '../run-types';
import { copyJson, NOT_COPIED } from './json-copy';

export const REDACTED = '[redacted]';

/** Replaces secrets inside strings by walking the value (keys untouched); builds new objects. */
function redactWalk(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactString(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactWalk(v, secrets));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactWalk(v, secrets);
    return out;
  }
  return value;
}

function redactString(s: string, secrets: readonly string[]): string {
  let out = s;
  for (const secret of secrets) if (secret && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** Whether any secret occurs in this JSON text, raw or as JSON escapes it (a secret with `"` or `\`). */
function jsonHasSecret(json: string, secrets: readonly string[]): boolean {
  for (const s of secrets) {
    if (!s) continue;
    if (json.includes(s)) return true;
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s && json.includes(escaped)) return true;
  }
  return false;
}

/**
 * Replaces every occurrence of each secret inside strings (keys untouched). Fast path: one `JSON.stringify` and
 * an `includes` per secret; the value is walked (and copied) only when a secret actually occurs, else the same
 * value comes back. Use it for anything that leaves the process (logs, API answers) and is not a run record.
 * @example redactSecrets({ auth: 'Bearer s3cret' }, ['s3cret']) // { auth: 'Bearer [redacted]' }
 */
export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0 || value === null || value === undefined) return value;
  if (typeof value === 'string') return redactString(value, secrets) as T;
  if (typeof value !== 'object') return value;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return redactWalk(value, secrets) as T;
  }
  if (json === undefined || !jsonHasSecret(json, secrets)) return value;
  return redactWalk(value, secrets) as T;
}

/** The older name of `redactSecrets`. */
export const redact: (value: unknown, secrets: readonly string[]) => unknown = redactSecrets;

/** UTF-8 bytes of a string (native; JSON text has no lone surrogates, so no replacement characters count). */
function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** A redacted JSON snapshot of a value (undefined for undefined, a marker for what cannot be serialised). */
export function snapshotJson(value: unknown, secrets: readonly string[]): string | undefined {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return '"[unserializable output]"';
  }
  if (json !== undefined && secrets.length > 0 && jsonHasSecret(json, secrets)) {
    json = JSON.stringify(redactWalk(value, secrets));
  }
  return json;
}

/**
 * Snapshots a step's output for its record and decides what `steps.<id>` holds. The output is put in its place
 * first, so one that reaches the live context (`=steps`, `=$$`, a node returning `ctx.scope`) is now circular and
 * the one `JSON.stringify` the record needs anyway throws; only then is it replaced by a plain JSON copy taken
 * without itself (what the expression saw). No extra work for every other output.
 */
export function snapshotIntoContext(
  steps: Record<string, unknown>,
  id: string,
  output: unknown,
  secrets: readonly string[],
): { value: unknown; json: string | undefined } {
  steps[id] = output;
  let json: string | undefined;
  try {
    json = JSON.stringify(output);
  } catch {
    steps[id] = undefined;
    let detached: unknown;
    try {
      detached = JSON.parse(JSON.stringify(output) ?? 'null');
    } catch {
      // Circular by itself, not through the context: recorded as before, kept live.
      steps[id] = output;
      return { value: output, json: '"[unserializable output]"' };
    }
    steps[id] = detached;
    return { value: detached, json: snapshotJson(detached, secrets) };
  }
  if (json !== undefined && secrets.length > 0 && jsonHasSecret(json, secrets)) {
    json = JSON.stringify(redactWalk(output, secrets));
  }
  return { value: output, json };
}

/** A value as a record keeps it: a copy (or preview), a bound on its JSON size, and its JSON text when it was made. */
export interface Snapshot {
  value: unknown;
  truncated?: true;
  /** Upper bound on the UTF-8 bytes of the whole value's JSON (exact when `json` is set); 0 for other scalars. */
  size: number;
  /** The whole redacted JSON text, when the snapshot needed it (always when truncated). */
  json?: string;
}

/**
 * The record of a JSON text: parsed back (or `parsed`, a copy known to give this text), or `{ preview, bytes }`
 * when it is over the cap.
 */
function fromJson(json: string | undefined, capBytes: number, parsed?: { value: unknown }): Snapshot {
  if (json === undefined) return { value: undefined, size: 0 };
  // A UTF-16 unit is 1-3 UTF-8 bytes (a surrogate pair 4 for 2), so most values need no counting.
  if (json.length * 3 <= capBytes) {
    return { value: parsed ? parsed.value : JSON.parse(json), size: json.length * 3, json };
  }
  const bytes = utf8Length(json);
  if (bytes <= capBytes) return { value: parsed ? parsed.value : JSON.parse(json), size: bytes, json };
  let preview = json.slice(0, capBytes);
  if (utf8Length(preview) > capBytes) preview = json.slice(0, Math.floor(capBytes / 3));
  return { value: { preview, bytes }, truncated: true, size: bytes, json };
}

/** Parses a snapshot back, or replaces it with `{ preview, bytes }` when it is over the cap. */
export function capJson(json: string | undefined, capBytes: number): { value: unknown; truncated?: true } {
  return fromJson(json, capBytes);
}

/**
 * An object's record from one walk (copyJson) when it is plain data; its JSON text is made only when the size
 * bound passes the cap. Undefined when the value needs the JSON round trip.
 */
function copiedSnapshot(value: object, capBytes: number, secrets: readonly string[]): Snapshot | undefined {
  const copied = copyJson(value, capBytes, secrets);
  if (copied === NOT_COPIED) return undefined;
  if (copied.bound <= capBytes) return { value: copied.value, size: copied.bound };
  return fromJson(JSON.stringify(copied.value), capBytes, copied);
}

/**
 * Snapshots a step's output for its record (see snapshotIntoContext) and gives what `steps.<id>` holds. Plain data
 * is copied in one walk; what that cannot copy exactly (cycles through the context included) takes the round trip.
 */
export function snapshotOutput(
  steps: Record<string, unknown>,
  id: string,
  output: unknown,
  capBytes: number,
  secrets: readonly string[],
): { output: unknown; recorded: Snapshot } {
  if (output === undefined || isPlainScalar(output)) {
    return { output, recorded: snapshotValue(output, capBytes, secrets) };
  }
  steps[id] = output;
  const copied =
    typeof output === 'object' && output !== null ? copiedSnapshot(output, capBytes, secrets) : undefined;
  if (copied) return { output, recorded: copied };
  const { value, json } = snapshotIntoContext(steps, id, output, secrets);
  return { output: value, recorded: fromJson(json, capBytes) };
}

/** Values recorded as they are (no JSON round trip): booleans, finite numbers, null, and strings (redacted). */
export function isPlainScalar(value: unknown): boolean {
  const t = typeof value;
  return value === null || t === 'boolean' || t === 'string' || (t === 'number' && Number.isFinite(value));
}

/**
 * A value as a record keeps it: redacted, capped (a preview when too large), and a snapshot, never the live object:
 * node outputs and resolved configs may share objects with the expression context (`=steps`), which later steps
 * extend, so a live reference would change after the fact or become circular.
 */
export function snapshotValue(value: unknown, capBytes: number, secrets: readonly string[]): Snapshot {
  if (value === undefined) return { value, size: 0 };
  // Scalars are immutable: only strings may need redacting or (when long) a preview.
  if (typeof value === 'string') {
    const s = secrets.length > 0 ? redactString(value, secrets) : value;
    if (s.length * 3 + 2 <= capBytes) return { value: s, size: s.length * 3 + 2 };
    return fromJson(JSON.stringify(s), capBytes);
  }
  if (isPlainScalar(value)) return { value, size: 0 };
  const copied =
    typeof value === 'object' && value !== null ? copiedSnapshot(value, capBytes, secrets) : undefined;
  return copied ?? fromJson(snapshotJson(value, secrets), capBytes);
}

/** snapshotValue's value and truncation flag. */
export function recordValue(
  value: unknown,
  capBytes: number,
  secrets: readonly string[],
): { value: unknown; truncated?: true } {
  const snap = snapshotValue(value, capBytes, secrets);
  return snap.truncated ? { value: snap.value, truncated: true } : { value: snap.value };
}

export function errorInfo(
  err: NodeError,
  nodeId: string | undefined,
  secrets: readonly string[],
  capBytes = Number.POSITIVE_INFINITY,
): RunErrorInfo {
  const info: RunErrorInfo = { message: redactString(err.message, secrets), code: err.code };
  if (nodeId !== undefined) info.nodeId = nodeId;
  if (err.details !== undefined) {
    const details = recordValue(err.details, capBytes, secrets);
    info.details = details.value;
    if (details.truncated) info.detailsTruncated = true;
  }
  return info;
}

/** Turns node values into what a step record keeps: secrets redacted by value, outputs capped. */
import type { NodeError } from '../errors';
import type { RunErrorInfo } from '../run-types';

export const REDACTED = '[redacted]';

/** Replaces every occurrence of each secret inside strings (keys untouched). Returns the same value when clean. */
export function redact(value: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return value;
  if (typeof value === 'string') {
    let s = value;
    for (const secret of secrets) if (s.includes(secret)) s = s.split(secret).join(REDACTED);
    return s;
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redact(v, secrets);
    return out;
  }
  return value;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Serialises once: redacts when a secret shows up, and replaces a too-large value by a preview. The value kept is a
 * JSON snapshot, never the live object: node outputs and resolved configs may share objects with the expression
 * context (`=steps`), which later steps extend, so a live reference would change after the fact or become circular.
 */
export function recordValue(
  value: unknown,
  capBytes: number,
  secrets: readonly string[],
): { value: unknown; truncated?: true } {
  if (value === undefined) return { value };
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return { value: '[unserializable output]' };
  }
  if (json === undefined) return { value: undefined };
  if (
    secrets.length > 0 &&
    secrets.some((s) => json!.includes(s) || json!.includes(JSON.stringify(s).slice(1, -1)))
  ) {
    value = redact(value, secrets);
    json = JSON.stringify(value);
  }
  // A UTF-16 unit is 1-3 UTF-8 bytes (a surrogate pair 4 for 2), so most values need no counting.
  if (json.length * 3 <= capBytes) return { value: JSON.parse(json) };
  const bytes = utf8Length(json);
  if (bytes <= capBytes) return { value: JSON.parse(json) };
  let preview = json.slice(0, capBytes);
  if (utf8Length(preview) > capBytes) preview = json.slice(0, Math.floor(capBytes / 3));
  return { value: { preview, bytes }, truncated: true };
}

export function errorInfo(
  err: NodeError,
  nodeId: string | undefined,
  secrets: readonly string[],
): RunErrorInfo {
  const info: RunErrorInfo = { message: redact(err.message, secrets) as string, code: err.code };
  if (nodeId !== undefined) info.nodeId = nodeId;
  if (err.details !== undefined) info.details = redact(err.details, secrets);
  return info;
}

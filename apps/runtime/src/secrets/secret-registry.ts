/** Every secret value the runtime knows (connection secrets, webhook secrets, the admin token), for redaction by value. */
import { REDACTED } from '@idflow/engine';
import type { Store } from '../store/types';
import type { SecretCipher } from './cipher';
import { connectionSecretValues } from './connection-secrets';

/** Values shorter than this are not redacted by value: they would mangle unrelated text. */
export const MIN_REDACT_LENGTH = 4;
/** Same marker as the engine's, so redacted values look alike wherever they were caught. */
export { REDACTED };

export interface SecretRegistry {
  /** Current values, longest first. */
  values(): readonly string[];
  add(value: string): void;
  /** Re-reads every connection and webhook secret from the store. */
  refresh(): Promise<void>;
  /** Replaces every known secret in a string. */
  redactText(text: string): string;
  /**
   * The value with every known secret replaced (in strings and object keys): the same object when none occurs
   * (checked on its JSON text), else a redacted deep copy. Treat the result as read-only.
   */
  redact<T>(value: T): T;
  /** `redact` plus the JSON text of the result (the run writer appends exactly that, so it is built only once). */
  redactToJson<T>(value: T): { value: T; json: string };
}

/** A lone surrogate at either end would be escaped differently inside a longer string: always walk then. */
const LONE_SURROGATE_ESCAPE = /\\ud[89a-f]/i;

export function createSecretRegistry(
  store: Store,
  cipher: SecretCipher,
  env: NodeJS.ProcessEnv,
): SecretRegistry {
  const pinned = new Set<string>();
  let current: string[] = [];
  /**
   * Each secret as it appears inside JSON text (escaped), as one literal alternation: irregexp scans a record's JSON
   * for all of them in one pass, several times faster than one `includes` per secret. `alwaysWalk` when that form is
   * not reliable.
   */
  let inJson: RegExp | undefined;
  let inJsonList: string[] = [];
  let alwaysWalk = false;
  const rebuild = (found: Iterable<string>) => {
    const all = new Set([...pinned, ...found]);
    current = [...all].filter((v) => v.length >= MIN_REDACT_LENGTH).sort((a, b) => b.length - a.length);
    const escaped = current.map((v) => JSON.stringify(v).slice(1, -1));
    alwaysWalk = escaped.some((v) => LONE_SURROGATE_ESCAPE.test(v));
    inJsonList = escaped;
    try {
      inJson = escaped.length > 0 ? new RegExp(escaped.map(escapeRegExp).join('|')) : undefined;
    } catch {
      inJson = undefined; // too large for one pattern: one `includes` per secret
    }
  };
  const occursIn = (json: string) =>
    alwaysWalk || (inJson ? inJson.test(json) : inJsonList.some((v) => json.includes(v)));

  const redactText = (text: string): string => {
    let out = text;
    for (const secret of current) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };

  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return redactText(value);
    if (value === null || typeof value !== 'object' || depth > 64) return value;
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[redactText(k)] = walk(v, depth + 1);
    return out;
  };

  return {
    values: () => current,
    add(value) {
      pinned.add(value);
      rebuild(current);
    },
    async refresh() {
      const found: string[] = [];
      for (const conn of await store.listConnections())
        found.push(...connectionSecretValues(conn, cipher, env));
      for (const { flow } of await store.listFlows()) {
        const entry = await store.getWebhookSecret(flow.id);
        if (!entry) continue;
        try {
          found.push(cipher.decrypt(entry.secret));
        } catch {
          // unreadable: cannot leak
        }
      }
      rebuild(found);
    },
    redactText,
    redact<T>(value: T): T {
      if (current.length === 0 || value === null || typeof value !== 'object') {
        return typeof value === 'string' ? (redactText(value) as T) : value;
      }
      let json: string | undefined;
      try {
        json = JSON.stringify(value);
      } catch {
        json = undefined; // cycles, BigInt: walk
      }
      if (json !== undefined && !occursIn(json)) return value;
      return walk(value, 0) as T;
    },
    redactToJson<T>(value: T) {
      const json = JSON.stringify(value);
      if (current.length === 0 || !occursIn(json)) return { value, json };
      const safe = walk(value, 0) as T;
      return { value: safe, json: JSON.stringify(safe) };
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

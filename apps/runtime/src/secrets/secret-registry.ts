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
  /** Deep copy of a JSON-like value with every known secret replaced (in strings and object keys). */
  redact<T>(value: T): T;
}

export function createSecretRegistry(
  store: Store,
  cipher: SecretCipher,
  env: NodeJS.ProcessEnv,
): SecretRegistry {
  const pinned = new Set<string>();
  let current: string[] = [];
  const rebuild = (found: Iterable<string>) => {
    const all = new Set([...pinned, ...found]);
    current = [...all].filter((v) => v.length >= MIN_REDACT_LENGTH).sort((a, b) => b.length - a.length);
  };

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
      if (current.length === 0) return value;
      return walk(value, 0) as T;
    },
  };
}

/** Zod config fields shared by several node types (browser-safe). */
import { z } from 'zod';

/** A connection name as stored by the runtime; the secrets stay there. */
export const connectionName = (kind: 'scim' | 'http') =>
  z
    .string()
    .min(1)
    .max(64)
    // Connection names are slugs in the runtime: anything else (`../x`, `a/b`) could never resolve.
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a connection name: lowercase letters, digits and dashes')
    .meta({
      title: 'Connection',
      description: `Name of a ${kind.toUpperCase()} connection defined in the runtime.`,
    });

/** A helper-flow id (slug). */
export const flowId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a flow id (a slug)')
  .meta({ title: 'Helper flow', description: 'Id of a flow whose trigger is `trigger.call`.' });

/** Header or query maps: a name to a plain value. */
export const stringRecord = z.record(z.string(), z.string());

/** Shortens a value for a canvas card summary. */
export function short(value: unknown, max = 40): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

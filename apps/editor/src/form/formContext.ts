/** What every field of the generated form can reach: connections, upstream fields, run data for previews. */
import { createContext, useContext } from 'react';
import type { ConnectionView, JsonSchema } from '../api/schemas';
import type { PickGroup } from './upstream';

export interface FormContextValue {
  /** The root JSON Schema, for `$ref` resolution. */
  root: JsonSchema;
  connections: ConnectionView[];
  /** Top-level config fields that name a connection, and its kind. */
  connectionFields: Record<string, string>;
  /** Upstream output fields for the mapping picker. */
  groups: PickGroup[];
  /** `{ trigger, steps, flow, run }` from the last run, for expression previews; null when no run yet. */
  preview: Record<string, unknown> | null;
}

export const FormContext = createContext<FormContextValue>({
  root: {},
  connections: [],
  connectionFields: {},
  groups: [],
  preview: null,
});

export function useFormContext(): FormContextValue {
  return useContext(FormContext);
}

/** Joins a config path for labels and test ids: `user.userName`, `emails[0]`. */
export function childPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

export function testIdFor(path: string): string {
  return `field-${path.replace(/[^A-Za-z0-9_.[\]-]+/g, '_')}`;
}

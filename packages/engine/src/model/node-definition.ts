/** The browser-safe half of a node type: what it is, its config schema, ports and output shape. No run code. */
import type { z } from 'zod';

export type NodeCategory = 'trigger' | 'http' | 'scim' | 'transform' | 'control' | 'flow';

export interface PortSpec {
  /** Port id used in edges' `fromPort` (`out`, `true`, `false`, a switch case, ...). */
  id: string;
  label?: string;
}

/**
 * The shape of a node's output, as a JSON Schema fragment, so the editor can offer output fields for mapping.
 * Keep it to `type`, `properties`, `items`, `description`, `title`.
 */
export interface OutputShape {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
  description?: string;
  title?: string;
  properties?: Record<string, OutputShape>;
  items?: OutputShape;
  additionalProperties?: boolean | OutputShape;
}

export type TriggerKind = 'manual' | 'webhook' | 'schedule' | 'call';

export interface NodeDefinition<C extends z.ZodType = z.ZodType> {
  /** `category.name`, e.g. `scim.createUser`. */
  type: string;
  title: string;
  category: NodeCategory;
  /** One paragraph: what it does, when to use it. */
  description: string;
  /** A short icon name the editor maps to a glyph (e.g. `webhook`, `user-plus`). */
  icon?: string;
  /** Config schema over resolved values (no expressions); the engine derives the authoring schema. */
  config: C;
  /** Output ports. A function when ports depend on config (control.switch cases). Triggers have no input. */
  outputs: PortSpec[] | ((config: z.output<C>) => PortSpec[]);
  /** False for triggers. */
  hasInput: boolean;
  output: OutputShape;
  /** Set for trigger node types. */
  trigger?: TriggerKind;
  /** Whether running this node changes something outside (SCIM writes, non-GET HTTP). Dry runs call `plan()`. */
  sideEffects?: boolean | ((config: z.output<C>) => boolean);
  /** One-line summary of the key config for the card on the canvas. */
  summary?: (config: Record<string, unknown>) => string;
  /** Config field names (top level) that name a connection, and its kind, for the editor's connection picker. */
  connectionFields?: Record<string, 'scim' | 'http'>;
}

/** Identity helper that keeps the config schema's type. */
export function defineNodeDefinition<C extends z.ZodType>(def: NodeDefinition<C>): NodeDefinition<C> {
  return def;
}

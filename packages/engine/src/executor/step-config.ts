/** A step's config: resolved from its expressions, validated by the node type, recorded as its input. */
import type { z } from 'zod';
import { NodeError } from '../errors';
import { NOT_PLAIN } from '../expressions/compile-expression';
import type { AnyNodeType } from '../node-type';
import type { StepHost } from './step-host';
import { recordValue } from './step-record';
import type { CompiledNode } from './types';

/** Checks a resolved config against the node type's schema. */
export function parseResolved(cnode: CompiledNode, raw: unknown): unknown {
  const parsed = (cnode.type.config as z.ZodType).safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new NodeError(
    'CONFIG_INVALID',
    `Resolved config of "${cnode.id}" is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ')}. Check the expressions that feed these fields.`,
    { details: { issues: parsed.error.issues, resolved: raw }, retryable: false },
  );
}

/** The config of a node whose expressions need JSONata (resolveConfigNow gave NOT_PLAIN), before parseResolved. */
export function resolveRaw(host: StepHost, cnode: CompiledNode): Promise<unknown> {
  return cnode.config.resolve(host.scope, host.scope as unknown as Record<string, unknown>);
}

/**
 * The config without waiting when it is static or all its expressions are plain paths (`=item`); else NOT_PLAIN.
 * Always validated: a resolved config is parsed by the node type's schema either way.
 */
export function resolveConfigNow(host: StepHost, cnode: CompiledNode): unknown {
  const fixed = cnode.staticConfig;
  if (fixed) {
    if (fixed.ok) return fixed.value;
    throw fixed.error;
  }
  const raw = cnode.config.resolveNow(host.scope);
  return raw === NOT_PLAIN ? NOT_PLAIN : parseResolved(cnode, raw);
}

/**
 * A static config's recorded input, made once per compiled node (no secrets to redact) and shared by the records
 * of every run; frozen, since records are plain data nobody mutates.
 */
export function staticInput(
  cnode: CompiledNode,
  config: unknown,
  capBytes: number,
): { value: unknown; truncated?: true } {
  const cached = cnode.recordedInput;
  if (cached && cached.capBytes === capBytes) return cached.recorded;
  const recorded = recordValue(config, capBytes, []);
  deepFreeze(recorded.value);
  cnode.recordedInput = { capBytes, recorded };
  return recorded;
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

export function isPlanned(type: AnyNodeType, config: unknown): boolean {
  const se = type.sideEffects;
  return typeof se === 'function' ? se(config) === true : se === true;
}

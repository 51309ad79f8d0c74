// Safe SCIM filter building: `f.eq(...)` combinators and the `scimFilter` tagged template.

import { ScimClientError } from './errors';
import { assertAttrName, assertAttrPath } from './path';

export type FilterValue = string | number | boolean | null | Date;

/** A built filter. Use it as a string (`String(filter)`) or pass it to `list({ filter })`. */
export class ScimFilter {
  constructor(
    readonly text: string,
    /** The top-level logical operator, used to decide where parentheses are needed. */
    readonly logic: 'and' | 'or' | null = null,
  ) {}
  toString(): string {
    return this.text;
  }
  toJSON(): string {
    return this.text;
  }
}

/** A validated attribute path, possibly with a value filter: `emails[type eq "work"].value`. */
export class AttrRef {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type Attr = string | AttrRef;

function attrText(attr: Attr): string {
  return attr instanceof AttrRef ? attr.text : assertAttrPath(attr);
}

/** Renders a comparison value as a SCIM literal: strings and dates become JSON strings. */
export function filterLiteral(value: FilterValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new ScimClientError('SCIM_INVALID_ARGUMENT', 'filter number must be finite');
    return JSON.stringify(value);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime()))
      throw new ScimClientError('SCIM_INVALID_ARGUMENT', 'invalid Date in filter');
    return JSON.stringify(value.toISOString());
  }
  if (typeof value === 'string') return JSON.stringify(value);
  throw new ScimClientError('SCIM_INVALID_ARGUMENT', `unsupported filter value type: ${typeof value}`);
}

const compare =
  (op: string) =>
  (attr: Attr, value: FilterValue): ScimFilter =>
    new ScimFilter(`${attrText(attr)} ${op} ${filterLiteral(value)}`);

function toFilter(x: ScimFilter | string): ScimFilter {
  return x instanceof ScimFilter
    ? x
    : new ScimFilter(String(x), /\s(and|or)\s/i.test(String(x)) ? 'or' : null);
}

function group(child: ScimFilter, parent: 'and' | 'or'): string {
  return child.logic !== null && child.logic !== parent ? `(${child.text})` : child.text;
}

function logical(op: 'and' | 'or', parts: Array<ScimFilter | string>): ScimFilter {
  if (parts.length === 0)
    throw new ScimClientError('SCIM_INVALID_ARGUMENT', `f.${op}() needs at least one filter`);
  const filters = parts.map(toFilter);
  if (filters.length === 1) return filters[0]!;
  return new ScimFilter(filters.map((p) => group(p, op)).join(` ${op} `), op);
}

/**
 * Filter builder. Values are JSON-escaped; attribute paths are checked against a strict pattern.
 * @example f.and(f.eq('userName', 'bjensen@example.com'), f.pr('title'))
 */
export const f = {
  eq: compare('eq'),
  ne: compare('ne'),
  co: compare('co'),
  sw: compare('sw'),
  ew: compare('ew'),
  gt: compare('gt'),
  ge: compare('ge'),
  lt: compare('lt'),
  le: compare('le'),
  pr: (attr: Attr): ScimFilter => new ScimFilter(`${attrText(attr)} pr`),
  and: (...parts: Array<ScimFilter | string>): ScimFilter => logical('and', parts),
  or: (...parts: Array<ScimFilter | string>): ScimFilter => logical('or', parts),
  not: (part: ScimFilter | string): ScimFilter => new ScimFilter(`not (${toFilter(part).text})`),
  /** Validates a dynamic attribute path for use in `scimFilter` templates. */
  attr: (path: string): AttrRef => new AttrRef(assertAttrPath(path)),
  /** `emails[type eq "work"]` — matches resources with an element meeting the inner filter. */
  valuePath: (attr: string, inner: ScimFilter): ScimFilter =>
    new ScimFilter(`${assertAttrPath(attr)}[${inner.text}]`),
  /** `emails[type eq "work"].value` as an attribute (Entra's filter form, and PATCH paths). */
  path: (attr: string, inner: ScimFilter, sub?: string): AttrRef =>
    new AttrRef(
      `${assertAttrPath(attr)}[${inner.text}]${sub === undefined ? '' : `.${assertAttrName(sub)}`}`,
    ),
};

/**
 * Tagged template: interpolated values become JSON literals; ScimFilter and AttrRef are inserted as built.
 * Use `f.attr(name)` to interpolate a dynamic attribute name.
 * @example scimFilter`userName eq ${email} and active eq ${true}`
 */
export function scimFilter(strings: TemplateStringsArray, ...values: unknown[]): ScimFilter {
  let text = strings[0] ?? '';
  values.forEach((value, i) => {
    if (value instanceof ScimFilter) text += value.logic ? `(${value.text})` : value.text;
    else if (value instanceof AttrRef) text += value.text;
    else text += filterLiteral(value as FilterValue);
    text += strings[i + 1] ?? '';
  });
  // Only the template's own text can hold logical operators; interpolations are literals or groups.
  const compound = strings.some((s) => /(^|[\s)\]])(and|or)(?=[\s(]|$)/i.test(s));
  return new ScimFilter(text.trim(), compound ? 'or' : null);
}

/** The path that removes one member: `members[value eq "<id>"]`. */
export function memberPath(id: string): string {
  return `members[value eq ${filterLiteral(id)}]`;
}

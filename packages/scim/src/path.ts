// Attribute paths: strict validation and parsing of `urn:…:attr.sub` and `attr[sub eq "v"].sub`.

import { ScimClientError } from './errors';

const NAME = String.raw`(?:[A-Za-z][A-Za-z0-9_-]*|\$ref)`;
const URN = 'urn:(?:[A-Za-z0-9][A-Za-z0-9.-]*:)+';

/** `[urn:…:]attr[.sub]` — what a filter or sortBy may name. */
export const ATTR_PATH_PATTERN = new RegExp(`^(?:${URN})?${NAME}(?:\\.${NAME})?$`);
const FULL_PATH = new RegExp(`^(${URN})?(${NAME})(?:\\[(.*)\\])?(?:\\.(${NAME}))?$`, 's');
const NAME_ONLY = new RegExp(`^${NAME}$`);
const EQ_CLAUSE = new RegExp(
  String.raw`^\s*(${NAME})\s+eq\s+("(?:[^"\\]|\\.)*"|true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*(?:and\s+|$)`,
  'is',
);

export interface ParsedPath {
  /** Schema URN without the trailing colon, when the path was fully qualified. */
  urn?: string;
  attr: string;
  /** `[a eq v and b eq w]` as pairs; only `eq` joined by `and` is understood. */
  filter?: Array<{ attr: string; value: unknown }>;
  /** The raw text inside `[ ]`. */
  filterText?: string;
  sub?: string;
}

function invalid(what: string, path: string): ScimClientError {
  return new ScimClientError('SCIM_INVALID_ARGUMENT', `invalid ${what}: ${JSON.stringify(path)}`);
}

/** Throws SCIM_INVALID_ARGUMENT unless `path` is `[urn:…:]attr[.sub]`. */
export function assertAttrPath(path: string): string {
  if (typeof path !== 'string' || !ATTR_PATH_PATTERN.test(path)) throw invalid('attribute path', path);
  return path;
}

export function assertAttrName(name: string): string {
  if (typeof name !== 'string' || !NAME_ONLY.test(name)) throw invalid('attribute name', name);
  return name;
}

/** Parses a PATCH-style path. Bracket filters must be `sub eq <JSON literal>` clauses joined by `and`. */
export function parsePath(path: string): ParsedPath {
  const match = typeof path === 'string' ? FULL_PATH.exec(path) : null;
  if (!match) throw invalid('attribute path', path);
  const [, urn, attr, filterText, sub] = match;
  const parsed: ParsedPath = { attr: attr! };
  if (urn) parsed.urn = urn.slice(0, -1);
  if (sub) parsed.sub = sub;
  if (filterText !== undefined) {
    parsed.filterText = filterText;
    parsed.filter = parseEqClauses(filterText, path);
  }
  return parsed;
}

function parseEqClauses(text: string, path: string): Array<{ attr: string; value: unknown }> {
  const clauses: Array<{ attr: string; value: unknown }> = [];
  let rest = text;
  while (rest.trim() !== '') {
    const m = EQ_CLAUSE.exec(rest);
    if (!m) throw invalid('value filter in path', path);
    clauses.push({ attr: m[1]!, value: JSON.parse(m[2]!) });
    rest = rest.slice(m[0].length);
  }
  if (clauses.length === 0) throw invalid('empty value filter in path', path);
  return clauses;
}

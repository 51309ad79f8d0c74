// Recursive-descent parser for SCIM filters (RFC 7644 §3.4.2.2) and PATCH paths (§3.5.2), incl. Entra's `a[f].b op v`.
import { badRequest, type ScimType } from '../errors';
import { LexError, type Token, tokenize } from './lexer';

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export type Literal = string | number | boolean | null;

export type FilterNode =
  | { type: 'compare'; path: string; op: CompareOp; value: Literal }
  | { type: 'present'; path: string }
  | { type: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { type: 'not'; filter: FilterNode }
  /** `path[filter]`: the inner filter's paths are relative to one element of `path`. */
  | { type: 'valuePath'; path: string; filter: FilterNode };

export interface PatchPath {
  path: string;
  filter?: FilterNode;
  sub?: string;
}

const COMPARE_OPS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const ATTR_PATH = /^([A-Za-z$][\w$-]*|urn:[\w.:-]+)(\.[A-Za-z$][\w$-]*)?$/i;

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly scimType: ScimType,
  ) {}

  fail(message: string): never {
    const at = this.tokens[this.i];
    throw badRequest(this.scimType, at ? `${message} at position ${at.pos}` : `${message} at end of input`);
  }

  peek(): Token | undefined {
    return this.tokens[this.i];
  }

  atEnd(): boolean {
    return this.i >= this.tokens.length;
  }

  isKeyword(word: string): boolean {
    const t = this.peek();
    return t?.kind === 'word' && t.text.toLowerCase() === word;
  }

  expect(kind: Token['kind']): Token {
    const t = this.peek();
    if (t?.kind !== kind) this.fail(`expected '${kind}'`);
    this.i++;
    return t;
  }

  attrPath(): string {
    const t = this.peek();
    if (t?.kind !== 'word' || !ATTR_PATH.test(t.text)) this.fail('expected an attribute path');
    this.i++;
    return t.text;
  }

  or(): FilterNode {
    let left = this.and();
    while (this.isKeyword('or')) {
      this.i++;
      left = { type: 'or', left, right: this.and() };
    }
    return left;
  }

  and(): FilterNode {
    let left = this.not();
    while (this.isKeyword('and')) {
      this.i++;
      left = { type: 'and', left, right: this.not() };
    }
    return left;
  }

  not(): FilterNode {
    if (this.isKeyword('not')) {
      this.i++;
      return { type: 'not', filter: this.not() };
    }
    return this.primary();
  }

  primary(): FilterNode {
    if (this.peek()?.kind === '(') {
      this.i++;
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    const path = this.attrPath();
    if (this.peek()?.kind === '[') {
      this.i++;
      const filter = this.or();
      this.expect(']');
      const next = this.peek();
      // Entra's `emails[type eq "work"].value eq "x"`: compare a sub-attribute of the same matching element.
      if (next?.kind === 'word' && next.text.startsWith('.')) {
        this.i++;
        const sub = next.text.slice(1);
        if (!ATTR_PATH.test(sub) || sub.includes('.')) this.fail(`invalid sub-attribute '${next.text}'`);
        return {
          type: 'valuePath',
          path,
          filter: { type: 'and', left: filter, right: this.comparison(sub) },
        };
      }
      return { type: 'valuePath', path, filter };
    }
    return this.comparison(path);
  }

  comparison(path: string): FilterNode {
    const opToken = this.peek();
    if (opToken?.kind !== 'word') this.fail('expected an operator');
    const op = opToken.text.toLowerCase();
    this.i++;
    if (op === 'pr') return { type: 'present', path };
    if (!COMPARE_OPS.has(op)) this.fail(`unknown operator '${opToken.text}'`);
    return { type: 'compare', path, op: op as CompareOp, value: this.literal() };
  }

  literal(): Literal {
    const t = this.peek();
    this.i++;
    if (t?.kind === 'string' || t?.kind === 'number') return t.value ?? null;
    if (t?.kind === 'word') {
      const w = t.text.toLowerCase();
      if (w === 'true') return true;
      if (w === 'false') return false;
      if (w === 'null') return null;
    }
    this.i--;
    return this.fail('expected a value (JSON string, number, true, false or null)');
  }
}

function lex(src: string, scimType: ScimType): Token[] {
  try {
    return tokenize(src);
  } catch (e) {
    if (e instanceof LexError) throw badRequest(scimType, e.message);
    throw e;
  }
}

/**
 * Parses a SCIM filter expression; throws a 400 `invalidFilter` ScimError on bad syntax.
 * @example parseFilter('emails[type eq "work"].value eq "a@example.com"')
 */
export function parseFilter(src: string): FilterNode {
  const parser = new Parser(lex(src, 'invalidFilter'), 'invalidFilter');
  if (parser.atEnd()) parser.fail('empty filter');
  const node = parser.or();
  if (!parser.atEnd()) parser.fail('unexpected token');
  return node;
}

/**
 * Parses a PATCH path `attrPath`, `attrPath[filter]` or `attrPath[filter].sub`; throws 400 `invalidPath`.
 * @example parsePatchPath('members[value eq "2819c223"]')
 */
export function parsePatchPath(src: string): PatchPath {
  const parser = new Parser(lex(src, 'invalidPath'), 'invalidPath');
  const path = parser.attrPath();
  if (parser.atEnd()) return { path };
  parser.expect('[');
  const filter = parser.or();
  parser.expect(']');
  if (parser.atEnd()) return { path, filter };
  const t = parser.expect('word');
  const sub = t.text.slice(1);
  if (!t.text.startsWith('.') || !/^[A-Za-z$][\w$-]*$/.test(sub))
    parser.fail(`invalid sub-attribute '${t.text}'`);
  if (!parser.atEnd()) parser.fail('unexpected token');
  return { path, filter, sub };
}

// Tokenizer for SCIM filters and PATCH paths (RFC 7644 §3.4.2.2 Figure 1, §3.5.2 Figure 5).
export type TokenKind = '(' | ')' | '[' | ']' | 'word' | 'string' | 'number';

export interface Token {
  kind: TokenKind;
  /** Source text of the token (for words: the attribute path or keyword as written). */
  text: string;
  /** Decoded value for string and number literals. */
  value?: string | number;
  pos: number;
}

export class LexError extends Error {}

const WORD = /[A-Za-z0-9_:.$-]/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/;
const DELIMITER = /[\s()[\]]/;

/** Reads a JSON string literal starting at `start` (the opening quote); returns its end index. */
function readString(src: string, start: number): number {
  let i = start + 1;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else i++;
  }
  throw new LexError(`unterminated string starting at position ${start}`);
}

/**
 * Splits a filter into tokens. String literals are decoded as JSON strings (escapes included).
 * @example tokenize('userName eq "a\\"b"') // word, word, string(a"b)
 */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === '[' || c === ']') {
      tokens.push({ kind: c, text: c, pos: i });
      i++;
    } else if (c === '"') {
      const end = readString(src, i);
      const text = src.slice(i, end);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new LexError(`invalid string literal ${text} at position ${i}`);
      }
      tokens.push({ kind: 'string', text, value: String(value), pos: i });
      i = end;
    } else if (/[-0-9]/.test(c)) {
      const m = NUMBER.exec(src.slice(i));
      const next = m ? src[i + m[0].length] : undefined;
      if (!m || (next !== undefined && !DELIMITER.test(next)))
        throw new LexError(`invalid number at position ${i}`);
      tokens.push({ kind: 'number', text: m[0], value: Number(m[0]), pos: i });
      i += m[0].length;
    } else if (WORD.test(c)) {
      const start = i;
      while (i < src.length && WORD.test(src[i] ?? '')) i++;
      tokens.push({ kind: 'word', text: src.slice(start, i), pos: start });
    } else {
      throw new LexError(`unexpected character '${c}' at position ${i}`);
    }
  }
  return tokens;
}

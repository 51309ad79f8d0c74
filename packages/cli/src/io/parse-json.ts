/** JSON.parse with an error that says where: line and column of the first syntax error (V8 often omits it). */

export interface JsonSyntaxIssue {
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  offset: number;
}

export class JsonSyntaxError extends Error {
  readonly issue: JsonSyntaxIssue;
  constructor(issue: JsonSyntaxIssue) {
    super(`${issue.message} at line ${issue.line}, column ${issue.column}`);
    this.name = 'JsonSyntaxError';
    this.issue = issue;
  }
}

/**
 * Parses JSON text; on a syntax error throws JsonSyntaxError with the line and column.
 * @example parseJson('{"a": 1}') // { a: 1 }
 */
export function parseJson(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const found = locateJsonError(body);
    if (found) throw new JsonSyntaxError(found);
    throw new JsonSyntaxError({ message: (error as Error).message, line: 1, column: 1, offset: 0 });
  }
}

/** Finds the first JSON syntax error in text, or undefined when the text is valid JSON. */
export function locateJsonError(text: string): JsonSyntaxIssue | undefined {
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw Object.assign(new Error(message), { at });
  };
  const describe = (): string => (i >= text.length ? 'end of input' : `character ${JSON.stringify(text[i])}`);
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail(`Unexpected ${describe()} while reading ${word}`);
      i++;
    }
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('Bad \\u escape in string', i);
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else fail('Bad escape in string', i);
      } else if (ch.charCodeAt(0) < 0x20) fail('Unescaped control character in string (a line break?)');
      else i++;
    }
    fail('Unterminated string');
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === '-' || match[0] === '') fail(`Unexpected ${describe()}`);
    i += match![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') object();
    else if (ch === '[') array();
    else if (ch === '"') string();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) number();
    else fail(`Unexpected ${describe()}, expected a value`);
  };
  const object = () => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail(`Unexpected ${describe()}, expected a property name in double quotes`);
      string();
      ws();
      if (text[i] !== ':') fail(`Unexpected ${describe()}, expected ':' after the property name`);
      i++;
      value();
      ws();
      if (text[i] === ',') {
        i++;
        ws();
        if (text[i] === '}') fail("Trailing comma before '}'");
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail(`Unexpected ${describe()}, expected ',' or '}' after a property value`);
    }
  };
  const array = () => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      ws();
      if (text[i] === ',') {
        i++;
        ws();
        if (text[i] === ']') fail("Trailing comma before ']'");
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail(`Unexpected ${describe()}, expected ',' or ']' after an array element`);
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`Unexpected ${describe()} after the end of the JSON value`);
    return undefined;
  } catch (error) {
    const at = (error as { at?: number }).at ?? i;
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - (before.lastIndexOf('\n') + 1) + 1;
    return { message: (error as Error).message, line, column, offset: at };
  }
}

/** Loads `<dir>/*.flow.json` (with a sample webhook body from `<id>.test.json` when present) for the product start. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface FlowFile {
  file: string;
  json: unknown;
  /** `cases[0].trigger.data.body` of the flow's test file, for the printed curl. */
  sampleBody?: unknown;
}

export async function readFlowFiles(dir: string): Promise<FlowFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.flow.json')).sort();
  } catch {
    return [];
  }
  const out: FlowFile[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const json: unknown = JSON.parse(await readFile(file, 'utf8'));
    let sampleBody: unknown;
    try {
      const test = JSON.parse(await readFile(file.replace(/\.flow\.json$/, '.test.json'), 'utf8')) as {
        cases?: Array<{ trigger?: { data?: { body?: unknown } } }>;
      };
      sampleBody = test.cases?.[0]?.trigger?.data?.body;
    } catch {
      sampleBody = undefined;
    }
    out.push({ file, json, sampleBody });
  }
  return out;
}

/** A ready-to-paste curl for a webhook: token auth, or an HMAC signature computed with openssl. */
export function curlFor(url: string, auth: 'token' | 'hmac', secret: string, body: unknown): string {
  const text = JSON.stringify(body ?? {});
  const quoted = `'${text.replaceAll("'", "'\\''")}'`;
  if (auth === 'token') {
    return `curl -sS -X POST '${url}' -H 'Authorization: Bearer ${secret}' -H 'Content-Type: application/json' -d ${quoted}`;
  }
  return [
    `body=${quoted}; t=$(date +%s)`,
    `sig=$(printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac '${secret}' | sed 's/^.* //')`,
    `curl -sS -X POST '${url}' -H "X-Idflow-Signature: t=$t,v1=$sig" -H 'Content-Type: application/json' -d "$body"`,
  ].join('\n  ');
}

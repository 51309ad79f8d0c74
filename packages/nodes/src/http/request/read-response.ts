/** Reads an HTTP response into `{ status, headers, body }`, parsing JSON by content type. */

export interface HttpResponseOutput {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b|^text\/json\b/i;

export async function readResponse(
  response: Response,
  method: string,
  responseType: 'auto' | 'json' | 'text',
): Promise<HttpResponseOutput> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const text = method === 'HEAD' ? '' : await response.text();
  const wantsJson =
    responseType === 'json' || (responseType === 'auto' && JSON_TYPE.test(headers['content-type'] ?? ''));
  let body: unknown = text;
  if (text === '') body = null;
  else if (wantsJson) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text; // a server that mislabels its body: keep the text rather than fail the step
    }
  }
  return { status: response.status, headers, body };
}

/** At most 500 characters of a body, for error details. */
export function bodyExcerpt(body: unknown): string {
  const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? '');
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/**
 * The `Authorization` and `OneThing-Purpose` headers inside a tab's headers editor, which holds a
 * JSON object of headers.
 */

const AUTHORIZATION = /^authorization$/i;

/** Parses the headers editor's text; an empty or unreadable text counts as no headers. */
function parseHeaders(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text || '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/**
 * The headers text with its `Authorization` set to the bearer token, or removed when there is none;
 * the other headers stay as they were.
 */
export function withBearerToken(text: string, token: string | undefined): string {
  const headers = Object.fromEntries(
    Object.entries(parseHeaders(text)).filter(([name]) => !AUTHORIZATION.test(name)),
  );
  const updated = token ? { Authorization: `Bearer ${token}`, ...headers } : headers;
  return Object.keys(updated).length === 0 ? '' : JSON.stringify(updated, null, 2);
}

/** The bearer token of the headers text, if it has one. */
export function bearerTokenOf(text: string | null | undefined): string | undefined {
  const value = Object.entries(parseHeaders(text ?? '')).find(([name]) => AUTHORIZATION.test(name))?.[1];
  return typeof value === 'string' ? /^Bearer\s+(\S+)$/i.exec(value)?.[1] : undefined;
}

const PURPOSE = /^onething-purpose$/i;

/**
 * The headers text with its `OneThing-Purpose` (why a staff member reads: `case …` or
 * `application …`) set, or removed when there is none; the other headers stay as they were.
 */
export function withPurpose(text: string, purpose: string | undefined): string {
  const headers = Object.fromEntries(
    Object.entries(parseHeaders(text)).filter(([name]) => !PURPOSE.test(name)),
  );
  const updated = purpose ? { ...headers, 'OneThing-Purpose': purpose } : headers;
  return Object.keys(updated).length === 0 ? '' : JSON.stringify(updated, null, 2);
}

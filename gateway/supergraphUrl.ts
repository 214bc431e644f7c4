/**
 * The supergraph fetched from a URL (`SUPERGRAPH_URL`) and polled: every gateway replica pointed at the
 * same URL serves the document published there within one poll interval, without a restart. Polls are
 * conditional (`If-None-Match`, `If-Modified-Since`), time out, and read at most a size cap; a failed
 * poll or a document that does not build leaves the running supergraph in place (see
 * `supergraphReload.ts`). The first fetch must succeed: a gateway without a supergraph does not start.
 *
 * Fetched with Node's `fetch` and the platform's CAs plus `NODE_EXTRA_CA_CERTS` (the supergraph is published on an artifact store,
 * not by a OneThing service). Credentials in the URL (`https://user:password@host/…`) are sent as HTTP
 * Basic authentication and never appear in a message; neither does the query string (a signed URL's
 * signature is a credential too).
 */
import type { SupergraphSdlHook } from '@apollo/gateway';
import { withoutCredentials } from './SharedStore.ts';
import {
  checkSupergraph,
  RunningSupergraph,
  SupergraphRejection,
  type SupergraphReloadEvents,
} from './supergraphReload.ts';

/** How often the URL is polled by default: every 10 s. */
export const DEFAULT_SUPERGRAPH_POLL_SECONDS = 10;
/** How long one fetch may take by default, ms. */
export const DEFAULT_SUPERGRAPH_FETCH_TIMEOUT_MS = 10_000;
/** The largest supergraph read by default: 10 MiB (the committed one is well under 1 MiB). */
export const DEFAULT_SUPERGRAPH_MAX_BYTES = 10 * 1024 * 1024;

/** Where and how a supergraph is fetched. */
export interface SupergraphUrlOptions {
  /** The supergraph's URL: `https://`, or `http://` outside production. */
  url: string | URL;
  /** How often it is polled, ms; default {@link DEFAULT_SUPERGRAPH_POLL_SECONDS} s. */
  pollIntervalMs?: number;
  /** How long one fetch may take, ms; default {@link DEFAULT_SUPERGRAPH_FETCH_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** The largest document read, bytes; default {@link DEFAULT_SUPERGRAPH_MAX_BYTES}. */
  maxBytes?: number;
}

/** A URL as messages show it: no user, no password, no query string. */
export function displayUrl(url: string | URL): string {
  const raw = String(url);
  if (!URL.canParse(raw)) return withoutCredentials(raw).replace(/\?.*$/, '?…');
  const parsed = new URL(raw);
  const credentials = parsed.username || parsed.password ? '***@' : '';
  return `${parsed.protocol}//${credentials}${parsed.host}${parsed.pathname}${parsed.search ? '?…' : ''}`;
}

/**
 * Checks a supergraph URL as `SUPERGRAPH_URL` gives it: `https://`, or `http://` outside production
 * (a plain supergraph could be rewritten on its way to route every query elsewhere).
 *
 * @throws Error naming the variable, the URL shown without credentials
 */
export function parseSupergraphUrl(raw: string, production: boolean, variable = 'SUPERGRAPH_URL'): URL {
  const refuse = (why: string): never => {
    throw new Error(
      `${variable} must be an https:// URL${production ? '' : ' (or http://, outside production)'}: ${why}, got ${JSON.stringify(displayUrl(raw))}`,
    );
  };
  if (!URL.canParse(raw)) return refuse('not a URL');
  const url = new URL(raw);
  if (url.protocol === 'http:' && production) refuse('plain http:// is refused in production');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') refuse(`the scheme is ${url.protocol}`);
  if (url.hash) refuse('no fragment is understood');
  return url;
}

/** The validators of the document served now, sent back so that an unchanged one answers 304. */
interface Validators {
  etag?: string;
  lastModified?: string;
}

/** A fetch's answer: a new document with its validators, or `not-modified`. */
type Fetched = { kind: 'document'; sdl: string; validators: Validators } | { kind: 'not-modified' };

/** Reads at most `maxBytes` of `response`'s body; throws beyond. */
async function readCapped(response: Response, maxBytes: number, shown: string): Promise<string> {
  const tooLarge = () =>
    new SupergraphRejection('unavailable', `the supergraph at ${shown} is larger than ${maxBytes} bytes`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        await response.body.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(chunk);
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Fetches the supergraph, conditionally on `validators`.
 *
 * @throws SupergraphRejection (`unavailable`) on a network error, a timeout, an answer other than 200
 *   or 304, or a document over the cap — its message names the URL without credentials
 */
async function fetchSupergraph(
  url: URL,
  validators: Validators,
  { timeoutMs, maxBytes, production }: { timeoutMs: number; maxBytes: number; production: boolean },
  stopped?: AbortSignal,
): Promise<Fetched> {
  const shown = displayUrl(url);
  const target = new URL(url);
  const headers: Record<string, string> = { accept: 'application/graphql, text/plain, */*' };
  if (target.username || target.password) {
    const basic = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
    headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    target.username = '';
    target.password = '';
  }
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = stopped ? AbortSignal.any([timeout, stopped]) : timeout;
  let response: Response;
  try {
    response = await fetch(target, { headers, signal, redirect: 'follow' });
  } catch (error) {
    const why = timeout.aborted
      ? `no answer within ${timeoutMs} ms`
      : ((error as Error).cause as Error | undefined)?.message || (error as Error).message;
    throw new SupergraphRejection('unavailable', `cannot fetch the supergraph at ${shown}: ${why}`, {
      cause: error,
    });
  }
  try {
    if (production && new URL(response.url).protocol !== 'https:') {
      throw new SupergraphRejection('unavailable', `the supergraph at ${shown} redirected to plain http://`);
    }
    if (response.status === 304) return { kind: 'not-modified' };
    if (response.status !== 200) {
      throw new SupergraphRejection(
        'unavailable',
        `cannot fetch the supergraph at ${shown}: HTTP ${response.status}`,
      );
    }
    const sdl = await readCapped(response, maxBytes, shown);
    return {
      kind: 'document',
      sdl,
      validators: {
        etag: response.headers.get('etag') ?? undefined,
        lastModified: response.headers.get('last-modified') ?? undefined,
      },
    };
  } catch (error) {
    await response.body?.cancel().catch(() => {});
    if (error instanceof SupergraphRejection) throw error;
    const why = timeout.aborted ? `no answer within ${timeoutMs} ms` : (error as Error).message;
    throw new SupergraphRejection('unavailable', `cannot fetch the supergraph at ${shown}: ${why}`, {
      cause: error,
    });
  }
}

/**
 * A `supergraphSdl` hook for ApolloGateway that fetches the supergraph from `options.url` and polls it.
 * The first fetch failing, or its document not building, fails the gateway's start with a message
 * naming the URL (without credentials).
 *
 * @param production - refuses plain `http://` (and a redirect to it)
 */
export function polledSupergraph(
  options: SupergraphUrlOptions,
  events: SupergraphReloadEvents = {},
  production = false,
): SupergraphSdlHook {
  const url = parseSupergraphUrl(String(options.url), production);
  const shown = displayUrl(url);
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_SUPERGRAPH_POLL_SECONDS * 1000;
  const how = {
    timeoutMs: options.timeoutMs ?? DEFAULT_SUPERGRAPH_FETCH_TIMEOUT_MS,
    maxBytes: options.maxBytes ?? DEFAULT_SUPERGRAPH_MAX_BYTES,
    production,
  };
  return async ({ update }) => {
    let validators: Validators;
    let first: string;
    try {
      const fetched = await fetchSupergraph(url, {}, how);
      if (fetched.kind !== 'document')
        throw new Error(`cannot fetch the supergraph at ${shown}: HTTP 304 to an unconditional request`);
      first = checkSupergraph(fetched.sdl, shown);
      validators = fetched.validators;
    } catch (error) {
      throw new Error(`refusing to start the gateway without its supergraph: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const running = new RunningSupergraph(first, update, events, shown);
    let timer: NodeJS.Timeout | undefined;
    const stop = new AbortController();
    const poll = async () => {
      try {
        const fetched = await fetchSupergraph(url, validators, how, stop.signal);
        // The validators of a document that did not build are kept too: it is not fetched (nor
        // reported) again until the URL serves another.
        if (fetched.kind === 'document' && !stop.signal.aborted) {
          validators = fetched.validators;
          running.offer(fetched.sdl);
        }
      } catch (error) {
        if (!stop.signal.aborted) running.reject(error as Error);
      }
      if (!stop.signal.aborted) timer = setTimeout(poll, pollIntervalMs).unref();
    };
    timer = setTimeout(poll, pollIntervalMs).unref();
    return {
      supergraphSdl: first,
      cleanup: async () => {
        stop.abort();
        clearTimeout(timer);
      },
    };
  };
}

/**
 * The languages OneThing answers in, and which one a request gets. Chinese first: Simplified Chinese
 * (`zh-CN`) is the default, English (`en`) is given to a client that asks for it in
 * `Accept-Language`; a header naming only languages OneThing does not speak (`fr`), or none at all,
 * or one that cannot be read, gets Chinese. Codes never change with the language: clients key on them.
 */
import Negotiator from 'negotiator';

/** A language messages are written in, as a BCP 47 tag (also the answer's `Content-Language`). */
export type Language = 'zh-CN' | 'en';

/** Every language, the default first: on equal preference (`Accept-Language: *`) the first wins. */
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

/** The language of a request that asks for none OneThing speaks. */
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

/** True when `tag` is exactly one of {@link LANGUAGES}. */
export function isLanguage(tag: unknown): tag is Language {
  return typeof tag === 'string' && (LANGUAGES as readonly string[]).includes(tag);
}

/**
 * The language for an `Accept-Language` header value, by its q-values (`en-US,en;q=0.9` → `en`,
 * `zh-TW` → `zh-CN` as the default, `fr` → `zh-CN`). An array (a header sent twice) is read as one list.
 */
export function negotiateLanguage(acceptLanguage: string | readonly string[] | undefined): Language {
  if (acceptLanguage === undefined) return DEFAULT_LANGUAGE;
  const header = typeof acceptLanguage === 'string' ? acceptLanguage : acceptLanguage.join(', ');
  // Long enough for any real browser's list; a longer one is read from its start.
  const negotiator = new Negotiator({ headers: { 'accept-language': header.slice(0, 1000) } });
  const preferred = negotiator.language(LANGUAGES);
  return isLanguage(preferred) ? preferred : DEFAULT_LANGUAGE;
}

/** The language a request with these headers gets (its `accept-language`). */
export function languageOfHeaders(headers: Record<string, string | string[] | undefined>): Language {
  return negotiateLanguage(headers['accept-language']);
}

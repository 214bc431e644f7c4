/**
 * Renders a message of the catalogue in a language. A message is named by a stable key (e.g.
 * `gateway.payloadTooLarge`) with named parameters, written once per language in ICU MessageFormat
 * (`catalogue/zh-CN.ts`, `catalogue/en.ts`: plurals, selects and numbers as ICU has them).
 *
 * A parameter named `department` is a department's service name (`health`): it is shown in the
 * language as the catalogue's `department.<name>` says (卫生健康, health), or as it came when the
 * catalogue has no such name.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { en } from './catalogue/en.ts';
import { zhCN } from './catalogue/zh-CN.ts';
import type { Language } from './languages.ts';

/** A key of the message catalogue. */
export type MessageKey = keyof typeof en;

/** A message's named parameters; a {@link Text} parameter is rendered in the same language first. */
export type MessageParams = Readonly<Record<string, string | number | Text>>;

/** A message to render later, in the reader's language: its key and parameters. */
export interface Text {
  key: MessageKey;
  params?: MessageParams;
}

/** Each language's catalogue: every key in every language (checked by the type and by a test). */
export const CATALOGUES: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = {
  'zh-CN': zhCN,
  en,
};

/** A message of the catalogue: `text('gateway.payloadTooLarge', { limit })`. */
export function text(key: MessageKey, params?: MessageParams): Text {
  return params ? { key, params } : { key };
}

/**
 * A message to store and read later in its reader's language: its English words (`message`, what
 * rows and logs held before messages were keyed) and its text.
 */
export function worded(message: Text): { message: string; text: Text } {
  return { message: render('en', message), text: message };
}

/** True when `key` names a message of the catalogue (e.g. a key read back from the store). */
export function isMessageKey(key: unknown): key is MessageKey {
  return typeof key === 'string' && Object.hasOwn(en, key);
}

/**
 * True when `value` is a {@link Text} of this catalogue: a known key, parameters that are strings,
 * numbers or texts themselves — what a stored row or another service's answer must be to be rendered.
 */
export function isText(value: unknown, depth = 0): value is Text {
  if (depth > 8 || typeof value !== 'object' || value === null) return false;
  const { key, params } = value as { key?: unknown; params?: unknown };
  if (!isMessageKey(key)) return false;
  if (params === undefined) return true;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return false;
  return Object.values(params).every(
    (param) => typeof param === 'string' || typeof param === 'number' || isText(param, depth + 1),
  );
}

const formats = new Map<string, IntlMessageFormat>();

/** The compiled message of a key in a language, compiled once. */
function formatOf(language: Language, key: MessageKey): IntlMessageFormat {
  const id = `${language}\u0000${key}`;
  let format = formats.get(id);
  if (!format) {
    format = new IntlMessageFormat(CATALOGUES[language][key], language, undefined, { ignoreTag: true });
    formats.set(id, format);
  }
  return format;
}

/**
 * The parameters as the language shows them: a `department` by its name in that language, a
 * {@link Text} rendered.
 */
function shownParams(language: Language, params: MessageParams | undefined): Record<string, string | number> {
  const shown: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params ?? {})) {
    if (typeof value === 'object') shown[name] = render(language, value);
    else if (name === 'department' && isMessageKey(`department.${value}`))
      shown[name] = CATALOGUES[language][`department.${value}` as MessageKey];
    else shown[name] = value;
  }
  return shown;
}

/**
 * The message in `language`. A parameter the message names but `params` lacks is a bug of the
 * caller's: rendering throws, and the catalogue test renders every message with its parameters.
 */
export function render(language: Language, message: Text): string {
  const rendered = formatOf(language, message.key).format(shownParams(language, message.params));
  return typeof rendered === 'string' ? rendered : String(rendered);
}

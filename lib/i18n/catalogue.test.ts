import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from './languages.ts';
import { CATALOGUES, type MessageKey, render } from './messages.ts';

/** The argument names a message uses, at any depth (plurals, selects). */
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: unknown): void => {
    if (!Array.isArray(elements)) return;
    for (const element of elements as Array<Record<string, unknown>>) {
      if (typeof element.value === 'string' && element.type !== 0) names.add(element.value);
      for (const option of Object.values((element.options as Record<string, { value: unknown }>) ?? {}))
        walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, 'en', undefined, { ignoreTag: true }).getAst());
  return [...names].sort();
}

describe('the message catalogue', () => {
  const keys = (language: (typeof LANGUAGES)[number]) => Object.keys(CATALOGUES[language]).sort();

  it('has every key in every language', () => {
    for (const language of LANGUAGES) {
      expect(keys(language), `keys of ${language}`).toEqual(keys('en'));
    }
  });

  it('names the same parameters in every language, so no value is lost in translation', () => {
    for (const key of keys('en') as MessageKey[]) {
      for (const language of LANGUAGES) {
        expect(argumentsOf(CATALOGUES[language][key]), `${language} ${key}`).toEqual(
          argumentsOf(CATALOGUES.en[key]),
        );
      }
    }
  });

  it('renders every message with its parameters, and Chinese differs from English', () => {
    for (const key of keys('en') as MessageKey[]) {
      const params = Object.fromEntries(argumentsOf(CATALOGUES.en[key]).map((name) => [name, 7]));
      const zh = render('zh-CN', { key, params });
      const en = render('en', { key, params });
      expect(zh, key).not.toBe('');
      // A message of parameters alone (a department's own words) reads the same in both.
      const wordsOnly = /^(\{\w+\})+$/.test(CATALOGUES.en[key]);
      if (!wordsOnly && key !== 'gateway.subscriptionNeedsMultipart') expect(zh, key).not.toBe(en);
    }
  });

  it('shows a department by its name in the language', () => {
    const text = { key: 'gateway.subgraphUnreachable', params: { department: 'health' } } as const;
    expect(render('zh-CN', text)).toBe('无法连接卫生健康子图');
    expect(render('en', text)).toBe('the health subgraph could not be reached');
  });
});

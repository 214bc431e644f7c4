import { describe, expect, it } from 'vitest';
import { negotiateLanguage } from './languages.ts';

describe('the language of a request', () => {
  it('is Chinese without an Accept-Language', () => {
    expect(negotiateLanguage(undefined)).toBe('zh-CN');
    expect(negotiateLanguage('')).toBe('zh-CN');
  });

  it('is English when the client asks for it, by any English tag', () => {
    expect(negotiateLanguage('en-US')).toBe('en');
    expect(negotiateLanguage('en-GB,en;q=0.9')).toBe('en');
  });

  it('follows the q-values', () => {
    expect(negotiateLanguage('zh-CN;q=0.5, en;q=0.8')).toBe('en');
    expect(negotiateLanguage('en;q=0.4, zh;q=0.9')).toBe('zh-CN');
    expect(negotiateLanguage('fr, en;q=0.1')).toBe('en');
  });

  it('falls back to Chinese for a language OneThing does not speak, or a header it cannot read', () => {
    expect(negotiateLanguage('fr')).toBe('zh-CN');
    expect(negotiateLanguage('de-DE, ja;q=0.8')).toBe('zh-CN');
    expect(negotiateLanguage(';;;,q=abc')).toBe('zh-CN');
    expect(negotiateLanguage('*')).toBe('zh-CN');
  });
});

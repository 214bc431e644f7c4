import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter, creditCodeOf, isCreditCode, parseCreditCode } from './creditCode.ts';

describe('unified social credit codes (GB 32100-2015)', () => {
  it('accepts codes whose check character matches, as published for real enterprises', () => {
    // The example code GB 32100-2015's guidance gives, and one printed on a published business licence.
    for (const code of ['91350100M000100Y43', '91440300708461136T']) {
      expect(parseCreditCode(code)).toMatchObject({ ok: true, value: code });
    }
  });

  it('computes the check character modulo 31, 31 itself written 0', () => {
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
    const code = creditCodeOf('91500103MA5U00001');
    expect(isCreditCode(code)).toBe(true);
  });

  it('names what is wrong with a code that is not one', () => {
    expect(parseCreditCode('91350100M000100Y4')).toMatchObject({ ok: false, problem: 'LENGTH' });
    expect(parseCreditCode('91350100M000100YI3')).toMatchObject({ ok: false, problem: 'FORMAT' });
    expect(parseCreditCode('9135A100M000100Y43')).toMatchObject({ ok: false, problem: 'DIVISION' });
    const mistyped = parseCreditCode('91350100M000100Y44');
    expect(mistyped).toMatchObject({ ok: false, problem: 'CHECKSUM' });
    expect(mistyped.ok ? '' : mistyped.message).toContain('should be 3');
  });

  it('reads a code with spaces around it and small letters, and says it was not written as one', () => {
    expect(parseCreditCode(' 91350100m000100y43 ')).toMatchObject({ ok: true, value: '91350100M000100Y43' });
    expect(isCreditCode(' 91350100m000100y43 ')).toBe(false);
  });
});

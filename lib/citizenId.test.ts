import { describe, expect, it } from 'vitest';
import {
  checkCharacter,
  composeCitizenId,
  isMaskedCitizenId,
  maskCitizenId,
  maskName,
  parseCitizenId,
} from './citizenId.ts';

const today = new Date('2026-11-27T00:00:00Z');

describe('parseCitizenId', () => {
  it('accepts the GB 11643 example number and reads its parts', () => {
    // The worked example of the standard: 11010519491231002X.
    const result = parseCitizenId('11010519491231002x', today);
    expect(result).toEqual({
      ok: true,
      value: '11010519491231002X',
      parts: { divisionCode: '110105', birthDate: '1949-12-31', sequence: 2, sex: 'FEMALE' },
    });
  });

  it.each([
    ['50010319900101123', 'LENGTH'],
    ['5001031990010112345', 'LENGTH'],
    ['50010319900101123A', 'FORMAT'],
    ['00010319900101123X', 'DIVISION'],
    ['500103199002301234', 'BIRTH_DATE'],
    ['500103203001011234', 'BIRTH_DATE'],
    ['500103199001011230', 'CHECKSUM'],
  ])('rejects %s as %s', (input, problem) => {
    const result = parseCitizenId(input, today);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toBe(problem);
      expect(result.message).not.toBe('');
    }
  });
});

describe('composeCitizenId', () => {
  it('round-trips through parseCitizenId', () => {
    const parts = { divisionCode: '500105', birthDate: '2026-03-14', sequence: 37, sex: 'MALE' as const };
    const id = composeCitizenId(parts);
    expect(id.slice(0, 17)).toBe('50010520260314037');
    expect(parseCitizenId(id, today)).toMatchObject({ ok: true, parts });
  });

  it('refuses a sequence whose parity contradicts the sex', () => {
    expect(() =>
      composeCitizenId({ divisionCode: '500105', birthDate: '2026-03-14', sequence: 37, sex: 'FEMALE' }),
    ).toThrow(RangeError);
  });

  it('computes X as a check character', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
  });
});

describe('maskCitizenId', () => {
  it('keeps the division code and the last four characters', () => {
    expect(maskCitizenId('11010519491231002X')).toBe('110105********002X');
  });
});

describe('isMaskedCitizenId', () => {
  it('knows a masked number from a whole one', () => {
    expect(isMaskedCitizenId(maskCitizenId('11010519491231002X'))).toBe(true);
    expect(isMaskedCitizenId('11010519491231002X')).toBe(false);
    expect(isMaskedCitizenId('110105****1231002X')).toBe(false);
  });

  it('is refused as a citizen ID with the reason MASKED', () => {
    const result = parseCitizenId('110105********002X');
    expect(result).toMatchObject({ ok: false, problem: 'MASKED' });
  });
});

describe('maskName', () => {
  it('leaves one character visible', () => {
    expect(maskName('张小明')).toBe('张**');
    expect(maskName('李娜')).toBe('李*');
    expect(maskName('阿依古丽·买买提')).toBe('阿*******');
  });

  it('masks a one-character name whole', () => {
    expect(maskName('王')).toBe('*');
  });
});

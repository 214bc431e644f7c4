import { describe, expect, it } from 'vitest';
import { ReceiverUrlError, ReceiverUrls } from './receiverUrls.ts';

describe('ReceiverUrls', () => {
  it('finds a department started here first, then DEPARTMENT_SYSTEM_URL_<NAME>, then rover.yaml’s port + 100', () => {
    const env = { DEPARTMENT_SYSTEM_URL_CIVIL_AFFAIRS: 'http://civil-affairs.invalid:8080/' };
    const urls = new ReceiverUrls({ education: 'http://127.0.0.1:50123' }, env);
    expect(urls.receiverOf('education')).toBe('http://127.0.0.1:50123/v1/events');
    expect(urls.receiverOf('civil-affairs')).toBe('http://civil-affairs.invalid:8080/v1/events');
    expect(urls.receiverOf('health')).toBe('http://localhost:4102/v1/events');
  });

  it('says what is missing for a department rover.yaml does not list', () => {
    expect(() => new ReceiverUrls({}, {}).receiverOf('tax')).toThrow(ReceiverUrlError);
    expect(() => new ReceiverUrls({}, {}).receiverOf('tax')).toThrow(/DEPARTMENT_SYSTEM_URL_TAX is not set/);
  });
});

import { describe, expect, it } from 'vitest';
import { parseReplicas } from './startProduction.ts';

describe('--replicas', () => {
  it('reads a count per service, as npm run serve names them', () => {
    expect(parseReplicas('gateway=2, public-security=3,health=1')).toEqual(
      new Map([
        ['gateway', 2],
        ['public-security', 3],
        ['health', 1],
      ]),
    );
  });

  it('refuses more than one service-center without a shared PostgreSQL, naming why', () => {
    expect(() => parseReplicas('gateway=2,service-center=2')).toThrow(
      /service-center cannot run in replicas here: without DATABASE_URL .*SQLite.*PostgreSQL/,
    );
    expect(parseReplicas('service-center=1').get('service-center')).toBe(1);
  });

  it('runs the service-center in replicas when its state is in PostgreSQL (DATABASE_URL)', () => {
    const services = ['gateway', 'service-center', 'health'];
    const shared = { DATABASE_URL: 'postgres://onething@db.internal:5432/onething' };
    expect(parseReplicas('service-center=3', services, shared).get('service-center')).toBe(3);
    const ownOnly = { DATABASE_URL__SERVICE_CENTER: 'postgres://onething@db.internal:5432/onething' };
    expect(parseReplicas('service-center=2', services, ownOnly).get('service-center')).toBe(2);
  });

  it('refuses more than one process of a department system, whose register is one SQLite store', () => {
    expect(() => parseReplicas('health-system=2')).toThrow(
      /health-system cannot run in replicas here: .*SQLite/,
    );
  });

  it('refuses an unknown service and a count that is not a whole number from 1 to 32', () => {
    expect(() => parseReplicas('gatway=2')).toThrow(/gatway is no service of this deployment/);
    for (const entry of ['gateway=0', 'gateway=two', 'gateway=1.5', 'gateway=33', 'gateway'])
      expect(() => parseReplicas(entry)).toThrow(/whole number from 1 to 32/);
  });
});

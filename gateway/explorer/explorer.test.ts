import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDeployment } from '../../lib/auth/testing.ts';
import { deploymentServices } from '../../system/topology.ts';
import { buildExplorer, isLoopback } from './explorer.ts';

const authentication = await createTestDeployment(deploymentServices());
const app = Fastify();
await app.register(buildExplorer({ authentication }).routes);
afterAll(() => app.close());

/** Asks for a test token from `remoteAddress`. */
const ask = (remoteAddress: string) =>
  app.inject({
    method: 'POST',
    url: '/explorer/token',
    remoteAddress,
    headers: { 'x-forwarded-for': '127.0.0.1' },
    payload: { identity: '500103198910149170' },
  });

describe('the explorer’s test tokens', () => {
  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1'])(
    'are handed out to a caller on this machine (%s)',
    async (address) => {
      const response = await ask(address);
      expect(response.statusCode).toBe(200);
      expect(response.json().token).toMatch(/^ey/);
    },
  );

  it.each(['10.0.0.5', '192.168.1.20', 'fe80::1'])(
    'are refused, 403 FORBIDDEN, to a caller from the network (%s), whatever it forwards',
    async (address) => {
      const response = await ask(address);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    },
  );

  it('counts only loopback addresses as this machine', () => {
    expect([undefined, '', '128.0.0.1', '::2', '::ffff:10.0.0.1'].map(isLoopback)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

import fastifyCors from '@fastify/cors';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from './config.ts';
import { corsOptions, DEVELOPMENT_CORS_ORIGINS, parseCorsOrigin } from './cors.ts';

/** The `access-control-allow-origin` a gateway with `origins` answers `origin` with. */
async function allowedOrigin(origins: readonly string[], origin: string): Promise<string | undefined> {
  const app = Fastify();
  await app.register(fastifyCors, corsOptions(origins));
  app.post('/graphql', async () => ({ data: {} }));
  const response = await app.inject({ method: 'POST', url: '/graphql', headers: { origin }, payload: {} });
  await app.close();
  return response.headers['access-control-allow-origin'] as string | undefined;
}

describe('CORS allow-list', () => {
  it.each(['https://gov.example.cn', 'http://localhost:5173', 'http://localhost:*', 'http://[::1]:*'])(
    'accepts the origin %s',
    (entry) => {
      expect(parseCorsOrigin(entry)).toBe(entry);
    },
  );

  it.each([
    '*',
    'gov.example.cn',
    'https://gov.example.cn/',
    'https://gov.example.cn/graphql',
    'https://*.example.cn',
    'http://localhost:5173:*',
    'ftp://gov.example.cn',
  ])('refuses %s, saying what an origin looks like', (entry) => {
    expect(() => parseCorsOrigin(entry)).toThrow(/scheme:\/\/host\[:port\]/);
  });

  it('matches an origin exactly, or on any port with :*', async () => {
    expect(await allowedOrigin(['https://gov.example.cn'], 'https://gov.example.cn')).toBe(
      'https://gov.example.cn',
    );
    expect(
      await allowedOrigin(['https://gov.example.cn'], 'https://gov.example.cn.evil.example'),
    ).toBeUndefined();
    expect(await allowedOrigin(['https://gov.example.cn'], 'http://gov.example.cn')).toBeUndefined();
    expect(await allowedOrigin(DEVELOPMENT_CORS_ORIGINS, 'http://localhost:5173')).toBe(
      'http://localhost:5173',
    );
    expect(await allowedOrigin(DEVELOPMENT_CORS_ORIGINS, 'http://localhost')).toBe('http://localhost');
    expect(await allowedOrigin(DEVELOPMENT_CORS_ORIGINS, 'http://localhost.evil.example')).toBeUndefined();
    expect(
      await allowedOrigin(DEVELOPMENT_CORS_ORIGINS, 'http://localhost:5173.evil.example'),
    ).toBeUndefined();
    expect(await allowedOrigin([], 'http://localhost:5173')).toBeUndefined();
  });
});

describe('gateway configuration of CORS and the rate limit', () => {
  it('allows local pages in development and none in production, the default, by default', () => {
    expect(readGatewayConfig({ NODE_ENV: 'development' }).corsOrigins).toEqual(DEVELOPMENT_CORS_ORIGINS);
    expect(readGatewayConfig({ NODE_ENV: 'production' }).corsOrigins).toEqual([]);
    expect(readGatewayConfig({}).corsOrigins).toEqual([]);
    expect(readGatewayConfig({ NODE_ENV: 'prodcution' }).production).toBe(true);
  });

  it('reads a comma-separated allow-list and names the variable of a bad entry', () => {
    expect(
      readGatewayConfig({
        GATEWAY_CORS_ORIGINS: 'https://a.example.cn, https://b.example.cn',
        NODE_ENV: 'production',
      }).corsOrigins,
    ).toEqual(['https://a.example.cn', 'https://b.example.cn']);
    expect(() => readGatewayConfig({ GATEWAY_CORS_ORIGINS: 'https://a.example.cn/app' })).toThrow(
      /^GATEWAY_CORS_ORIGINS: .*"https:\/\/a.example.cn\/app"/,
    );
  });

  it('reads the rate limit, 600 a minute by default', () => {
    expect(readGatewayConfig({}).rateLimitPerMinute).toBe(600);
    expect(readGatewayConfig({ GATEWAY_RATE_LIMIT_PER_MINUTE: '30' }).rateLimitPerMinute).toBe(30);
    expect(() => readGatewayConfig({ GATEWAY_RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(
      /GATEWAY_RATE_LIMIT_PER_MINUTE must be a whole number/,
    );
  });
});

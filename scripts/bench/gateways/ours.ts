/**
 * Our gateway (`gateway/server.ts`) as configured for production, in a process of its own, on the
 * benchmark's supergraph file. Tokens are verified with the development keys the benchmark's system
 * signs with. Everything is on as in production; only the rate limit's budget is raised (see below).
 * The response cache is on at its default size; `GATEWAY_RESPONSE_CACHE_MAX_MB` sizes it as in
 * production (`GATEWAY_RESPONSE_CACHE_MAX_MB=0 npm run bench` measures ours without it).
 */
import { readFileSync } from 'node:fs';
import { readGatewayConfig } from '../../../gateway/config.ts';
import { buildGateway } from '../../../gateway/server.ts';
import { authenticationFromKeys } from '../../../lib/auth/config.ts';
import { loadDevelopmentKeys } from '../../../lib/auth/deploymentKeys.ts';
import { GATEWAY } from '../../../lib/auth/services.ts';
import { deploymentServices } from '../../../system/topology.ts';
import { runGatewayProcess, supergraphPath } from './child.ts';
import { KEYS_DIR_ENV, TOKEN_POLICY_ENV } from './protocol.ts';

/** Requests a minute per caller: far beyond what the load generator sends. */
const BENCH_RATE_LIMIT_PER_MINUTE = 1_000_000_000;

await runGatewayProcess(async () => {
  const keysDir = process.env[KEYS_DIR_ENV];
  if (!keysDir) throw new Error(`${KEYS_DIR_ENV} must name the development keys folder, got nothing`);
  const [issuer, audience] = (process.env[TOKEN_POLICY_ENV] ?? '').split(' ');
  if (!issuer || !audience) throw new Error(`${TOKEN_POLICY_ENV} must be "<issuer> <audience>"`);
  const keys = await loadDevelopmentKeys(keysDir, deploymentServices());
  const { app } = await buildGateway({
    supergraph: readFileSync(supergraphPath(), 'utf8'),
    trust: authenticationFromKeys(keys, { issuer, audience }).trustFor(GATEWAY),
    production: true,
    // The per-caller rate limit stays on, its cost measured, with a budget no run reaches: the load
    // comes from one address, where real public look-ups come from many.
    rateLimit: { perMinute: BENCH_RATE_LIMIT_PER_MINUTE },
    responseCache: readGatewayConfig().responseCache,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('our gateway is not listening on a TCP port');
  return { url: `http://127.0.0.1:${address.port}/graphql` };
});

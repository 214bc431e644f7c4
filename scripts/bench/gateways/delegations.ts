/**
 * What every compared gateway must do for the subgraphs to answer it: verify the client's token with
 * the identity provider's keys and send each subgraph a delegation signed with the gateway's own key
 * for that subgraph alone, with a staff member's stated purpose signed in it — as ours does
 * (`gateway/SubgraphDataSource.ts`). The plain @apollo/gateway
 * and Hive Gateway processes call {@link benchDelegations}, so every gateway pays the same per-hop cost.
 */
import { authenticationFromKeys, type ServiceTrust } from '../../../lib/auth/config.ts';
import { loadDevelopmentKeys } from '../../../lib/auth/deploymentKeys.ts';
import { isStatedPurpose } from '../../../lib/auth/purpose.ts';
import { GATEWAY } from '../../../lib/auth/services.ts';
import { deploymentServices } from '../../../system/topology.ts';
import { KEYS_DIR_ENV, TOKEN_POLICY_ENV } from './protocol.ts';

/**
 * The `Authorization` header a gateway sends `subgraph` for a client that sent `authorization` and,
 * for a staff member's read, the purpose it states (the `onething-purpose` header).
 */
export type DelegationFor = (
  authorization: string | undefined,
  subgraph: string,
  statedPurpose?: string | null,
) => Promise<string>;

/** The benchmark system's keys, as the gateway process's environment names them. */
export async function benchDelegations(env: NodeJS.ProcessEnv = process.env): Promise<DelegationFor> {
  const keysDir = env[KEYS_DIR_ENV];
  if (!keysDir) throw new Error(`${KEYS_DIR_ENV} must name the development keys folder, got nothing`);
  const [issuer, audience] = (env[TOKEN_POLICY_ENV] ?? '').split(' ');
  if (!issuer || !audience) throw new Error(`${TOKEN_POLICY_ENV} must be "<issuer> <audience>"`);
  const trust = authenticationFromKeys(await loadDevelopmentKeys(keysDir, deploymentServices()), {
    issuer,
    audience,
  }).trustFor(GATEWAY);
  return delegationsOf(trust);
}

/** What the gateway whose keys are `trust` sends each subgraph for a client (see {@link DelegationFor}). */
export function delegationsOf(trust: ServiceTrust): DelegationFor {
  const clients = trust.clients;
  if (!clients) throw new Error('the gateway has no identity provider keys');
  return async (authorization, subgraph, statedPurpose) => {
    const identity = await clients.identityOf(authorization);
    // A staff member's stated purpose travels signed in the delegation, as ours sends it: the
    // departments refuse a staff read without one.
    const purpose = statedPurpose && isStatedPurpose(statedPurpose) ? statedPurpose : null;
    return `Bearer ${await trust.signer.delegate(subgraph, identity, purpose)}`;
  };
}

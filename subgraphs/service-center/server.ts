/**
 * The service-center subgraph (政务服务): the one-thing applications, their progress and the 办不成事
 * tickets. It has no department system of its own; it keeps its applications in its own store and works
 * with the departments through their subgraphs. Built, not started: `system/startSystem.ts` listens.
 */
import {
  createSubgraphServer,
  loadSubgraphTypeDefs,
  type SubgraphServer,
  type SubgraphServerOptions,
} from '../kit/server.ts';
import { DEPARTMENT } from './access.ts';
import { ServiceCenterMetrics } from './metrics.ts';
import { resolvers } from './resolvers.ts';
import { ServiceCenter, type ServiceCenterOptions } from './ServiceCenter.ts';

/** The subgraph's name in rover.yaml and its schema file's name. */
export const SUBGRAPH_NAME = DEPARTMENT;

/** Options of {@link buildSubgraph}. */
export interface ServiceCenterSubgraphOptions
  extends SubgraphServerOptions,
    Omit<ServiceCenterOptions, 'subgraphUrl' | 'signer' | 'onErrandSettled'> {
  /** The department subgraphs' URLs by name; read at each call, so it may be filled in later. */
  subgraphUrls?: Record<string, string>;
}

/** Builds the service-center subgraph; it resumes unfinished applications once built. */
export async function buildSubgraph(options: ServiceCenterSubgraphOptions): Promise<SubgraphServer> {
  const urls = options.subgraphUrls ?? {};
  const metrics = new ServiceCenterMetrics();
  const center = await ServiceCenter.open({
    ...options,
    signer: options.trust?.signer,
    subgraphUrl: (department) => urls[department],
    onErrandSettled: metrics.errandSettled,
  });
  const server = await createSubgraphServer(
    {
      name: SUBGRAPH_NAME,
      typeDefs: loadSubgraphTypeDefs(SUBGRAPH_NAME),
      resolvers,
      context: (request) => ({ ...request, center }),
      onClose: () => center.close(),
      gauges: metrics.storeGauges(center.store, center.clock),
      metrics: [metrics.errandDuration],
    },
    options,
  );
  await center.start();
  return server;
}

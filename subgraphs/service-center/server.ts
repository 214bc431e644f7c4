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
import { resolvers } from './resolvers.ts';
import { ServiceCenter, type ServiceCenterOptions } from './ServiceCenter.ts';

/** The subgraph's name in rover.yaml and its schema file's name. */
export const SUBGRAPH_NAME = DEPARTMENT;

/** Options of {@link buildSubgraph}. */
export interface ServiceCenterSubgraphOptions
  extends SubgraphServerOptions,
    Omit<ServiceCenterOptions, 'subgraphUrl' | 'signer'> {
  /** The department subgraphs' URLs by name; read at each call, so it may be filled in later. */
  subgraphUrls?: Record<string, string>;
}

/** Builds the service-center subgraph; it resumes unfinished applications once built. */
export async function buildSubgraph(options: ServiceCenterSubgraphOptions): Promise<SubgraphServer> {
  const urls = options.subgraphUrls ?? {};
  const center = await ServiceCenter.open({
    ...options,
    signer: options.trust?.signer,
    subgraphUrl: (department) => urls[department],
  });
  const server = await createSubgraphServer(
    {
      name: SUBGRAPH_NAME,
      typeDefs: loadSubgraphTypeDefs(SUBGRAPH_NAME),
      resolvers,
      context: (request) => ({ ...request, center }),
      onClose: () => center.close(),
      gauges: [
        {
          name: 'onething_applications',
          help: 'One-thing applications by kind and status.',
          labelNames: ['kind', 'status'],
          read: async () =>
            (await center.store.applicationCounts()).map((row) => ({
              labels: { kind: row.kind, status: row.status },
              value: row.count,
            })),
        },
        {
          name: 'onething_open_tickets',
          help: 'Open 办不成事 tickets by department.',
          labelNames: ['department'],
          read: async () =>
            (await center.store.openTicketCounts()).map((row) => ({
              labels: { department: row.department },
              value: row.count,
            })),
        },
      ],
    },
    options,
  );
  await center.start();
  return server;
}

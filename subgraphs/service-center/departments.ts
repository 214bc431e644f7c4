/**
 * The departments the service-center works with, each reached through its subgraph. Every call
 * carries a delegation signed with the service-center's own key for that department alone, naming the
 * service-center's identity, the citizen it acts for and the application, so a
 * department knows who asks and why — and decides, by its own rules, what that citizen may read. The
 * service-center acts for the applicant unless an errand says otherwise (a child whose guardian
 * applies, a parent who consented). URLs are looked up at each call, so a subgraph that moves (or
 * starts after the service-center) is found.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { ServiceSigner } from '../../lib/auth/delegation.ts';
import { activeTraceHeaders, traceHeadersForWork } from '../../lib/tracing.ts';
import { describeSender, type Sender } from './errands/definition.ts';
import { StepError } from './errands/StepError.ts';
import { type ExecuteOptions, operationName, SubgraphClient } from './SubgraphClient.ts';
import type { ApplicationRow } from './store.ts';

/** Resolves a department's subgraph URL by name. */
export type SubgraphUrlLookup = (department: string) => string | undefined;

/**
 * Who calls a department, and for which application (none before it exists). A step's context is
 * one; a look-up outside the steps names itself.
 */
export interface CallContext {
  /** The step or look-up, with the operations it declares it sends. */
  sender: Sender;
  application?: ApplicationRow;
}

/** One department as one step or look-up calls it. */
export interface DepartmentCaller {
  /**
   * Sends one of the sender's declared operations to the department's subgraph and answers its typed
   * result; see {@link SubgraphClient.execute}.
   *
   * @throws StepError `UNDECLARED_OPERATION` (permanent) for an operation the sender does not declare
   */
  execute<TResult, TVariables>(
    operation: TypedDocumentNode<TResult, TVariables>,
    variables: NoInfer<TVariables>,
    options?: ExecuteOptions,
  ): Promise<TResult>;
}

/** Clients of the department subgraphs, by department name. */
export class Departments {
  readonly #lookup: SubgraphUrlLookup;
  readonly #timeoutMs: number | undefined;
  readonly #signer: ServiceSigner | undefined;
  readonly #clients = new Map<string, SubgraphClient>();

  /** @param signer - signs the service-center's delegations; without it, calls carry none (and are refused) */
  constructor(lookup: SubgraphUrlLookup, options: { timeoutMs?: number; signer?: ServiceSigner } = {}) {
    this.#lookup = lookup;
    this.#timeoutMs = options.timeoutMs;
    this.#signer = options.signer;
  }

  /**
   * A department, called by `context.sender` on `context.application` (none before submission) for
   * `actingFor`: by default the application's applicant, or no one before submission.
   */
  of(
    department: string,
    context: CallContext,
    actingFor: string | null = context.application?.applicantCitizenId ?? null,
  ): DepartmentCaller {
    const { sender, application } = context;
    return {
      execute: async (operation, variables, options) => {
        if (!sender.sends.includes(operation)) {
          throw new StepError(
            'service-center',
            'UNDECLARED_OPERATION',
            `the ${describeSender(sender)} sends ${operationName(operation)} to ${department} without declaring it in its sends`,
            false,
          );
        }
        const token = await this.#signer?.delegate(department, {
          kind: 'service',
          service: 'service-center',
          actingFor,
          applicationId: application?.id ?? null,
        });
        // A call is a child of the active span: the errand step's, or the request's. With none (an
        // errand carried on by nobody's request), every call made for one application falls in one
        // trace, across restarts.
        const active = activeTraceHeaders();
        const trace = active.traceparent
          ? active
          : application
            ? traceHeadersForWork(`application ${application.id}`)
            : {};
        return this.#client(department).execute(
          operation,
          variables,
          token ? { authorization: `Bearer ${token}`, ...trace } : trace,
          options,
        );
      },
    };
  }

  #client(department: string): SubgraphClient {
    const url = this.#lookup(department);
    if (!url) throw new Error(`no subgraph URL is configured for the ${department} department`);
    const cached = this.#clients.get(department);
    if (cached && cached.url === url) return cached;
    const client = new SubgraphClient({ department, url, timeoutMs: this.#timeoutMs });
    this.#clients.set(department, client);
    return client;
  }
}

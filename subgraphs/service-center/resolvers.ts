/**
 * Resolvers of the service-center subgraph: one-thing applications, their items and tickets, and the
 * errands that create them. Who may apply and who may read an application is decided in `access.ts`;
 * an application reached from an answer the caller may already see (their own list, their errand's
 * payload) needs no second check.
 */
import { badUserInput } from '../kit/errors.ts';
import type { RequestInfo } from '../kit/requestContext.ts';
import type { SubgraphResolvers } from '../kit/server.ts';
import {
  DEPARTMENT,
  readableApplication,
  requireApplicationsReader,
  resumableApplication,
} from './access.ts';
import { consentResolvers } from './consents/resolvers.ts';
import type { SchoolEnrolmentInput } from './enrolment/application.ts';
import { enrolmentOutcome } from './enrolment/outcome.ts';
import { type ApplySchoolEnrolmentInput, submitSchoolEnrolment } from './enrolment/submit.ts';
import type { RuleViolation, StepOutcome } from './errands/definition.ts';
import type { RegisterNewbornInput } from './newborn/submit.ts';
import { submitNewborn } from './newborn/submit.ts';
import type { ServiceCenter } from './ServiceCenter.ts';
import type { ApplicationRow, ItemRow } from './store.ts';

const APPLICATION_ID = /^[A-Z]{2}-\d{8}-[A-Z0-9]{6}$/;

/** The resolver context: the service-center, shared by every request, and who is asking. */
export interface ServiceCenterContext extends RequestInfo {
  center: ServiceCenter;
}

function requireApplicationId(id: string): string {
  if (!APPLICATION_ID.test(id)) {
    throw badUserInput(
      DEPARTMENT,
      'id',
      'FORMAT',
      `an application number looks like NB-20261120-7K3Q9X, got ${JSON.stringify(id)}`,
    );
  }
  return id;
}

const outcomeOf = (item: ItemRow) => item.result as StepOutcome | null;

/** The newborn's citizen ID, once the hukou registration step has issued it. */
function newbornOf(center: ServiceCenter, application: ApplicationRow): { citizenId: string } | null {
  const hukou = center.store.items(application.id).find((item) => item.step === 'registerHukou');
  const citizenId = hukou?.status === 'DONE' ? outcomeOf(hukou)?.result.citizenId : undefined;
  return typeof citizenId === 'string' ? { citizenId } : null;
}

export const resolvers: SubgraphResolvers<ServiceCenterContext> = {
  Query: {
    ...consentResolvers.Query,
    application: (_: unknown, args: { id: string }, { center, identity }: ServiceCenterContext) =>
      readableApplication(identity, center.store.application(requireApplicationId(args.id))),
  },

  Mutation: {
    ...consentResolvers.Mutation,
    registerNewborn: async (
      _: unknown,
      args: { input: RegisterNewbornInput },
      { center, identity }: ServiceCenterContext,
    ) => {
      const submitted = await submitNewborn(center, identity, args.input);
      const application = await center.settle(submitted.id);
      return { application, newborn: newbornOf(center, application) };
    },

    applySchoolEnrolment: async (
      _: unknown,
      args: { input: ApplySchoolEnrolmentInput },
      { center, identity }: ServiceCenterContext,
    ) => {
      const submitted = await submitSchoolEnrolment(center, identity, args.input);
      const application = await center.settle(submitted.id);
      return { application, child: { citizenId: (submitted.input as SchoolEnrolmentInput).child.citizenId } };
    },

    resumeApplication: async (
      _: unknown,
      args: { id: string },
      { center, identity }: ServiceCenterContext,
    ) => {
      const id = requireApplicationId(args.id);
      const application = resumableApplication(identity, id, center.store.application(id));
      return center.resume(application.id);
    },
  },

  Application: {
    // Async, so a refusal nulls this entity alone, not every entity of the request.
    __resolveReference: async (reference: { id: string }, { center, identity }: ServiceCenterContext) =>
      readableApplication(identity, center.store.application(reference.id)),
    applicant: (application: ApplicationRow) => ({ citizenId: application.applicantCitizenId }),
    awaitingConsentFrom: (application: ApplicationRow, _: unknown, { center }: ServiceCenterContext) => {
      const awaited = center.engine.awaitedConsent(application);
      return awaited ? { citizenId: awaited.grantorCitizenId } : null;
    },
    awaitingConsentBecause: (application: ApplicationRow, _: unknown, { center }: ServiceCenterContext) => {
      const awaited = center.engine.awaitedConsent(application);
      return awaited ? (center.consents.refusal(awaited, application.id) ?? null) : null;
    },
    items: (application: ApplicationRow, _: unknown, { center }: ServiceCenterContext) => {
      const titles = new Map(center.engine.stepsOf(application.kind).map((step) => [step.name, step.title]));
      return center.store.items(application.id).map((item) => ({
        ...item,
        title: titles.get(item.step) ?? item.step,
        reference: outcomeOf(item)?.reference ?? null,
      }));
    },
    tickets: (application: ApplicationRow, _: unknown, { center }: ServiceCenterContext) =>
      center.store.tickets(application.id),
    rejections: (
      application: ApplicationRow,
      _: unknown,
      { center }: ServiceCenterContext,
    ): RuleViolation[] =>
      application.status === 'REJECTED'
        ? center.store.items(application.id).flatMap((item) => outcomeOf(item)?.violations ?? [])
        : [],
    enrolment: (application: ApplicationRow, _: unknown, { center }: ServiceCenterContext) =>
      enrolmentOutcome(application, center.store.items(application.id)),
  },

  Consent: consentResolvers.Consent,

  Person: {
    __resolveReference: (reference: { citizenId: string }) => reference,
    applications: (person: { citizenId: string }, _: unknown, { center, identity }: ServiceCenterContext) => {
      requireApplicationsReader(identity, person.citizenId);
      return center.store.applicationsOf(person.citizenId);
    },
  },
};

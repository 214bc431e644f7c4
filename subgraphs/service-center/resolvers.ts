/**
 * Resolvers of the service-center subgraph: one-thing applications, their items and tickets, and the
 * errands that create them. Who may apply and who may read an application is decided in `access.ts`;
 * an application reached from an answer the caller may already see (their own list, their errand's
 * payload) needs no second check. What the answer shows of it is decided per reader: the people it
 * names whole or masked (`people.ts`), its messages whole or withheld (`messages.ts`).
 */

import { isMaskedCitizenId } from '../../lib/citizenId.ts';
import { isMessageKey, type MessageKey, render, text } from '../../lib/i18n/messages.ts';
import { forbidden, readerCitizenId } from '../kit/access.ts';
import { dataUseOf, requireDataUseReader } from '../kit/dataUses.ts';
import { badUserInput } from '../kit/errors.ts';
import type { RequestInfo } from '../kit/requestContext.ts';
import type { SubgraphResolvers } from '../kit/server.ts';
import {
  DEPARTMENT,
  familyOf,
  readableApplication,
  requireApplicationsReader,
  resumableApplication,
} from './access.ts';
import { enterpriseOf } from './applicationEnterprise.ts';
import { consentResolvers } from './consents/resolvers.ts';
import type { SchoolEnrolmentInput } from './enrolment/application.ts';
import { enrolmentOutcome, enrolmentOutcomeFor } from './enrolment/outcome.ts';
import { type ApplySchoolEnrolmentInput, submitSchoolEnrolment } from './enrolment/submit.ts';
import {
  type ChangeEnterpriseRegistrationRequest,
  submitEnterpriseChange,
} from './enterpriseChange/submit.ts';
import type { RuleViolation, StepOutcome } from './errands/definition.ts';
import { factsReaderFor, findingFor, messageFor } from './messages.ts';
import type { RegisterNewbornInput } from './newborn/submit.ts';
import { submitNewborn } from './newborn/submit.ts';
import { outcomeOfError } from './ProcessingLog.ts';
import { childOfApplication, personFor } from './people.ts';
import { followApplication } from './progress/applicationProgress.ts';
import { type OpenRestaurantRequest, submitRestaurant } from './restaurant/submit.ts';
import type { ServiceCenter } from './ServiceCenter.ts';
import type { ApplicationRow, ItemRow } from './store.ts';
import { ticketResolvers } from './tickets/resolvers.ts';

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
      text('serviceCenter.applicationIdFormat', { got: JSON.stringify(id) }),
    );
  }
  return id;
}

const outcomeOf = (item: ItemRow) => item.result as StepOutcome | null;

/** The items of each application a request has read, read once per request. */
const itemsByRequest = new WeakMap<object, Map<string, Promise<ItemRow[]>>>();

/**
 * An application's items, read once per request: every field of an answer (the items, the rejections,
 * the child whom the parents see) shows the same state, for one query. Read after the request's own
 * errand has settled — a mutation reads them only once its application is answered.
 */
function itemsOf(context: ServiceCenterContext, applicationId: string): Promise<ItemRow[]> {
  let read = itemsByRequest.get(context);
  if (!read) {
    read = new Map();
    itemsByRequest.set(context, read);
  }
  let items = read.get(applicationId);
  if (!items) {
    items = context.center.store.items(applicationId);
    read.set(applicationId, items);
  }
  return items;
}

/** The minor child an application is about, and its parents: whom the parents see in full. */
const childOf = (context: ServiceCenterContext, application: ApplicationRow) =>
  childOfApplication(application, () => itemsOf(context, application.id));

/** Everyone an application concerns: its family — applicant and the parents named — and the child. */
async function subjectsWith(application: ApplicationRow, items: () => Promise<ItemRow[]>): Promise<string[]> {
  const child = await childOfApplication(application, items);
  return [...familyOf(application), child?.citizenId ?? null].filter(
    (citizenId): citizenId is string => citizenId !== null,
  );
}

/** {@link subjectsWith} the items as this request reads them. */
const subjectsOf = (context: ServiceCenterContext, application: ApplicationRow) =>
  subjectsWith(application, () => itemsOf(context, application.id));

/** What recording an application's submission adds once it is known: its purpose and family. */
const submission =
  () =>
  ({ application, subjects }: { application: ApplicationRow; subjects: string[] }) => ({
    purpose: `application ${application.id}`,
    actingFor: application.applicantCitizenId,
    subjects,
  });

/**
 * An application read by number (the query, or an entity reference), recorded in the audit log unless
 * its applicant reads it — refused reads too, naming the family of an application that exists.
 */
async function readApplication(context: ServiceCenterContext, id: string): Promise<ApplicationRow | null> {
  const { center, identity, requestId } = context;
  const application = await center.store.application(id);
  const reader = readerCitizenId(identity);
  const subjects = application ? await subjectsOf(context, application) : [];
  const record = (outcome: number) =>
    center.processing.record({
      by: identity,
      actingFor: application?.applicantCitizenId ?? null,
      purpose: `application ${id}`,
      action: 'read application',
      subjects,
      outcome,
      requestId,
    });
  let readable: ApplicationRow | null;
  try {
    readable = readableApplication(identity, application);
  } catch (error) {
    await record(outcomeOfError(error));
    throw error;
  }
  if (readable && reader !== readable.applicantCitizenId) await record(200);
  return readable;
}

export const resolvers: SubgraphResolvers<ServiceCenterContext> = {
  Query: {
    ...consentResolvers.Query,
    ...ticketResolvers.Query,
    application: (_: unknown, args: { id: string }, context: ServiceCenterContext) =>
      readApplication(context, requireApplicationId(args.id)),
  },

  Mutation: {
    ...consentResolvers.Mutation,
    ...ticketResolvers.Mutation,
    registerNewborn: async (
      _: unknown,
      args: { input: RegisterNewbornInput },
      context: ServiceCenterContext,
    ) => {
      const { center, identity, requestId } = context;
      return center.processing.recorded(
        { by: identity, purpose: null, action: 'registerNewborn', subjects: [], requestId },
        async () => {
          const submitted = await submitNewborn(center, identity, args.input);
          const application = await center.settle(submitted.id);
          const child = await childOf(context, application);
          const subjects = await subjectsOf(context, application);
          return { application, subjects, newborn: child && personFor(identity, child.citizenId, { child }) };
        },
        submission(),
      );
    },

    applySchoolEnrolment: async (
      _: unknown,
      args: { input: ApplySchoolEnrolmentInput },
      context: ServiceCenterContext,
    ) => {
      const { center, identity, requestId } = context;
      return center.processing.recorded(
        // Refused, the child named is the subject: their parents learn someone tried.
        {
          by: identity,
          purpose: null,
          action: 'applySchoolEnrolment',
          subjects: [args.input.childCitizenId],
          requestId,
        },
        async () => {
          const submitted = await submitSchoolEnrolment(center, identity, args.input);
          const application = await center.settle(submitted.id);
          // The caller gave the child's ID: answering it whole tells them nothing new.
          const child = (submitted.input as SchoolEnrolmentInput).child.citizenId;
          const subjects = await subjectsOf(context, application);
          return { application, subjects, child: personFor(identity, child, { namedByReader: true }) };
        },
        submission(),
      );
    },

    openRestaurant: async (
      _: unknown,
      args: { input: OpenRestaurantRequest },
      context: ServiceCenterContext,
    ) => {
      const { center, identity, requestId } = context;
      return center.processing.recorded(
        { by: identity, purpose: null, action: 'openRestaurant', subjects: [], requestId },
        async () => {
          const submitted = await submitRestaurant(center, identity, args.input);
          const application = await center.settle(submitted.id);
          const subjects = await subjectsOf(context, application);
          return {
            application,
            subjects,
            enterprise: enterpriseOf(application, await itemsOf(context, application.id)),
          };
        },
        submission(),
      );
    },

    changeEnterpriseRegistration: async (
      _: unknown,
      args: { input: ChangeEnterpriseRegistrationRequest },
      context: ServiceCenterContext,
    ) => {
      const { center, identity, requestId } = context;
      return center.processing.recorded(
        { by: identity, purpose: null, action: 'changeEnterpriseRegistration', subjects: [], requestId },
        async () => {
          const submitted = await submitEnterpriseChange(center, identity, args.input);
          const application = await center.settle(submitted.id);
          const subjects = await subjectsOf(context, application);
          // The enterprise is the one the input names: no item needs reading.
          return { application, subjects, enterprise: enterpriseOf(application, []) };
        },
        submission(),
      );
    },

    resumeApplication: async (
      _: unknown,
      args: { id: string },
      { center, identity, requestId }: ServiceCenterContext,
    ) => {
      const id = requireApplicationId(args.id);
      const stored = await center.store.application(id);
      return center.processing.recorded(
        {
          by: identity,
          actingFor: stored?.applicantCitizenId ?? null,
          purpose: `application ${id}`,
          action: 'resumeApplication',
          // Read before the resume changes them: not this request's later view of the items.
          subjects: stored ? await subjectsWith(stored, () => center.store.items(id)) : [],
          requestId,
        },
        () => center.resume(resumableApplication(identity, id, stored).id),
      );
    },
  },

  Subscription: {
    applicationProgress: {
      subscribe: (_: unknown, args: { id: string }, context: ServiceCenterContext) => {
        const id = requireApplicationId(args.id);
        return followApplication(
          { changes: context.center.changes, current: (each) => context.center.store.application(each) },
          id,
          () => readApplication(context, id),
        );
      },
      resolve: (application: ApplicationRow) => application,
    },
  },

  Application: {
    // Async, so a refusal nulls this entity alone, not every entity of the request.
    __resolveReference: async (reference: { id: string }, context: ServiceCenterContext) =>
      readApplication(context, reference.id),
    applicant: async (application: ApplicationRow, _: unknown, context: ServiceCenterContext) =>
      personFor(context.identity, application.applicantCitizenId, {
        child: await childOf(context, application),
      }),
    // The applicant sees whom the consent is awaited from — masked, unless it is themselves.
    awaitingConsentFrom: (
      application: ApplicationRow,
      _: unknown,
      { center, identity }: ServiceCenterContext,
    ) => {
      const awaited = center.engine.awaitedConsent(application);
      return awaited ? personFor(identity, awaited.grantorCitizenId) : null;
    },
    awaitingConsentBecause: async (
      application: ApplicationRow,
      _: unknown,
      { center }: ServiceCenterContext,
    ) => {
      const awaited = center.engine.awaitedConsent(application);
      return awaited ? ((await center.consents.refusal(awaited, application.id)) ?? null) : null;
    },
    items: async (application: ApplicationRow, _: unknown, context: ServiceCenterContext) => {
      const { center, identity } = context;
      const reader = factsReaderFor(identity);
      const titles = new Map(center.engine.stepsOf(application.kind).map((step) => [step.name, step.title]));
      return (await itemsOf(context, application.id)).map((item) => ({
        ...item,
        // The catalogue's name of the step in the reader's language; the step's own (Chinese) otherwise.
        title: isMessageKey(`step.${item.step}`)
          ? render(context.language, { key: `step.${item.step}` as MessageKey })
          : (titles.get(item.step) ?? item.step),
        reason:
          item.reason === null
            ? null
            : messageFor(reader, context.language, item.reasonText ?? item.reason, item.reasonFacts),
        // What a department issued (a record number, a citizen ID) is that department's record.
        reference: reader(item.department) ? (outcomeOf(item)?.reference ?? null) : null,
      }));
    },
    // What each reader may read of a ticket's texts is decided by the Ticket resolvers.
    tickets: (application: ApplicationRow, _: unknown, { center }: ServiceCenterContext) =>
      center.store.tickets(application.id),
    rejections: async (
      application: ApplicationRow,
      _: unknown,
      context: ServiceCenterContext,
    ): Promise<RuleViolation[]> => {
      if (application.status !== 'REJECTED') return [];
      const reader = factsReaderFor(context.identity);
      return (await itemsOf(context, application.id))
        .flatMap((item) => outcomeOf(item)?.violations ?? [])
        .map((violation) => findingFor(reader, context.language, violation));
    },
    enrolment: async (application: ApplicationRow, _: unknown, context: ServiceCenterContext) =>
      enrolmentOutcomeFor(
        factsReaderFor(context.identity),
        context.language,
        enrolmentOutcome(application, await itemsOf(context, application.id)),
      ),
    enterprise: async (application: ApplicationRow, _: unknown, context: ServiceCenterContext) =>
      enterpriseOf(application, await itemsOf(context, application.id)),
  },

  Consent: consentResolvers.Consent,

  Ticket: ticketResolvers.Ticket,

  Person: {
    __resolveReference: (reference: { citizenId: string }) => reference,
    applications: (
      person: { citizenId: string },
      _: unknown,
      { center, identity, requestId }: ServiceCenterContext,
    ) => {
      const list = () => {
        requireApplicationsReader(identity, person.citizenId);
        return center.store.applicationsOf(person.citizenId);
      };
      // The person listing their own is no use of their data by someone else; anyone else's is.
      if (readerCitizenId(identity) === person.citizenId) return list();
      return center.processing.recorded(
        { by: identity, purpose: null, action: 'list applications', subjects: [person.citizenId], requestId },
        list,
      );
    },
    serviceCenterDataUses: (
      person: { citizenId: string },
      _: unknown,
      { center, identity, requestId }: ServiceCenterContext,
    ) => {
      const read = async () => {
        if (isMaskedCitizenId(person.citizenId)) throw forbidden(DEPARTMENT, text('refused.maskedDataUses'));
        requireDataUseReader(DEPARTMENT, identity, person.citizenId);
        const entries = await center.processing.entriesAbout(person.citizenId);
        return entries.map((entry) => dataUseOf(person.citizenId, entry));
      };
      if (readerCitizenId(identity) === person.citizenId) return read();
      // An auditor reading the log is recorded in it, and shows in the person's list.
      return center.processing.recorded(
        { by: identity, purpose: null, action: 'read data uses', subjects: [person.citizenId], requestId },
        read,
      );
    },
  },
};

/**
 * Who may read what education holds about a person: the person, whoever public security grants (a
 * parent of a minor, a household member, the service-center acting for one) and staff with
 * `education:read`. Schools and school districts are public and need no check; the department's acts
 * are checked where they are resolved (`requireActCaller`). The rule itself is the kit's
 * (`createPersonAccess`, `requireReadAccess`).
 */

export type { PersonReference } from '../kit/access.ts';

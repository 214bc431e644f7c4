/**
 * Who may read what education holds about a person: the person, whoever public security grants (a
 * parent of a minor, a household member, the service-center acting for one) and staff with
 * `education:read`. Schools and school districts are public and need no check; the department's acts
 * are checked where they are resolved (`requireActCaller`). The rule itself is the kit's
 * (`createPersonAccess`, `requireReadAccess`). The child a school-age registration names appears
 * as the kit's `EntitledPeople` shows them: whole to the child, a reader holding the child's grant,
 * staff with `education:read`, the service-center and the staff who registered them; masked to
 * everyone else.
 */

export type { PersonReference } from '../kit/access.ts';

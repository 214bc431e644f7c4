/**
 * Why a staff member reads a person's data (PIPL art. 6, purpose limitation): a staff read names the
 * case or the application it serves, or it is refused. Staff state it to the gateway in the
 * `OneThing-Purpose` header; the gateway checks its form and signs it into each subgraph's delegation
 * (`delegation.ts`), which carries it to the department systems' audit logs. A header reaching a
 * subgraph or a department system directly is never read: the purpose counts only signed.
 *
 * | stated purpose | for |
 * | --- | --- |
 * | `case <reference>` | a department's own case file: a counter ticket, a complaint, a check |
 * | `application <reference>` | a one-thing application, e.g. `application NB-20261120-7K3Q9X` |
 *
 * A reference is 1–64 letters, digits, `.`, `_`, `/` or `-`, starting with a letter or a digit.
 * Other purposes the gateway signs itself, never stated: `operation <name>` (a citizen's or a
 * hospital's request, named by the client's operation; never a reason for staff to read) and
 * `act <name>` (a staff member's mutation without a stated purpose: the act — the application it
 * creates, the move it makes — is its own purpose, and what its answer shows is read for it).
 */

/** The header staff state their purpose in, at the gateway (lower-case, as Node reads headers). */
export const PURPOSE_HEADER = 'onething-purpose';

/** The kinds of purpose a staff member may state. */
export const STATED_PURPOSE_KINDS = ['case', 'application'] as const;

/** A kind of {@link STATED_PURPOSE_KINDS}. */
export type StatedPurposeKind = (typeof STATED_PURPOSE_KINDS)[number];

const STATED_PURPOSE = /^(case|application) ([A-Za-z0-9][A-Za-z0-9._/-]{0,63})$/;

/** The form of a stated purpose, as errors name it. */
export const STATED_PURPOSE_FORM = 'case <reference> or application <reference>';

/** The outcome of reading a stated purpose: the purpose as signed, or why it is not one. */
export type StatedPurposeParse =
  | { ok: true; value: string; kind: StatedPurposeKind; reference: string }
  | { ok: false; message: string };

/**
 * Reads a stated purpose, e.g. `case HZ-2026-0042`: the kind, one space, the reference. Surrounding
 * white space is dropped; anything else not in the form is refused, saying what was expected.
 */
export function parseStatedPurpose(text: string): StatedPurposeParse {
  const trimmed = text.trim();
  const match = STATED_PURPOSE.exec(trimmed);
  if (!match) {
    return {
      ok: false,
      message: `a purpose is ${STATED_PURPOSE_FORM} (1–64 letters, digits, . _ / -), got ${JSON.stringify(text.slice(0, 100))}`,
    };
  }
  return {
    ok: true,
    value: trimmed,
    kind: match[1] as StatedPurposeKind,
    reference: match[2] as string,
  };
}

/**
 * True when a signed purpose names a case or an application: the only purposes a staff member reads
 * personal data for. `operation …` (what the gateway signs without a stated purpose) and null are not.
 */
export function isStatedPurpose(purpose: string | null | undefined): boolean {
  return typeof purpose === 'string' && STATED_PURPOSE.test(purpose);
}

const ACT_PURPOSE = /^act [A-Za-z_][A-Za-z0-9_]{0,99}$|^act$/;

/** The purpose the gateway signs for a staff member's mutation that states none: `act <operation>`. */
export function actPurpose(operationName: string | null | undefined): string {
  return operationName ? `act ${operationName.slice(0, 100)}` : 'act';
}

/**
 * True when a signed purpose lets a staff member read personal data: a stated case or application
 * ({@link isStatedPurpose}) or an act of theirs ({@link actPurpose}).
 */
export function isStaffReadPurpose(purpose: string | null | undefined): boolean {
  return isStatedPurpose(purpose) || (typeof purpose === 'string' && ACT_PURPOSE.test(purpose));
}

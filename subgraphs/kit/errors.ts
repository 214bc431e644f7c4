/**
 * The GraphQL errors subgraphs raise. Every error carries `extensions.code`; errors about a department
 * also carry `extensions.department`, so a client knows which department to blame or to call.
 */
import type { GraphQLError } from 'graphql';
import { localizedError } from '../../lib/i18n/errors.ts';
import type { Text } from '../../lib/i18n/messages.ts';

/** Why a department system call failed, in `extensions.reason`. */
export type DepartmentFailure =
  /** The connection was refused or dropped. */
  | 'UNREACHABLE'
  /** No answer within the configured timeout. */
  | 'TIMEOUT'
  /** The department answered with a 5xx status. */
  | 'HTTP_ERROR'
  /** The answer was not JSON, or not the shape the contract promises. */
  | 'MALFORMED_RESPONSE';

/**
 * A department's system failed to answer: `DOWNSTREAM_SERVICE_ERROR`. The fields it would have
 * supplied are null; other departments' fields still arrive.
 */
export function departmentUnavailable(
  department: string,
  reason: DepartmentFailure,
  detail: Text,
  httpStatus?: number,
): GraphQLError {
  return localizedError(
    'department.failed',
    { department, detail },
    {
      extensions: {
        code: 'DOWNSTREAM_SERVICE_ERROR',
        department,
        reason,
        ...(httpStatus ? { httpStatus } : {}),
      },
    },
  );
}

/**
 * A department's system refused a request on its own rules (a 4xx with an error code):
 * `DEPARTMENT_REJECTED`, with the department's code in `reason` and its explanation in the message
 * (department systems explain in English; the code is what a client keys on).
 */
export function departmentRejected(
  department: string,
  departmentCode: string,
  message: string,
  httpStatus: number,
  details?: unknown,
): GraphQLError {
  return localizedError(
    'department.rejected',
    { department, detail: message },
    {
      extensions: {
        code: 'DEPARTMENT_REJECTED',
        department,
        reason: departmentCode,
        httpStatus,
        ...(details === undefined ? {} : { details }),
      },
    },
  );
}

/** Bad input from the client: `BAD_USER_INPUT`, naming the argument and the problem. */
export function badUserInput(
  department: string,
  argument: string,
  reason: string,
  message: Text,
): GraphQLError {
  return localizedError(message.key, message.params, {
    extensions: { code: 'BAD_USER_INPUT', department, argument, reason },
  });
}

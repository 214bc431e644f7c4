/**
 * The GraphQL errors subgraphs raise. Every error carries `extensions.code`; errors about a department
 * also carry `extensions.department`, so a client knows which department to blame or to call.
 */
import { GraphQLError } from 'graphql';

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
  detail: string,
  httpStatus?: number,
): GraphQLError {
  return new GraphQLError(`the ${department} department system failed: ${detail}`, {
    extensions: {
      code: 'DOWNSTREAM_SERVICE_ERROR',
      department,
      reason,
      ...(httpStatus ? { httpStatus } : {}),
    },
  });
}

/**
 * A department's system refused a request on its own rules (a 4xx with an error code):
 * `DEPARTMENT_REJECTED`, with the department's code in `reason` and its explanation as the message.
 */
export function departmentRejected(
  department: string,
  departmentCode: string,
  message: string,
  httpStatus: number,
  details?: unknown,
): GraphQLError {
  return new GraphQLError(`${department}: ${message}`, {
    extensions: {
      code: 'DEPARTMENT_REJECTED',
      department,
      reason: departmentCode,
      httpStatus,
      ...(details === undefined ? {} : { details }),
    },
  });
}

/** Bad input from the client: `BAD_USER_INPUT`, naming the argument and the problem. */
export function badUserInput(
  department: string,
  argument: string,
  reason: string,
  message: string,
): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', department, argument, reason },
  });
}

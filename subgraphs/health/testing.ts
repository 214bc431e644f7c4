/**
 * Authentication for the health subgraph's tests: the subgraph kit's in-memory keys, verifier, issuer
 * and access-grant secret (see `subgraphs/kit/testing.ts`).
 */
export { createTestAuthentication, type TestAuthentication } from '../kit/testing.ts';

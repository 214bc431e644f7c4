/**
 * Test tokens for the explorer (development only): the integrator picks an identity — a citizen ID,
 * `staff:<department>[:<scope>,…]` or `hospital:<id>`, as `npm run token` takes them — and the
 * gateway signs a token for it with the development key. With real keys it signs nothing.
 */
import { z } from 'zod';
import type { Authentication } from '../../lib/auth/config.ts';
import { parseIdentity } from '../../lib/auth/identity.ts';
import type { ExplorerToken } from './contract.ts';

/** How long a test token lasts: a working day, as `npm run token`'s. */
export const EXPLORER_TOKEN_TTL_SECONDS = 12 * 3600;

/** Why a token was refused: the HTTP status, the error code and the reason. */
export class TokenRefusal extends Error {
  constructor(
    readonly status: 400 | 403,
    readonly code: 'BAD_USER_INPUT' | 'FORBIDDEN',
    message: string,
  ) {
    super(message);
    this.name = 'TokenRefusal';
  }
}

const tokenRequest = z.object({ identity: z.string().trim().min(1).max(200) });

/**
 * Signs a test token for the identity a request body names (`{ "identity": "…" }`).
 *
 * @throws TokenRefusal 403 `FORBIDDEN` when the keys are not the development keys; 400
 *   `BAD_USER_INPUT` for a body without an identity, an identity that does not parse, or a service's
 */
export async function mintExplorerToken(
  authentication: Pick<Authentication, 'issuer' | 'development'>,
  body: unknown,
  now: Date = new Date(),
): Promise<ExplorerToken> {
  if (!authentication.development) {
    throw new TokenRefusal(
      403,
      'FORBIDDEN',
      'this gateway signs with real keys: the explorer mints test tokens only with the development keys',
    );
  }
  const request = tokenRequest.safeParse(body);
  if (!request.success) {
    throw new TokenRefusal(
      400,
      'BAD_USER_INPUT',
      'send { "identity": "<citizen ID | staff:<department>[:<scope>,…] | hospital:<id>>" }',
    );
  }
  const { identity } = request.data;
  let parsed: ReturnType<typeof parseIdentity>;
  try {
    parsed = parseIdentity(identity);
  } catch (error) {
    throw new TokenRefusal(400, 'BAD_USER_INPUT', (error as Error).message);
  }
  // A service signs its own tokens, for one application it acts on: a bare service token is no test identity.
  if (parsed.kind === 'service') {
    throw new TokenRefusal(
      400,
      'BAD_USER_INPUT',
      `test tokens are for citizens, staff and hospitals; ${identity} is a service, which signs its own`,
    );
  }
  const token = await authentication.issuer.mint(parsed, { ttlSeconds: EXPLORER_TOKEN_TTL_SECONDS, now });
  const expiresAt = new Date(Math.floor(now.getTime() / 1000) * 1000 + EXPLORER_TOKEN_TTL_SECONDS * 1000);
  return { identity, token, expiresAt: expiresAt.toISOString() };
}

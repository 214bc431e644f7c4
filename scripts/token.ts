/**
 * `npm run -s token -- <identity>`: prints a development token for a seeded identity, and nothing else,
 * so it can be used as `Authorization: Bearer $(npm run -s token -- 500103198910149170)`.
 *
 * Identities: a citizen ID; `staff:<department>[:<scope>,…]` (e.g. `staff:health:health:read`);
 * `hospital:<id>`. Signed with the development key (made on first use under `<DATA_DIR>/dev-keys/`);
 * refused when the configured keys are not the development keys.
 */
import { loadAuthentication } from '../lib/auth/config.ts';
import { parseIdentity } from '../lib/auth/identity.ts';

const [text] = process.argv.slice(2);
if (!text) {
  console.error('usage: npm run -s token -- <citizen ID | staff:<department>[:<scope>,…] | hospital:<id>>');
  process.exit(2);
}
try {
  const identity = parseIdentity(text);
  const authentication = await loadAuthentication();
  if (!authentication.development) throw new Error('the token command only signs with the development keys');
  console.log(await authentication.issuer.mint(identity, { ttlSeconds: 12 * 3600 }));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

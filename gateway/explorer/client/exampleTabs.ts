/** The tab of an example operation: its text, its variables and a token of the identity it names. */
import type { ExampleOperation } from '../contract.ts';
import { withBearerToken, withPurpose } from './headers.ts';
import type { TestTokens } from './testTokens.ts';

/** The contents of one tab, as GraphiQL's editors hold them. */
export interface ExampleTab {
  query: string;
  /** JSON of the variables. */
  variables: string;
  /**
   * JSON of the headers: `Authorization` when the operation names an identity and a token was minted,
   * `OneThing-Purpose` when it names a purpose.
   */
  headers: string;
}

/** The tab of an example operation; without a token when none can be minted (the identity panel says why). */
export async function tabOf(
  operation: ExampleOperation,
  tokens: TestTokens | undefined,
): Promise<ExampleTab> {
  let headers = '';
  if (operation.identity && tokens) {
    try {
      headers = withBearerToken('', await tokens.tokenFor(operation.identity));
    } catch {
      // The tab opens without a token; choosing the identity in the panel shows the gateway's reason.
    }
  }
  headers = withPurpose(headers, operation.purpose);
  return { query: operation.query, variables: JSON.stringify(operation.variables, null, 2), headers };
}

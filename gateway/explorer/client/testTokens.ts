/**
 * The test tokens this page has minted, by identity, so a tab shows whom its token speaks for and the
 * same identity is not signed for again while its token lasts.
 */
import type { ExplorerToken } from '../contract.ts';
import { mintToken } from './api.ts';

/** A token this close to its expiry is replaced rather than reused. */
const RENEW_BEFORE_MS = 10 * 60 * 1000;

/** The tokens of this page. */
export class TestTokens {
  /** Tokens minted or being minted, by identity: tabs of one identity opened together share one. */
  private readonly byIdentity = new Map<string, Promise<ExplorerToken>>();
  private readonly identityByToken = new Map<string, string>();

  /** A token for the identity: the one already minted while it lasts, else a new one from the gateway. */
  async tokenFor(identity: string): Promise<string> {
    const known = await this.byIdentity.get(identity)?.catch(() => undefined);
    if (known && Date.parse(known.expiresAt) - Date.now() > RENEW_BEFORE_MS) return known.token;
    const minting = mintToken(identity);
    this.byIdentity.set(identity, minting);
    try {
      const minted = await minting;
      this.identityByToken.set(minted.token, identity);
      return minted.token;
    } catch (error) {
      // A refusal is not remembered: the next attempt asks the gateway again.
      if (this.byIdentity.get(identity) === minting) this.byIdentity.delete(identity);
      throw error;
    }
  }

  /** The identity a token of this page was minted for; undefined for a token typed in by hand. */
  identityOf(token: string): string | undefined {
    return this.identityByToken.get(token);
  }
}

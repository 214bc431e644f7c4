/**
 * Where a verifier finds its public keys, and how a key taken out of a set stops being trusted: a JSON
 * Web Key Set held in memory, read from a file and read again every `refreshSeconds`, or fetched from
 * an `https://` URL and cached for as long. A key removed from the file or the URL is not trusted after
 * the next refresh; verifiers remember what they verified no longer than that (see {@link trustedFor}).
 */
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

/** How often a key set is read again by default: five minutes. */
export const DEFAULT_KEY_REFRESH_SECONDS = 300;

/** A key set's source. */
export type KeySource = JSONWebKeySet | { file: string } | URL;

/** Reads a key set file, failing with a message naming the file. */
export function readKeySetFile(file: string): JSONWebKeySet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the key set ${file}: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || !Array.isArray((parsed as JSONWebKeySet).keys)) {
    throw new Error(`${file} is not a JSON Web Key Set (an object with "keys")`);
  }
  return parsed as JSONWebKeySet;
}

/** A key set that follows its source, read again at most every `refreshSeconds`. */
export class RefreshingKeySet {
  readonly #source: KeySource;
  readonly #refreshMs: number;
  #keys: JSONWebKeySet | undefined;
  #getKey: JWTVerifyGetKey | undefined;
  #readAt = 0;
  #generation = 0;

  constructor(source: KeySource, refreshSeconds = DEFAULT_KEY_REFRESH_SECONDS) {
    this.#source = source;
    this.#refreshMs = refreshSeconds * 1000;
    if (source instanceof URL) {
      this.#getKey = createRemoteJWKSet(source, { cacheMaxAge: this.#refreshMs, cooldownDuration: 30_000 });
    } else {
      this.#reload();
    }
  }

  /** How long anything verified with these keys may be remembered, in ms. */
  get refreshMs(): number {
    return this.#refreshMs;
  }

  /** Counts the times the set changed: a verifier's memory of verified tokens is only good for one. */
  get generation(): number {
    this.#refreshIfDue();
    return this.#generation;
  }

  /** The current keys (not for a URL source, whose keys jose fetches as needed). */
  get keys(): JSONWebKeySet {
    this.#refreshIfDue();
    return this.#keys ?? { keys: [] };
  }

  /** The key-lookup function jose verifies with, current as of the last refresh. */
  get getKey(): JWTVerifyGetKey {
    this.#refreshIfDue();
    return this.#getKey as JWTVerifyGetKey;
  }

  #refreshIfDue(): void {
    if (!('file' in this.#source) || Date.now() - this.#readAt < this.#refreshMs) return;
    try {
      this.#reload();
    } catch {
      // A file being replaced may be unreadable for a moment: keep the keys read last, try again later.
      this.#readAt = Date.now();
    }
  }

  #reload(): void {
    const source = this.#source;
    const keys = 'file' in source ? readKeySetFile(source.file) : (source as JSONWebKeySet);
    this.#readAt = Date.now();
    if (this.#keys && JSON.stringify(this.#keys) === JSON.stringify(keys)) return;
    this.#keys = keys;
    this.#getKey = createLocalJWKSet(keys);
    this.#generation += 1;
  }
}

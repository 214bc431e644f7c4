/**
 * The witness of a department's audit log: the chain head (newest entry's seq and MAC), signed with the
 * department system's own ES256 key at least every minute and on shutdown, appended to a log outside
 * the department's database — `<DATA_DIR>/audit-witness/<department>.jsonl`, one line
 * `{ seq, hash, at, signature }` per head, opened append-only and never rewritten. `audit:verify`
 * checks that the database still holds every witnessed head, so removing the newest entries, or
 * rewriting the whole chain, is detected. On a real deployment the file belongs on storage the
 * department's database administrator cannot rewrite (another host, or `chattr +a`).
 */
import { createPublicKey, type JsonWebKey, verify } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeJwt, decodeProtectedHeader, type JWK } from 'jose';
import { type ServiceSigner, serviceOfKeyId } from '../auth/delegation.ts';
import type { AuditHead } from './auditLog.ts';

/** The JOSE type of a signed head. */
export const AUDIT_HEAD_TOKEN_TYPE = 'onething-audit-head+jwt';

/** How often the head is signed when the log grew; once a minute. */
export const WITNESS_INTERVAL_MS = 60_000;

/** How long a signed head's JWT is valid: a year — it is evidence, not a credential. */
const SIGNED_HEAD_TTL_SECONDS = 365 * 86_400;

/** One witnessed head, as a line of the witness log. */
export interface WitnessedHead extends AuditHead {
  /** When it was signed (ISO 8601). */
  at: string;
  /** The JWT the department system signed `{ seq, hash }` with. */
  signature: string;
}

/** Where the signed heads go: a file, or memory (in-memory stores in tests). */
export interface WitnessSink {
  append(head: WitnessedHead): void;
  /** The newest head witnessed, to sign only when the log grew. */
  last(): WitnessedHead | undefined;
}

/** The witness log of `department` under `dataDir`. */
export function witnessFile(dataDir: string, department: string): string {
  return path.join(dataDir, 'audit-witness', `${department}.jsonl`);
}

/**
 * True when `token` is a signed head (JOSE type {@link AUDIT_HEAD_TOKEN_TYPE}) whose ES256 signature
 * verifies with `service`'s key among `keys`. Checked synchronously: the signature is all that counts
 * — a signed head is evidence, so its expiry is not.
 */
export function isSignedHeadOf(token: string, service: string, keys: readonly JWK[]): boolean {
  const header = decodeProtectedHeader(token);
  if (header.alg !== 'ES256' || header.typ !== AUDIT_HEAD_TOKEN_TYPE) return false;
  if (serviceOfKeyId(header.kid) !== service || decodeJwt(token).iss !== service) return false;
  const key = keys.find((candidate) => candidate.kid === header.kid);
  if (!key) return false;
  const [protectedHeader, payload, signature] = token.split('.');
  return verify(
    'sha256',
    Buffer.from(`${protectedHeader}.${payload}`),
    { key: createPublicKey({ key: key as JsonWebKey, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature ?? '', 'base64url'),
  );
}

/**
 * Reads a witness log; a missing file is an empty one. Answers the heads, or the first line that is
 * no signed head — with `signedBy`, also one whose signature is not that service's.
 */
export function readWitnessedHeads(
  file: string,
  signedBy?: { service: string; keys: readonly JWK[] },
): { ok: true; heads: WitnessedHead[] } | { ok: false; line: number; problem: string } {
  if (!existsSync(file)) return { ok: true, heads: [] };
  const heads: WitnessedHead[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (const [index, text] of lines.entries()) {
    if (text.trim() === '') continue;
    const problem = `line ${index + 1} of the witness log ${file} is not a signed head`;
    try {
      const head = JSON.parse(text) as WitnessedHead;
      const claims = decodeJwt(head.signature);
      if (
        !Number.isInteger(head.seq) ||
        typeof head.hash !== 'string' ||
        claims.seq !== head.seq ||
        claims.hash !== head.hash
      ) {
        return { ok: false, line: index + 1, problem };
      }
      if (signedBy && !isSignedHeadOf(head.signature, signedBy.service, signedBy.keys)) {
        return {
          ok: false,
          line: index + 1,
          problem: `line ${index + 1} of the witness log ${file} is not signed by ${signedBy.service}`,
        };
      }
      heads.push(head);
    } catch {
      return { ok: false, line: index + 1, problem };
    }
  }
  return { ok: true, heads };
}

/** A witness log in a file, appended to and never rewritten. */
export class FileWitnessSink implements WitnessSink {
  #last: WitnessedHead | undefined;

  constructor(readonly file: string) {
    const read = readWitnessedHeads(file);
    this.#last = read.ok ? read.heads.at(-1) : undefined;
  }

  append(head: WitnessedHead): void {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    appendFileSync(this.file, `${JSON.stringify(head)}\n`, { flag: 'a', mode: 0o600 });
    this.#last = head;
  }

  last(): WitnessedHead | undefined {
    return this.#last;
  }
}

/** A witness log in memory, for in-memory stores: it lasts as long as the store. */
export class MemoryWitnessSink implements WitnessSink {
  readonly heads: WitnessedHead[] = [];

  append(head: WitnessedHead): void {
    this.heads.push(head);
  }

  last(): WitnessedHead | undefined {
    return this.heads.at(-1);
  }
}

/** What a witness reads of a log: its head, now (a file store) or later (a database server). */
export interface WitnessedLog {
  head(): AuditHead | undefined | Promise<AuditHead | undefined>;
}

/** Signs an audit log's head into a witness log, every minute and when stopped. */
export class AuditWitness {
  #timer: NodeJS.Timeout | undefined;
  #pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly log: WitnessedLog,
    private readonly signer: ServiceSigner,
    readonly sink: WitnessSink,
  ) {}

  /** Signs the head every `intervalMs` (default {@link WITNESS_INTERVAL_MS}); the timer keeps no process alive. */
  start(intervalMs = WITNESS_INTERVAL_MS): void {
    this.#timer ??= setInterval(() => {
      this.witness().catch(() => {
        // A failed signature is tried again at the next tick; the head is still in the database.
      });
    }, intervalMs);
    this.#timer.unref();
  }

  /**
   * Signs the current head and appends it, when the log grew since the last witnessed head. The head
   * is read before signing, so the database may be closed while the signature is made.
   */
  witness(): Promise<void> {
    // Read now (a file store may be closed while the signature is made); a read that fails is seen
    // when its turn comes, never left unobserved.
    const reading = Promise.resolve()
      .then(() => this.log.head())
      .then(
        (head) => ({ head }),
        (error: unknown) => ({ error }),
      );
    // One at a time, so the heads are appended in order; one failure does not stop the ones after.
    const turn = this.#pending
      .catch(() => {})
      .then(async () => {
        const read = await reading;
        if ('error' in read) throw read.error;
        const { head } = read;
        const last = this.sink.last();
        if (!head || (last && last.seq >= head.seq)) return;
        const signature = await this.signer.sign(
          { seq: head.seq, hash: head.hash },
          { type: AUDIT_HEAD_TOKEN_TYPE, ttlSeconds: SIGNED_HEAD_TTL_SECONDS },
        );
        this.sink.append({ seq: head.seq, hash: head.hash, at: new Date().toISOString(), signature });
      });
    this.#pending = turn;
    return turn;
  }

  /** Stops the timer and signs the final head (shutdown). */
  stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    return this.witness();
  }
}

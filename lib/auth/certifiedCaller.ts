/**
 * With mutual TLS, two proofs of who calls must agree: the service named in the client certificate
 * the connection was made with, and the service whose key signed the token. A token taken from one
 * service and replayed over another's connection is refused, as is a certificate of a service with a
 * token of another.
 */
import { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { callerCertificateName } from '../http/tls.ts';
import { text } from '../i18n/messages.ts';
import { TokenError } from './tokens.ts';

/**
 * Checks that the connection `from` came over, when it is TLS, was made with `caller`'s certificate.
 *
 * @throws TokenError `CALLER_NOT_ALLOWED` (403) when the certificate names no service or another
 */
export function checkCertifiedCaller(from: Socket | { socket: Socket }, caller: string): void {
  const socket = from instanceof Socket ? from : from.socket;
  if (!(socket instanceof TLSSocket)) return;
  const certified = callerCertificateName(socket);
  if (certified !== caller) {
    throw new TokenError(
      'CALLER_NOT_ALLOWED',
      text('auth.certificateMismatch', { certified: certified ?? 'no service', caller }),
    );
  }
}

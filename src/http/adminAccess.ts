/**
 * Who may see operational details (/readyz's entry counts, KNOWLEDGE_DIR, reload problems): a client
 * with `Authorization: Bearer <ADMIN_TOKEN>`, or one on this host. Pure.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface AdminRequest {
  socketAddress: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Compares digests, so the time taken says nothing about how much of the token was right. */
function sameToken(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function mayShowDetails(request: AdminRequest, adminToken: string): boolean {
  const authorization = request.headers.authorization;
  if (adminToken !== '' && typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match && sameToken(match[1]!, adminToken)) return true;
  }
  // A reverse proxy on this host makes every visitor look local; what it forwards is not local.
  const forwarded = ['x-forwarded-for', 'forwarded', 'x-real-ip'].some(
    (name) => request.headers[name] !== undefined
  );
  return !forwarded && isLoopbackAddress(request.socketAddress);
}

/**
 * The client address used for rate limiting. Behind the office's reverse proxy every request comes
 * from the proxy, so with `trustedHops` > 0 the address is taken from X-Forwarded-For: each trusted
 * proxy appends the address it saw, so the client is `trustedHops` places from the right end
 * (counting the socket address as the last place). Entries further left can be forged by the client
 * and are never used. With 0 hops the header is ignored.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedHops: number
): string {
  const remote = socketAddress ?? 'unknown';
  if (trustedHops <= 0 || forwardedFor === undefined) return remote;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const chain = header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  chain.push(remote);
  return chain[Math.max(0, chain.length - 1 - trustedHops)]!;
}

/** Which other sites may embed the chat or call the Direct Line endpoint. Pure. */

/** True when `origin` is in the allowed list ('*' allows any). Same-origin requests need no entry. */
export function isOriginAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return false;
  return allowed.includes('*') || allowed.includes(origin);
}

/** CORS response headers for a request from `origin`; none when the origin is not allowed. */
export function corsHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> {
  if (!isOriginAllowed(origin, allowed)) return {};
  return {
    'Access-Control-Allow-Origin': origin!,
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    // What Direct Line JS sends: its agent header, and RxJS ajax's X-Requested-With.
    'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept, x-ms-bot-agent, X-Requested-With',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin'
  };
}

/** The CSP `frame-ancestors` value: this site plus the allowed ones. */
export function frameAncestors(allowed: readonly string[]): string {
  return allowed.includes('*') ? '*' : ["'self'", ...allowed].join(' ');
}

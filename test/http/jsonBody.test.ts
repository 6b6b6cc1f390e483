import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import restify, { type Server } from 'restify';
import { isJsonContentType, jsonBodyReader } from '../../src/http/jsonBody';
import { waitFor } from '../helpers/wait';

describe('isJsonContentType', () => {
  it.each([
    [undefined, true],
    ['', true],
    ['application/json', true],
    ['Application/JSON; charset=utf-8', true],
    ['application/vnd.api+json', true],
    ['text/plain', false],
    ['application/x-www-form-urlencoded', false],
    ['multipart/form-data; boundary=x', false]
  ])('%s -> %s', (header, expected) => {
    expect(isJsonContentType(header)).toBe(expected);
  });
});

describe('jsonBodyReader on a real restify server', () => {
  let server: Server;
  let port: number;
  const seen: unknown[] = [];
  beforeAll(async () => {
    server = restify.createServer({ handleUncaughtExceptions: false });
    server.use(jsonBodyReader(1024));
    server.post('/echo', async (req, res) => {
      seen.push(req.body);
      res.json({ body: (req.body as unknown) ?? null });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Sends the body in the given pieces (chunked transfer), so a character can be split between them. */
  function post(
    pieces: Buffer[],
    headers: Record<string, string> = {}
  ): Promise<{ status: number; body: unknown }> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/echo',
          headers: { 'content-type': 'application/json', ...headers }
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode!, body: JSON.parse(text) as unknown })
          );
        }
      );
      request.on('error', reject);
      for (const piece of pieces) request.write(piece);
      request.end();
    });
  }

  it('parses a body whose multi-byte characters are split across chunks', async () => {
    const bytes = Buffer.from(JSON.stringify({ text: '公務護照 passport' }), 'utf8');
    const pieces = [bytes.subarray(0, 11), bytes.subarray(11, 13), bytes.subarray(13)];
    const response = await post(pieces);
    expect(response).toEqual({ status: 200, body: { body: { text: '公務護照 passport' } } });
  });

  it('answers 413 for a chunked body over the limit, and keeps serving', async () => {
    const response = await post([Buffer.from('{"text":"'), Buffer.alloc(2000, 'x'), Buffer.from('"}')]);
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ code: 'PayloadTooLarge' });
    expect((await post([Buffer.from('{"ok":true}')])).status).toBe(200);
  });

  it('answers 400 for malformed JSON and 415 for a body that is not JSON', async () => {
    const malformed = await post([Buffer.from('{"text":')]);
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'BadRequest' });
    const form = await post([Buffer.from('a=1')], { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect(form.body).toMatchObject({ code: 'UnsupportedMediaType' });
  });

  it('accepts an empty body whatever its declared type (a token request posts nothing)', async () => {
    const declared: Record<string, string>[] = [
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' }
    ];
    for (const headers of declared) {
      expect(await post([], headers)).toEqual({ status: 200, body: { body: null } });
    }
  });

  it('leaves req.body undefined for an empty body', async () => {
    const response = await post([]);
    expect(response).toEqual({ status: 200, body: { body: null } });
  });

  it('ends the request cycle of a client that goes away mid-body (nothing left in flight)', async () => {
    const before = seen.length;
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"te'
    );
    // The server has the request (its head read, the body reader waiting for the rest) before the client goes.
    await waitFor(() => server.inflightRequests() > 0, 'the request in flight on the server', {
      timeoutMs: 5000
    });
    socket.destroy();
    await waitFor(() => server.inflightRequests() === 0, 'the request cycle to end', { timeoutMs: 5000 });
    expect(seen.length).toBe(before);
  });
});

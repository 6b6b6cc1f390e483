/**
 * Reads JSON request bodies into `req.body`, within a byte limit. Every route of this server takes
 * JSON (Bot Framework activities, Direct Line), so this replaces restify's general bodyParser, which
 * also handles forms and uploads we never accept and calls Node's deprecated `Buffer()` constructor
 * on every request (Node then captures a stack trace to decide whether to warn).
 */
import type { Next, Request, RequestHandler, Response } from 'restify';

const METHODS_WITH_BODY: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

/** `application/json`, `application/*+json` (with parameters such as charset), or no type at all. Pure. */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return true;
  const type = header.split(';', 1)[0]!.trim().toLowerCase();
  return (
    type === '' || type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))
  );
}

function refuse(res: Response, status: number, code: string, message: string, close = false): void {
  if (close) res.setHeader('Connection', 'close');
  res.status(status);
  res.json({ code, message });
}

/** Nesting depth of JSON objects and arrays the reader accepts by default (Bot Framework activities: < 10). */
export const DEFAULT_MAX_JSON_DEPTH = 64;

/**
 * Objects and arrays one body may hold. JSON.parse builds the whole object graph before any route can
 * strip what it does not need, and a graph costs ~20x its JSON: a 32 KB Direct Line post of
 * `{"channelData":[{},{},...]}` (10,800 objects) made 640 KB of heap, and a flood of them drove RSS
 * past 700 MB before the garbage collector caught up. Bot Framework activities hold tens.
 */
export const MAX_JSON_CONTAINERS = 5000;

/**
 * What is wrong with the shape of JSON text, before it is parsed: objects/arrays nested deeper than
 * `maxDepth`, or more than `maxContainers` of them. A linear scan of the raw text (brackets inside
 * strings do not count). Deep nesting: a 256 KB body of `[[[[...` parses into 130,000 levels that
 * every later JSON.stringify, log line or deep copy must walk again (an activity nested ~4,100 levels
 * made every later GET of its conversation a 500). Pure.
 */
export function jsonShapeProblem(
  text: string,
  maxDepth: number,
  maxContainers = MAX_JSON_CONTAINERS
): 'depth' | 'containers' | undefined {
  let depth = 0;
  let containers = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > maxDepth) return 'depth';
      if (++containers > maxContainers) return 'containers';
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return undefined;
}

/** True when JSON text nests objects/arrays deeper than `maxDepth` (see jsonShapeProblem). Pure. */
export function jsonNestsDeeperThan(text: string, maxDepth: number): boolean {
  return jsonShapeProblem(text, maxDepth, Number.POSITIVE_INFINITY) === 'depth';
}

/** An empty body leaves `req.body` undefined; routes decide whether they need one. */
export function jsonBodyReader(maxBytes: number, maxDepth = DEFAULT_MAX_JSON_DEPTH): RequestHandler {
  return (req: Request, res: Response, next: Next): void => {
    if (!METHODS_WITH_BODY.has(req.method ?? '')) return next();
    const declared = req.headers['content-length'];
    if (declared === '0') return next();
    // The type matters only for a body that is there: an empty POST (a token request) passes
    // whatever it declares, as it did through restify's bodyParser.
    const json = isJsonContentType(req.headers['content-type']);

    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      req.removeListener('data', onData);
      return true;
    };
    /** Answers before the body has been read: the rest drains, the connection closes after the answer. */
    const stop = (status: number, code: string, message: string): void => {
      if (!settle()) return;
      refuse(res, status, code, message, true);
      req.resume();
      next(false);
    };
    const onData = (chunk: Buffer): void => {
      if (!json) return stop(415, 'UnsupportedMediaType', 'Request bodies must be JSON (application/json)');
      received += chunk.length;
      // Chunked bodies declare no length: measure while reading, stop at the limit.
      if (received > maxBytes) return stop(413, 'PayloadTooLarge', `Request body exceeds ${maxBytes} bytes`);
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (!settle()) return;
      if (received === 0) return next();
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)).toString('utf8');
      const shape = jsonShapeProblem(text, maxDepth);
      if (shape) {
        refuse(
          res,
          400,
          'BadRequest',
          shape === 'depth'
            ? `JSON nested deeper than ${maxDepth} levels`
            : `JSON with more than ${MAX_JSON_CONTAINERS} objects and arrays`
        );
        return next(false);
      }
      try {
        req.body = JSON.parse(text) as unknown;
      } catch (error) {
        refuse(res, 400, 'BadRequest', `Invalid JSON: ${(error as Error).message}`);
        return next(false);
      }
      return next();
    });
    // A client that goes away mid-body: nothing to answer, nothing to run; the chain still ends, so
    // restify closes the request's cycle (its in-flight count, 'after') as its own body reader did.
    const gone = (): void => {
      if (settle()) next(false);
    };
    req.once('error', gone);
    req.once('aborted', gone);
    res.once('close', gone);
  };
}

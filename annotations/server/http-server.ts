/**
 * Browser mode: the backend's handlers behind an HTTP server on 127.0.0.1, with a random per-run token.
 *
 * Routes: `POST /api/<method>` (JSON body -> JSON envelope, the contract's dispatch), a WebSocket at
 * `/api/socket` carrying the same calls (`{id, method, input}` -> `{id, envelope}`; the renderer's
 * transport: a call costs a message instead of an HTTP request), `GET /dicom/...` (indexed DICOM files
 * only), and the built renderer. Every request needs the token, carried by an HttpOnly cookie set when the
 * printed URL (`/?token=...`) is opened, or by an `x-lumbar-token` header; without it: 401. A call (socket
 * or POST) from a page of another origin is refused (403) even with the cookie: only this server's own
 * origin (127.0.0.1 or localhost, this port) or no Origin at all (not a browser); API POSTs must be
 * `application/json` (415 otherwise: an HTML form cannot send that). A request line that is not a valid
 * path gets 400, never an exception.
 */
import fs from 'node:fs';
import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch, type Envelope, type Handlers } from '../contract/contract.js';
import { resolveDicomFile, resolveStaticFile, type DicomFileLookup, type FileResolution } from './file-routes.js';

export const DICOM_PREFIX = '/dicom';
export const API_SOCKET_PATH = '/api/socket';
const COOKIE = 'lumbar_token';
const MAX_BODY = 16 * 1024 * 1024;

export interface BrowserServerOptions {
  readonly handlers: Handlers;
  readonly files: DicomFileLookup;
  /** Folder of the built renderer (vite build output). */
  readonly distDir: string;
  readonly port?: number;
  readonly token?: string;
}

export interface BrowserServer {
  /** The URL to open: carries the token once, then the cookie does. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  close(): Promise<void>;
}

function tokenMatches(expected: Buffer, given: string | undefined): boolean {
  if (!given) return false;
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The token a request carries: the `x-lumbar-token` header, else the cookie. */
function requestToken(req: http.IncomingMessage): string | undefined {
  return (req.headers['x-lumbar-token'] as string | undefined) ?? cookieToken(req.headers.cookie);
}

function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=');
  }
  return undefined;
}

function sendFile(req: http.IncomingMessage, res: http.ServerResponse, resolution: FileResolution): void {
  if (!resolution.ok) {
    res.writeHead(resolution.status, { 'content-type': 'text/plain; charset=utf-8' }).end(resolution.message);
    return;
  }
  fs.stat(resolution.file, (error, stat) => {
    if (error) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': resolution.contentType,
      'content-length': stat.size,
      // DICOM: not into the browser's disk cache. The file is already on this machine, the viewer keeps decoded
      // images in its own cache, and writing each slice to the HTTP cache made a fetch ~30% slower (bench:viewer).
      'cache-control': resolution.contentType === 'application/dicom' ? 'no-store' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    fs.createReadStream(resolution.file)
      .on('error', () => res.destroy())
      .pipe(res);
  });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, startedAt?: number): void {
  const text = JSON.stringify(body);
  const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
  // The backend's share of a call (body read, dispatch, JSON), for the browser's resource timing.
  if (startedAt !== undefined) headers['server-timing'] = `backend;dur=${(performance.now() - startedAt).toFixed(2)}`;
  res.writeHead(status, headers).end(text);
}

/** One call on the API socket: the message in, and the reply (`id: null` when the message had no usable id). */
export interface SocketCall {
  readonly id: number;
  readonly method: string;
  readonly input?: unknown;
}
export interface SocketReply {
  readonly id: number | null;
  readonly envelope: Envelope<unknown>;
}

function parseSocketCall(data: string): SocketCall | string {
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    return 'message is not JSON';
  }
  const call = message as Partial<SocketCall> | null;
  if (typeof call !== 'object' || call === null || !Number.isSafeInteger(call.id) || typeof call.method !== 'string') {
    return 'a call is {"id": integer, "method": string, "input": object}';
  }
  return call as SocketCall;
}

function serveSocket(socket: WebSocket, handlers: Handlers): void {
  const reply = (message: SocketReply) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  // Protocol errors (unmasked or oversized frames, invalid UTF-8) end this connection, never the server.
  socket.on('error', () => socket.terminate());
  socket.on('message', (data, isBinary) => {
    const call = isBinary ? 'binary messages are not calls' : parseSocketCall(String(data));
    if (typeof call === 'string') {
      reply({ id: null, envelope: { ok: false, error: { code: 'bad-request', message: call } } });
      return;
    }
    void dispatch(handlers, call.method, call.input ?? {}).then((envelope) => reply({ id: call.id, envelope }));
  });
}

/** The request's URL, or null when its path is not a valid URL path (e.g. `//`). */
function requestUrl(raw: string | undefined): URL | null {
  try {
    return new URL(raw ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

function refuseUpgrade(socket: Duplex, status: 400 | 401 | 403 | 404, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const expected = Buffer.from(token);
  // This server's own origins, known once it listens (no request arrives before).
  let ownOrigins: ReadonlySet<string> = new Set();
  const fromOwnPage = (origin: string | undefined) => origin === undefined || ownOrigins.has(origin);

  const server = http.createServer((req, res) => {
    const url = requestUrl(req.url);
    if (!url) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('bad request path');
      return;
    }
    // Opening the printed URL trades the token in the query for a cookie, then drops it from the address bar.
    if (req.method === 'GET' && url.pathname === '/' && url.searchParams.has('token')) {
      if (!tokenMatches(expected, url.searchParams.get('token') ?? undefined)) {
        res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' }).end('invalid token');
        return;
      }
      res.writeHead(302, { 'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`, location: '/' }).end();
      return;
    }
    const given = requestToken(req);
    if (!tokenMatches(expected, given)) {
      res
        .writeHead(401, { 'content-type': 'text/plain; charset=utf-8' })
        .end('Lumbar Grader: open the URL printed at start-up (it carries the access token).');
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST' }).end();
        return;
      }
      if (!fromOwnPage(req.headers.origin)) {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('calls from another origin are refused');
        return;
      }
      if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
        res.writeHead(415, { 'content-type': 'text/plain; charset=utf-8' }).end('API calls are application/json');
        return;
      }
      const name = url.pathname.slice('/api/'.length);
      const startedAt = performance.now();
      readBody(req)
        .then(async (text) => {
          let payload: unknown;
          try {
            payload = text === '' ? {} : JSON.parse(text);
          } catch {
            sendJson(res, 400, { ok: false, error: { code: 'bad-request', message: 'request body is not JSON' } });
            return;
          }
          const envelope = await dispatch(options.handlers, name, payload);
          const status = envelope.ok
            ? 200
            : envelope.error.code === 'unknown-method' || envelope.error.code === 'not-found'
              ? 404
              : envelope.error.code === 'internal'
                ? 500
                : 400;
          sendJson(res, status, envelope, startedAt);
        })
        .catch((error: unknown) => sendJson(res, 413, { ok: false, error: { code: 'bad-request', message: String(error) } }));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    // Raw pathname (still %-encoded) so encoded separators are judged by the resolvers.
    const rawPath = (req.url ?? '/').split('?')[0]!;
    if (rawPath.startsWith(`${DICOM_PREFIX}/`)) {
      sendFile(req, res, resolveDicomFile(options.files, rawPath.slice(DICOM_PREFIX.length)));
      return;
    }
    sendFile(req, res, resolveStaticFile(options.distDir, rawPath));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  ownOrigins = new Set([origin, `http://localhost:${port}`]);

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req.url);
    const given = requestToken(req);
    if (!url) return refuseUpgrade(socket, 400, 'Bad Request');
    if (url.pathname !== API_SOCKET_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    if (!tokenMatches(expected, given)) return refuseUpgrade(socket, 401, 'Unauthorized');
    // Browsers always name the page's origin; only our own pages may talk to the backend.
    if (!fromOwnPage(req.headers.origin)) return refuseUpgrade(socket, 403, 'Forbidden');
    sockets.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, options.handlers));
  });
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

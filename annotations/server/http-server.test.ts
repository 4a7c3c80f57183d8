import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../storage/database.js';
import { importDataset } from '../importer/indexer.js';
import { createIndexRepository } from '../storage/index-repository.js';
import { createBackend } from '../services/backend.js';
import { tempDir, writeFile, writeSagittalSeries } from '../test-support/dicom-files.js';
import { WebSocket } from 'ws';
import { API_SOCKET_PATH, startBrowserServer, type BrowserServer, type SocketReply } from './http-server.js';

let root: string;
let dist: string;
let db: Db;
let server: BrowserServer;
let datasetId: number;

/** A raw request: the path is sent exactly as given (no client-side normalisation of '..'). */
function request(rawPath: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const url = new URL(server.origin);
    const req = http.request(
      { host: url.hostname, port: url.port, path: rawPath, method: init.method ?? 'GET', headers: init.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}
const auth = () => ({ 'x-lumbar-token': server.token, 'content-type': 'application/json' });

beforeAll(async () => {
  root = tempDir('lumbar-srv-');
  dist = tempDir('lumbar-dist-');
  writeSagittalSeries(root, 'data/S1', 2, { seriesDescription: 'SAG T2' });
  writeFile(root, 'data/secret.txt', 'not for the browser');
  writeFile(dist, 'index.html', '<!doctype html><title>Lumbar Grader</title>');
  writeFile(dist, 'assets/app.js', 'console.log(1)');
  db = openDatabase(':memory:');
  datasetId = (await importDataset(db, path.join(root, 'data'))).datasetId;
  const repo = createIndexRepository(db);
  const backend = createBackend({ db, databasePath: ':memory:', mode: 'browser', version: '0.0.0', dicomBase: '/dicom' });
  server = await startBrowserServer({
    handlers: backend.handlers,
    distDir: dist,
    files: { datasetRoot: (id) => repo.datasetById(id)?.root, isIndexedFile: (id, p) => repo.isIndexedFile(id, p) },
  });
});
afterAll(async () => {
  await server.close();
  db.close();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('browser-mode server', () => {
  it('binds to 127.0.0.1 and prints a URL carrying a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('answers 401 to every route without the token', async () => {
    for (const p of ['/', '/assets/app.js', `/dicom/${datasetId}/S1/IM0001.dcm`]) expect((await request(p)).status).toBe(401);
    expect((await request('/api/listStudies', { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await request('/?token=wrong')).status).toBe(401);
    expect((await request('/api/listStudies', { method: 'POST', body: '{}', headers: { 'x-lumbar-token': 'x'.repeat(32) } })).status).toBe(
      401,
    );
  });

  it('trades the token in the URL for an HttpOnly cookie that then authorises requests', async () => {
    const first = await request(`/?token=${server.token}`);
    expect(first.status).toBe(302);
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await request('/', { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('Lumbar Grader');
  });

  it('dispatches contract methods and validates their input', async () => {
    const ok = await request('/api/listStudies', { method: 'POST', headers: auth(), body: '{}' });
    expect(ok.status).toBe(200);
    const envelope = JSON.parse(ok.body.toString()) as { ok: boolean; value: Array<{ series: unknown[] }> };
    expect(envelope.ok).toBe(true);
    expect(envelope.value).toHaveLength(1);
    const bad = await request('/api/getStudy', { method: 'POST', headers: auth(), body: '{"studyId":"1; DROP TABLE"}' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString()).error.message).toMatch(/invalid getStudy request at studyId/);
    const missing = await request('/api/getStudy', { method: 'POST', headers: auth(), body: '{"studyId":999}' });
    expect(missing.status).toBe(404);
    expect((await request('/api/nope', { method: 'POST', headers: auth(), body: '{}' })).status).toBe(404);
    expect((await request('/api/listStudies', { method: 'POST', headers: auth(), body: 'not json' })).status).toBe(400);
  });

  it('carries the same calls over the API socket, replies matched by id', async () => {
    const ws = new WebSocket(`${server.origin.replace('http', 'ws')}${API_SOCKET_PATH}`, { headers: auth() });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const replies = new Map<number | null, SocketReply[]>();
    ws.on('message', (data) => {
      const reply = JSON.parse(String(data)) as SocketReply;
      replies.set(reply.id, [...(replies.get(reply.id) ?? []), reply]);
    });
    ws.send(JSON.stringify({ id: 1, method: 'listStudies', input: {} }));
    ws.send(JSON.stringify({ id: 2, method: 'getStudy', input: { studyId: '1; DROP TABLE' } }));
    ws.send(JSON.stringify({ id: 3, method: 'nope' }));
    ws.send('not json');
    ws.send(JSON.stringify({ method: 'listStudies' }));
    await expect.poll(() => [1, 2, 3].every((id) => replies.has(id)) && replies.get(null)?.length === 2).toBe(true);
    ws.close();
    const one = replies.get(1)![0]!.envelope;
    expect(one.ok && (one.value as unknown[]).length).toBe(1);
    expect(replies.get(2)![0]!.envelope).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: /invalid getStudy request at studyId/ },
    });
    expect(replies.get(3)![0]!.envelope).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(replies.get(null)!.map((r) => r.envelope)).toEqual([
      { ok: false, error: { code: 'bad-request', message: 'message is not JSON' } },
      { ok: false, error: { code: 'bad-request', message: 'a call is {"id": integer, "method": string, "input": object}' } },
    ]);
  });

  it('refuses the API socket without the token, from another origin, and on other paths', async () => {
    const status = (path: string, headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${server.origin.replace('http', 'ws')}${path}`, { headers });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('open', () => {
          ws.close();
          resolve(101);
        });
      });
    expect(await status(API_SOCKET_PATH, {})).toBe(401);
    expect(await status(API_SOCKET_PATH, { 'x-lumbar-token': 'x'.repeat(32) })).toBe(401);
    expect(await status(API_SOCKET_PATH, { ...auth(), origin: 'http://evil.example' })).toBe(403);
    expect(await status('/api/other', auth())).toBe(404);
    expect(await status(API_SOCKET_PATH, { ...auth(), origin: server.origin })).toBe(101);
    const cookie = `lumbar_token=${server.token}`;
    expect(await status(API_SOCKET_PATH, { cookie, origin: server.origin })).toBe(101);
  });

  it('refuses API calls from another origin and calls that are not JSON', async () => {
    const post = (headers: Record<string, string>) => request('/api/listStudies', { method: 'POST', headers, body: '{}' });
    expect((await post({ ...auth(), origin: 'http://evil.example' })).status).toBe(403);
    expect((await post({ ...auth(), origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await post({ 'x-lumbar-token': server.token, 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post({ 'x-lumbar-token': server.token })).status).toBe(415);
    expect((await post({ ...auth(), origin: server.origin })).status).toBe(200);
    expect((await post({ ...auth(), origin: server.origin.replace('127.0.0.1', 'localhost') })).status).toBe(200);
  });

  it('survives bad request lines and bad socket frames (the server keeps answering)', async () => {
    expect((await request('//', { headers: auth() })).status).toBe(400);
    expect((await request('//[', { headers: auth() })).status).toBe(400);
    const { port } = new URL(server.origin);
    /** A raw upgrade request on `path`; resolves with the status line, then sends `after` (if any). */
    const rawUpgrade = (path: string, after?: Buffer) =>
      new Promise<string>((resolve) => {
        const socket = net.connect(Number(port), '127.0.0.1', () =>
          socket.write(
            `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
              `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nx-lumbar-token: ${server.token}\r\n\r\n`,
          ),
        );
        let status = '';
        socket.on('data', (chunk) => {
          if (status) return;
          status = chunk.toString().split('\r\n')[0]!;
          if (after) socket.write(after);
          else socket.end();
        });
        socket.on('close', () => resolve(status));
        socket.on('error', () => resolve(status));
      });
    expect(await rawUpgrade('//')).toMatch(/ 400 /);
    // A client frame without a mask is a protocol error: that connection ends, the server does not.
    expect(await rawUpgrade(API_SOCKET_PATH, Buffer.from([0x81, 0x02, 0x68, 0x69]))).toMatch(/ 101 /);
    // A message over the size limit: the connection is closed (1009).
    const ws = new WebSocket(`${server.origin.replace('http', 'ws')}${API_SOCKET_PATH}`, { headers: auth() });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(16 * 1024 * 1024 + 1));
    expect(await closed).toBe(1009);
    expect((await request('/api/listStudies', { method: 'POST', headers: auth(), body: '{}' })).status).toBe(200);
  });

  it('serves indexed DICOM files, and nothing else under or outside the dataset root', async () => {
    const file = await request(`/dicom/${datasetId}/S1/IM0001.dcm`, { headers: auth() });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/dicom');
    expect(file.headers['cache-control']).toBe('no-store'); // the viewer caches decoded images; the file is local
    expect(file.body.subarray(128, 132).toString()).toBe('DICM');
    expect((await request(`/dicom/${datasetId}/secret.txt`, { headers: auth() })).status).toBe(404);
    expect((await request(`/dicom/${datasetId}/../data/secret.txt`, { headers: auth() })).status).toBe(403);
    expect((await request(`/dicom/${datasetId}/%2e%2e/%2e%2e/etc/passwd`, { headers: auth() })).status).toBe(403);
    expect((await request(`/dicom/${datasetId}/S1%2f..%2f..%2fsecret.txt`, { headers: auth() })).status).toBe(403);
    expect((await request(`/dicom/${datasetId}/S1/IM0001.dcm%00`, { headers: auth() })).status).toBe(403);
    expect((await request('/dicom/999/S1/IM0001.dcm', { headers: auth() })).status).toBe(404);
    expect((await request('/dicom/abc/S1/IM0001.dcm', { headers: auth() })).status).toBe(404);
  });

  it('serves only files of the renderer build', async () => {
    expect((await request('/assets/app.js', { headers: auth() })).status).toBe(200);
    expect((await request('/../package.json', { headers: auth() })).status).toBe(403);
    expect((await request('/%2e%2e/package.json', { headers: auth() })).status).toBe(403);
    expect((await request('/assets/missing.js', { headers: auth() })).status).toBe(404);
  });
});

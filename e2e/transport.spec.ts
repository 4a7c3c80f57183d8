/**
 * Browser mode's transport: calls go over the API socket (a message each); without a socket they go over
 * HTTP; when it drops with a change in flight the reader is told and the grid shows what the backend has
 * (nothing invented, nothing saved hidden), and the next key is saved (over HTTP until the socket is back).
 */
import { expect, test, type Page } from '@playwright/test';
import { startAppServer, type AppServer } from './support/app-server.js';
import { createReaderThroughUi } from './support/readers.js';

let app: AppServer;
test.beforeAll(async () => {
  app = await startAppServer();
});
test.afterAll(async () => {
  await app?.stop();
});

const SOCKET = /\/api\/socket$/;
const firstCell = (page: Page) => page.locator('[data-cell="Spinal Canal Stenosis|L1/L2"]');

async function openFirstStudy(page: Page, reader: string): Promise<void> {
  await page.goto(app.url);
  await createReaderThroughUi(page, reader, reader.slice(0, 2).toUpperCase());
  await page.keyboard.press('n');
  await expect(firstCell(page)).toHaveAttribute('aria-pressed', 'true');
}

/** A reload comes back to the worklist; N reopens the study in progress (the first unfinished one). */
async function reopenAfterReload(page: Page): Promise<void> {
  await page.reload();
  await expect(page.getByTestId('worklist-counters')).toContainText('1 in progress');
  await page.keyboard.press('n');
}

/** Calls that went over HTTP, by method name. */
function httpCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (r) => {
    const m = /\/api\/(\w+)$/.exec(new URL(r.url()).pathname);
    if (m) calls.push(m[1]!);
  });
  return calls;
}

test('grades go over the API socket, not one HTTP request each', async ({ page }) => {
  const sent: string[] = [];
  page.on('websocket', (ws) => {
    if (SOCKET.test(ws.url())) ws.on('framesent', (f) => sent.push(String(f.payload)));
  });
  const overHttp = httpCalls(page);
  await openFirstStudy(page, 'Dr Socket');
  await page.keyboard.press('x');
  await expect(firstCell(page)).toHaveAttribute('aria-label', /: Moderate/);
  expect(sent.some((m) => (JSON.parse(m) as { method: string }).method === 'setLabel')).toBe(true);
  expect(overHttp).not.toContain('setLabel');
});

test('without a socket, the app works over HTTP', async ({ page }) => {
  await page.addInitScript(() => delete (window as { WebSocket?: unknown }).WebSocket);
  const overHttp = httpCalls(page);
  await openFirstStudy(page, 'Dr Http');
  await page.keyboard.press('c');
  await expect(firstCell(page)).toHaveAttribute('aria-label', /: Severe/);
  expect(overHttp).toContain('setLabel');
  await reopenAfterReload(page);
  await expect(firstCell(page)).toHaveAttribute('aria-label', /: Severe/);
});

test('a socket that drops with a grade in flight: the reader is told, and the next key is saved', async ({ page }) => {
  let dropNextGrade = true;
  await page.routeWebSocket(SOCKET, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      if (dropNextGrade && String(message).includes('"setLabel"')) {
        dropNextGrade = false;
        void ws.close(); // the call never reaches the backend
        return;
      }
      server.send(message);
    });
  });
  await openFirstStudy(page, 'Dr Dropped');
  await page.keyboard.press('x');
  await expect(page.getByRole('alert')).toContainText('connection to the backend was lost');
  // Nothing was saved, and the grid shows only what the backend acknowledged.
  await expect(firstCell(page)).toHaveAttribute('aria-label', /: empty/);
  await page.keyboard.press('x');
  await expect(firstCell(page)).toHaveAttribute('aria-label', /: Moderate/);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await reopenAfterReload(page);
  await expect(firstCell(page)).toHaveAttribute('aria-label', /: Moderate/);
});

test('a socket that drops after the backend saved a grade but before the answer: the grid shows the saved grade', async ({ page }) => {
  let gradeCallId: number | null = null;
  await page.routeWebSocket(SOCKET, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const call = JSON.parse(String(message)) as { id: number; method: string };
      if (gradeCallId === null && call.method === 'setLabel') gradeCallId = call.id;
      server.send(message);
    });
    server.onMessage((message) => {
      if (gradeCallId !== null && (JSON.parse(String(message)) as { id: number }).id === gradeCallId) {
        void ws.close(); // saved, but the answer never arrives
        return;
      }
      ws.send(message);
    });
  });
  await openFirstStudy(page, 'Dr Unanswered');
  await page.keyboard.press('c');
  await expect(page.getByRole('alert')).toContainText('connection to the backend was lost');
  await expect(firstCell(page)).toHaveAttribute('aria-label', /: Severe/);
  await reopenAfterReload(page);
  await expect(firstCell(page)).toHaveAttribute('aria-label', /: Severe/);
});

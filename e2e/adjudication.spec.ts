/**
 * Adjudication through the UI: two readers (created and graded through the API, as the grading screen
 * would) disagree on one demo study (Normal/Mild vs Severe on the spinal canal at L1/L2, and agree at
 * L2/L3); the QA lead opens the Adjudication tab, sees the study in the queue, takes reader B's grade
 * with a rationale (the queue empties, the audit trail logs it), then reopens the decision.
 */
import { expect, test, type Page } from '@playwright/test';
import { startAppServer, type AppServer } from './support/app-server.js';
import { createReaderThroughUi } from './support/readers.js';

let app: AppServer;
test.beforeAll(async () => {
  // LUMBAR_E2E_DIST: a renderer build other than dist/ (a private build while others rebuild dist/).
  app = await startAppServer(process.env['LUMBAR_E2E_DIST'] ? ['--dist', process.env['LUMBAR_E2E_DIST']] : []);
});
test.afterAll(async () => {
  await app?.stop();
});

async function callApi<T>(page: Page, method: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([name, body]) => {
      const response = await fetch(`/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        credentials: 'same-origin',
      });
      const envelope = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
      if (!envelope.ok) throw new Error(envelope.error!.message);
      return envelope.value;
    },
    [method, input] as const,
  ) as Promise<T>;
}

test('the QA lead adjudicates a disagreement and reopens it', async ({ page }) => {
  await page.goto(app.url);
  await createReaderThroughUi(page, 'Dr Lead', 'QA', 'qa_lead');
  const ada = await callApi<{ id: number }>(page, 'createReader', { name: 'Dr Ada', initials: 'AA', role: 'reader' });
  const bo = await callApi<{ id: number }>(page, 'createReader', { name: 'Dr Bo', initials: 'BO', role: 'reader' });
  const worklist = await callApi<{ items: Array<{ studyId: number; studyKey: string }> }>(page, 'getWorklist', { readerId: ada.id });
  const { studyId, studyKey } = worklist.items[0]!;
  const grade = (readerId: number, level: string, g: string) =>
    callApi(page, 'setLabel', { readerId, studyId, condition: 'Spinal Canal Stenosis', level, grade: g });
  await grade(ada.id, 'L1/L2', 'Normal/Mild');
  await grade(bo.id, 'L1/L2', 'Severe');
  await grade(ada.id, 'L2/L3', 'Moderate');
  await grade(bo.id, 'L2/L3', 'Moderate');

  await page.getByRole('button', { name: 'Adjudication', exact: true }).click();
  const queue = page.getByRole('list', { name: 'Studies to adjudicate' });
  await expect(page.getByTestId('adjudication-counters')).toContainText('1 studies · 1 open cells');
  await queue.getByRole('button', { name: new RegExp(`Study ${studyKey} · priority 12 · 1 open`) }).click();

  const cells = page.getByRole('table', { name: 'Disputed cells' });
  const row = cells.locator('tr[data-cell="Spinal Canal Stenosis|L1/L2"]');
  await expect(row).toContainText('grade, gap, severe');
  await expect(row).toContainText('A: Normal/Mild');
  await expect(row).toContainText('B: Severe');
  // The unanimous cell is auto-final, not disputed.
  await expect(cells.locator('tr[data-cell="Spinal Canal Stenosis|L2/L3"]')).toHaveCount(0);
  // Names are blinded until revealed.
  await expect(page.getByText('A, B', { exact: true })).toBeVisible();
  await page.getByLabel('Reveal reader names').check();
  await expect(page.getByText('A = Dr Ada, B = Dr Bo')).toBeVisible();

  await page.getByLabel('Rationale').fill('cauda equina crowded');
  await row.getByRole('button', { name: 'Take B' }).click();
  await expect(row).toHaveAttribute('data-status', 'adjudicated');
  await expect(row).toContainText('adjudicated: Severe (cauda equina crowded)');
  await expect(page.getByTestId('adjudication-counters')).toContainText('0 studies · 0 open cells · 1 adjudicated');
  await expect(page.getByText('No open disagreements.')).toBeVisible();
  const lead = (await callApi<Array<{ id: number; name: string }>>(page, 'listReaders', {})).find((r) => r.name === 'Dr Lead')!;
  const audit = await callApi<Array<{ kind: string; target: string }>>(page, 'getAuditLog', { viewerId: lead.id, studyId });
  expect(audit.filter((e) => e.kind === 'adjudication').map((e) => e.target)).toEqual(['Spinal Canal Stenosis|L1/L2']);

  await row.getByRole('button', { name: 'Reopen' }).click();
  await expect(row).toHaveAttribute('data-status', 'open');
  await expect(page.getByTestId('adjudication-counters')).toContainText('1 studies · 1 open cells');
});

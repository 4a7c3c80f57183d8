/** e2e helpers: create a reader profile through the first-start screen. */
import { expect, type Page } from '@playwright/test';

export async function createReaderThroughUi(
  page: Page,
  name: string,
  initials: string,
  role: 'reader' | 'qa_lead' = 'reader',
): Promise<void> {
  const form = page.getByRole('form', { name: 'New reader' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Initials').fill(initials);
  await form.getByLabel('Role').selectOption(role);
  await form.getByRole('button', { name: 'Create and start' }).click();
  await expect(page.getByTestId('current-reader')).toContainText(name);
}

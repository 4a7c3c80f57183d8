/** e2e helper: one backend call from the page (browser mode: POST /api/<method> with the session's cookie). */
import type { Page } from '@playwright/test';

export async function callApi<T>(page: Page, method: string, input: unknown): Promise<T> {
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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Launched } from './harness';
import { defaultSite, corpus } from './site';

let l: Launched;
beforeAll(async () => {
  l = await launch(defaultSite());
});
afterAll(async () => l?.close());

describe('the pipe: content script → background → corpus record', () => {
  it('an arXiv abstract page of a corpus paper gets the corpus record back', async () => {
    const uniter = corpus.find((p) => p.id === '1909.11740')!;
    const page = await l.context.newPage();
    const errors: string[] = [];
    l.worker.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto('https://arxiv.org/abs/1909.11740');
    const overlay = page.locator('paper-lens-overlay [data-testid="overlay"]');
    await overlay.waitFor({ state: 'visible', timeout: 20_000 });
    await expect.poll(() => overlay.getAttribute('data-state')).toBe('match');
    expect(await overlay.getAttribute('data-paper-id')).toBe('1909.11740');
    expect(await page.locator('paper-lens-overlay [data-testid="overlay-title"]').textContent()).toBe(uniter.title);
    expect(errors).toEqual([]);
    await page.close();
  });
});

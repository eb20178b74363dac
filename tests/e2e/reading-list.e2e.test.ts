/** The reading list's guarantees in a real Chromium: concurrent saves, worker and browser restarts. */
import { afterAll, describe, expect, it } from 'vitest';
import { launch, openPopup, stopWorker, type Launched } from './harness';
import { OverlayPO, PopupPO } from './page-objects';
import { defaultSite } from './site';

const opened: Launched[] = [];
afterAll(async () => {
  for (const l of opened) await l.close().catch(() => undefined);
});

describe('saving never loses a paper', () => {
  it('two tabs saving at the same moment both land', async () => {
    const l = await launch(defaultSite());
    opened.push(l);
    const ids = ['2010.10137', '2302.08582', '1909.11740', '2307.01715'];
    const tabs = await Promise.all(ids.map(() => l.context.newPage()));
    await Promise.all(tabs.map((t, i) => t.goto(`https://arxiv.org/abs/${ids[i]}`)));
    const overlays = await Promise.all(tabs.map((t) => new OverlayPO(t).ready()));
    // Real clicks, dispatched together: the worker serialises the writes.
    await Promise.all(overlays.map((o) => o.saveToggle.click()));
    for (const o of overlays) await expect.poll(() => o.saveToggle.getAttribute('aria-pressed')).toBe('true');
    const popup = new PopupPO(await openPopup(l, '#saved'));
    await expect.poll(async () => (await popup.savedIds()).sort()).toEqual([...ids].sort());
  });

  it('survives a stopped worker and a browser restart on the same profile', async () => {
    const l = await launch(defaultSite());
    const tab = await l.context.newPage();
    await tab.goto('https://arxiv.org/abs/2401.16380');
    const o = await new OverlayPO(tab).ready();
    await o.saveToggle.click();
    await expect.poll(() => o.saveToggle.getAttribute('aria-pressed')).toBe('true');
    await o.tags.fill('data');
    await o.note.fill('Rephrase before pretraining.');
    await o.saveDetails.click();
    await expect.poll(() => o.saveDetails.isDisabled()).toBe(true);

    // The worker is stopped (as Chrome does after 30 s idle): the next answer comes from storage.
    await stopWorker(l);
    const p1 = new PopupPO(await openPopup(l, '#saved'));
    await expect.poll(() => p1.savedIds()).toEqual(['2401.16380']);
    expect(await p1.savedItem('2401.16380').getByTestId('saved-note').inputValue()).toBe('Rephrase before pretraining.');

    // The whole browser closes and starts again on the same profile.
    const profile = l.userDataDir;
    await l.close({ keepProfile: true });
    const again = await launch(defaultSite(), { userDataDir: profile });
    opened.push(again);
    const p2 = new PopupPO(await openPopup(again, '#saved'));
    await expect.poll(() => p2.savedIds()).toEqual(['2401.16380']);
    // Two clean-clone CI runs read '' here: the overlay's re-read after the save wiped the typed tags
    // before they were saved (fixed by drafts, lib/ui/draft.ts; the next test makes that race certain).
    await expect.poll(() => p2.savedItem('2401.16380').getByTestId('saved-tags').inputValue()).toBe('data');
    await expect
      .poll(() => p2.savedItem('2401.16380').getByTestId('saved-note').inputValue())
      .toBe('Rephrase before pretraining.');
    const tab2 = await again.context.newPage();
    await tab2.goto('https://arxiv.org/abs/2401.16380');
    const o2 = await new OverlayPO(tab2).ready();
    await expect.poll(() => o2.saveToggle.getAttribute('aria-pressed')).toBe('true');
  });

  it('what is being typed survives a change made in another tab, and untouched fields follow it', async () => {
    const l = await launch(defaultSite());
    opened.push(l);
    const tab = await l.context.newPage();
    await tab.goto('https://arxiv.org/abs/2401.16380');
    const o = await new OverlayPO(tab).ready();
    await o.saveToggle.click();
    await expect.poll(() => o.saveToggle.getAttribute('aria-pressed')).toBe('true');
    // Typed, not yet saved.
    await o.tags.fill('data');

    // The popup, in another tab, writes a note on the same paper: every open overlay reads its paper again.
    const popup = new PopupPO(await openPopup(l, '#saved'));
    await expect.poll(() => popup.savedIds()).toEqual(['2401.16380']);
    const row = popup.savedItem('2401.16380');
    await row.getByTestId('saved-note').fill('From the popup.');
    await row.getByTestId('saved-note').blur();
    // The overlay's untouched note follows; its typed tags are kept (they used to be wiped by the re-read).
    await expect.poll(() => o.note.inputValue(), { timeout: 5_000 }).toBe('From the popup.');
    expect(await o.tags.inputValue()).toBe('data');

    // A save of another paper in a third tab is a list change too.
    const other = await l.context.newPage();
    await other.goto('https://arxiv.org/abs/2010.10137');
    const o3 = await new OverlayPO(other).ready();
    await o3.saveToggle.click();
    await expect.poll(() => popup.savedIds(), { timeout: 5_000 }).toHaveLength(2);
    expect(await o.tags.inputValue()).toBe('data');

    // Saved at last: the popup's untouched tag box follows, with the note from the popup kept.
    await o.saveDetails.click();
    await expect.poll(() => o.saveDetails.isDisabled()).toBe(true);
    await expect.poll(() => row.getByTestId('saved-tags').inputValue(), { timeout: 5_000 }).toBe('data');
    expect(await row.getByTestId('saved-note').inputValue()).toBe('From the popup.');
  });
});

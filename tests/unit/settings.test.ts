import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  saveSettings,
  SETTINGS_KEY,
  sitesChanged,
  watchSettings,
  type Settings,
} from '../../lib/settings/settings';

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('settings storage (@wxt-dev/storage item local:settings)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('a new install reads the defaults', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('writes the record the first release wrote: key "settings", version 1, every field', async () => {
    const saved = await saveSettings({ collapsed: true, relatedCount: 3 });
    expect(saved).toEqual({ ...DEFAULT_SETTINGS, collapsed: true, relatedCount: 3 });
    const stored = await fakeBrowser.storage.local.get(null);
    expect(stored).toEqual({ [SETTINGS_KEY]: { version: 1, arxiv: true, huggingface: true, collapsed: true, relatedCount: 3 } });
  });

  it('reads what an earlier version stored, and validates it', async () => {
    await fakeBrowser.storage.local.set({
      settings: { version: 1, arxiv: false, huggingface: true, collapsed: false, relatedCount: 7 },
    });
    expect(await loadSettings()).toMatchObject({ arxiv: false, relatedCount: 7 });
    await fakeBrowser.storage.local.set({ settings: { arxiv: 'no', relatedCount: 99, collapsed: true } });
    expect(await loadSettings()).toEqual({ ...DEFAULT_SETTINGS, collapsed: true, relatedCount: 10 });
    await fakeBrowser.storage.local.set({ settings: 'garbage' });
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('a save changes only the fields it names', async () => {
    await saveSettings({ huggingface: false });
    await saveSettings({ relatedCount: 2 });
    expect(await loadSettings()).toEqual({ ...DEFAULT_SETTINGS, huggingface: false, relatedCount: 2 });
  });

  it('watchers get every change, validated, until they unwatch', async () => {
    const seen: Settings[] = [];
    const unwatch = watchSettings((s) => seen.push(s));
    await saveSettings({ collapsed: true });
    await fakeBrowser.storage.local.set({ settings: { relatedCount: -4 } });
    await nextTask();
    unwatch();
    await saveSettings({ arxiv: false });
    await nextTask();
    expect(seen).toEqual([
      { ...DEFAULT_SETTINGS, collapsed: true },
      { ...DEFAULT_SETTINGS, relatedCount: 0 },
    ]);
  });

  it('says when a change switches a site on or off', () => {
    expect(sitesChanged(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, collapsed: true, relatedCount: 1 })).toBe(false);
    expect(sitesChanged(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, arxiv: false })).toBe(true);
    expect(sitesChanged(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, huggingface: false })).toBe(true);
  });
});

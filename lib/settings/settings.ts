/**
 * User settings (options page; the overlay's collapse choice). Kept under one
 * storage key with its own version through `@wxt-dev/storage` (`defineItem`);
 * read anywhere, applied to open tabs through the item's `watch()` without a reload.
 */
import { storage } from 'wxt/utils/storage';
import { siteOfHost } from '../core/hosts';

/** Settings, as stored. */
export interface Settings {
  /** Storage layout version of this record. */
  version: 1;
  /** Show the overlay and badges on arXiv pages. */
  arxiv: boolean;
  /** Show the overlay and badges on Hugging Face pages. */
  huggingface: boolean;
  /** The overlay is collapsed to a small tab (remembered from the last click, and set on the options page). */
  collapsed: boolean;
  /** How many related papers the overlay and popup show (0 to 10). */
  relatedCount: number;
}

/** The storage key. */
export const SETTINGS_KEY = 'settings';

/** Defaults for a new install. */
export const DEFAULT_SETTINGS: Settings = { version: 1, arxiv: true, huggingface: true, collapsed: false, relatedCount: 5 };

/** Reads whatever is stored into valid settings: unknown or broken values fall back to defaults. */
export function normaliseSettings(raw: unknown): Settings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const bool = (k: keyof Settings) => (typeof r[k] === 'boolean' ? (r[k] as boolean) : (DEFAULT_SETTINGS[k] as boolean));
  const count = typeof r.relatedCount === 'number' && Number.isFinite(r.relatedCount) ? Math.round(r.relatedCount) : 5;
  return {
    version: 1,
    arxiv: bool('arxiv'),
    huggingface: bool('huggingface'),
    collapsed: bool('collapsed'),
    relatedCount: Math.min(10, Math.max(0, count)),
  };
}

/** Whether the overlay runs on a host. */
export function enabledOn(settings: Settings, hostname: string): boolean {
  return siteOfHost(hostname) === 'huggingface' ? settings.huggingface : settings.arxiv;
}

/** Whether a change of settings switches a site on or off (the page must then be shown again). */
export function sitesChanged(before: Settings, after: Settings): boolean {
  return before.arxiv !== after.arxiv || before.huggingface !== after.huggingface;
}

/**
 * The stored settings: `local:settings`, the key and record the first release
 * wrote (its `version: 1` field kept, and the item's `version` 1, so a later
 * layout adds ordered `migrations` here). The type is what we write; what is read
 * may be anything an older or broken install left, so every read goes through
 * `normaliseSettings`.
 */
export const settingsItem = storage.defineItem<Settings>(`local:${SETTINGS_KEY}`, {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

/** Loads settings. */
export async function loadSettings(): Promise<Settings> {
  return normaliseSettings(await settingsItem.getValue());
}

/** Changes some settings and returns the result. */
export async function saveSettings(patch: Partial<Omit<Settings, 'version'>>): Promise<Settings> {
  const next = normaliseSettings({ ...(await loadSettings()), ...patch });
  await settingsItem.setValue(next);
  return next;
}

/** Calls `onChange` with the new settings whenever another context (or this one) changes them; returns the unwatch. */
export function watchSettings(onChange: (settings: Settings) => void): () => void {
  return settingsItem.watch((value) => onChange(normaliseSettings(value)));
}

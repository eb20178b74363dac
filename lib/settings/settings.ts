/**
 * User settings (options page; the overlay's collapse choice). Kept under one
 * storage key with its own version; read anywhere, applied to open tabs through
 * `storage.onChanged` without a reload.
 */

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
  return /huggingface\.co$/.test(hostname) ? settings.huggingface : settings.arxiv;
}

/** The part of `browser.storage.local` settings use. */
export interface SettingsArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** Loads settings. */
export async function loadSettings(area: SettingsArea): Promise<Settings> {
  return normaliseSettings((await area.get(SETTINGS_KEY))[SETTINGS_KEY]);
}

/** Changes some settings and returns the result. */
export async function saveSettings(area: SettingsArea, patch: Partial<Omit<Settings, 'version'>>): Promise<Settings> {
  const next = normaliseSettings({ ...(await loadSettings(area)), ...patch });
  await area.set({ [SETTINGS_KEY]: next });
  return next;
}

/**
 * "Everything stays on your machine", checked: Paper Lens used on every kind of
 * saved page and in the popup makes no request to anywhere but its own
 * chrome-extension:// origin. Also checks the built Chrome manifest's privileges.
 *
 * What is watched: every request of the browser context. Playwright reports (and
 * routes) the extension service worker's fetches as context requests
 * (`request.serviceWorker()`), so a fetch() added to the background is caught; the
 * first test proves it. A content script's or the overlay's requests are made on
 * behalf of the page; for those, a CDP session on each tab follows every request's
 * initiator (its JS stack, async parents included, or the stylesheet that asked)
 * back to the script's execution context: one of the extension's (the content
 * script's isolated world, origin chrome-extension://<id>) makes it the extension's.
 * The second test proves that by fetching from inside the content script's world.
 * As a backstop, a tab's request to a host that no served page names is also counted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR, launch, openPopup, type Launched, type Site } from './harness';
import { BadgesPO, OverlayPO, PopupPO } from './page-objects';
import { defaultSite } from './site';

interface Seen {
  url: string;
  /** `worker`: the extension's service worker; `extension-page`: popup/options; `page`: a web page (and content scripts in it). */
  from: 'worker' | 'extension-page' | 'page';
  navigation: boolean;
}

const builtManifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
  web_accessible_resources?: { resources: string[] }[];
};
const exposed = new Set((builtManifest.web_accessible_resources ?? []).flatMap((w) => w.resources));

let l: Launched;
const seen: Seen[] = [];
const servedBodies: string[] = [];
/** Requests from tabs whose initiator is one of the extension's scripts (content script, overlay). */
const fromContentScripts: string[] = [];
/** The CDP session of each tab opened by open(), and the content script's execution context there. */
const tabs = new Map<Page, { cdp: CDPSession; extensionContexts: Set<number> }>();

beforeAll(async () => {
  const base = defaultSite();
  const site: Site = (url) => {
    const served = base(url);
    if (served) servedBodies.push(String(served.body));
    return served;
  };
  l = await launch(site);
  l.context.on('request', (r: Request) => seen.push(describeRequest(r)));
});
afterAll(async () => l?.close());

function describeRequest(r: Request): Seen {
  const navigation = r.isNavigationRequest();
  if (r.serviceWorker()) return { url: r.url(), from: 'worker', navigation };
  let frameUrl: string;
  try {
    frameUrl = r.frame().url();
  } catch {
    // No frame and no service worker: an extension context Playwright cannot name. Count it as the extension's.
    return { url: r.url(), from: 'worker', navigation };
  }
  return { url: r.url(), from: frameUrl.startsWith('chrome-extension://') ? 'extension-page' : 'page', navigation };
}

/** Requests, among `list`, that Paper Lens made to somewhere other than itself. */
function offOrigin(list: Seen[]): Seen[] {
  const own = `chrome-extension://${l.extensionId}/`;
  return list.filter((s) => {
    if (s.url.startsWith(own) || s.url.startsWith(`blob:${own}`) || s.url.startsWith('data:')) return false;
    if (isOwnDynamicResource(s.url)) return false;
    if (s.from !== 'page') return true;
    // Backstop for tabs (the initiator trace is the main check): the served sites and
    // the hosts the saved pages load from (arXiv's CDNs) are the pages' own.
    const { hostname } = new URL(s.url);
    if (SERVED_HOSTS.test(hostname) || s.navigation) return false;
    return !servedBodies.some((body) => body.includes(`//${hostname}/`));
  });
}

/**
 * The overlay's stylesheet is web-accessible with `use_dynamic_url` (WXT, cssInjectionMode
 * 'ui'): Chrome serves it from a per-session chrome-extension://<random>/ origin. It is
 * the extension's own file when the build has it and the manifest exposes it.
 */
function isOwnDynamicResource(url: string): boolean {
  const u = new URL(url);
  if (u.protocol !== 'chrome-extension:') return false;
  const path = u.pathname.replace(/^\//, '');
  return exposed.has(path) && existsSync(join(EXTENSION_DIR, path));
}

const SERVED_HOSTS = /^(www\.|export\.|browse\.)?arxiv\.org$|^huggingface\.co$/;

interface CallFrame {
  scriptId: string;
  url: string;
}
interface StackTrace {
  callFrames: CallFrame[];
  parent?: StackTrace;
  parentId?: unknown;
}
interface Initiator {
  type: string;
  url?: string;
  stack?: StackTrace;
}

/** Opens a tab whose every request is traced back to the script that made it. */
async function open(url: string): Promise<Page> {
  const page = await l.context.newPage();
  const cdp = await l.context.newCDPSession(page);
  const extensionOrigin = `chrome-extension://${l.extensionId}`;
  const extensionContexts = new Set<number>();
  const extensionScripts = new Set<string>();
  tabs.set(page, { cdp, extensionContexts });
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    if (context.origin === extensionOrigin) extensionContexts.add(context.id);
  });
  cdp.on('Debugger.scriptParsed', (e) => {
    if (extensionContexts.has(e.executionContextId) || e.url.startsWith('chrome-extension://')) extensionScripts.add(e.scriptId);
  });
  cdp.on('Network.requestWillBeSent', (e) => {
    const target = e.request.url;
    if (target.startsWith('chrome-extension://') || target.startsWith('data:') || target.startsWith('blob:')) return;
    const initiator = e.initiator as Initiator;
    let byExtension = initiator.url?.startsWith('chrome-extension://') ?? false;
    for (let st = initiator.stack; st && !byExtension; st = st.parent) {
      byExtension = st.callFrames.some((f) => extensionScripts.has(f.scriptId) || f.url.startsWith('chrome-extension://'));
    }
    if (byExtension) fromContentScripts.push(target);
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Debugger.enable');
  await cdp.send('Debugger.setAsyncCallStackDepth', { maxDepth: 32 });
  await cdp.send('Network.enable');
  await page.goto(url);
  return page;
}

async function close(page: Page): Promise<void> {
  tabs.delete(page);
  await page.close();
}

describe('the detector', () => {
  it('catches a fetch() made by the background service worker', async () => {
    const from = seen.length;
    const result = await l.worker.evaluate(async () => {
      try {
        await fetch('https://example.org/');
        return 'fetched';
      } catch {
        return 'refused';
      }
    });
    expect(result).toBe('refused');
    await expect
      .poll(() => offOrigin(seen.slice(from)))
      .toEqual([{ url: 'https://example.org/', from: 'worker', navigation: false }]);
    expect(l.refused).toContain('https://example.org/');
  });

  it('catches a fetch() made from inside the content script, even to arxiv.org itself', async () => {
    const page = await open('https://arxiv.org/abs/1909.11740');
    await new OverlayPO(page).ready();
    const { cdp, extensionContexts } = tabs.get(page)!;
    expect(extensionContexts.size).toBeGreaterThan(0);
    const [contextId] = extensionContexts;
    const from = fromContentScripts.length;
    const result = await cdp.send('Runtime.evaluate', {
      contextId,
      expression: "fetch('https://arxiv.org/collect?paper=1909.11740').then(r => r.status, e => String(e))",
      awaitPromise: true,
    });
    expect(result.result.value).toBe(404);
    await expect.poll(() => fromContentScripts.slice(from)).toEqual(['https://arxiv.org/collect?paper=1909.11740']);
    await close(page);
  });

  it('catches a request from a tab to a host no served page names', async () => {
    const page = await open('https://arxiv.org/abs/1909.11740');
    const from = seen.length;
    await page.evaluate(() => fetch('https://example.net/beacon?x=1').catch(() => undefined));
    await expect.poll(() => offOrigin(seen.slice(from)).map((s) => s.url)).toEqual(['https://example.net/beacon?x=1']);
    await close(page);
  });
});

describe('normal use makes no request beyond the extension', () => {
  let from = 0;
  let fromScripts = 0;
  beforeAll(() => {
    from = seen.length;
    fromScripts = fromContentScripts.length;
  });

  it('on an abstract page: overlay, related papers, saving', async () => {
    const page = await open('https://arxiv.org/abs/1909.11740');
    const o = await new OverlayPO(page).ready();
    expect(await o.state()).toBe('match');
    await o.saveToggle.click();
    await expect.poll(() => o.saveToggle.getAttribute('aria-pressed')).toBe('true');
    await close(page);
  });

  it('on the arXiv HTML rendering, the cs.CL listing, a Hugging Face daily list and paper page', async () => {
    const html = await open('https://arxiv.org/html/2604.15597v1');
    await new OverlayPO(html).ready();
    await close(html);
    const list = await open('https://arxiv.org/list/cs.CL/new');
    await expect.poll(() => new BadgesPO(list).all.count(), { timeout: 15_000 }).toBe(3);
    await close(list);
    const daily = await open('https://huggingface.co/papers/date/2026-06-03');
    await expect
      .poll(() => daily.evaluate(() => document.documentElement.dataset.paperLensBadged ?? ''), { timeout: 15_000 })
      .not.toBe('');
    await close(daily);
    const hf = await open('https://huggingface.co/papers/2308.08414');
    await new OverlayPO(hf).ready();
    await close(hf);
  });

  it('in the popup: search as you type, the reading list, and every export format', async () => {
    const popup = await openPopup(l);
    const p = new PopupPO(popup);
    await p.search.pressSequentially('retrieval pre-training', { delay: 20 });
    await expect.poll(async () => (await p.resultIds()).length).toBeGreaterThan(0);
    await p.savedTab.click();
    await expect.poll(() => p.savedIds()).toContain('1909.11740');
    for (const testid of ['export-bibtex', 'export-markdown', 'export-json', 'export-csl']) {
      const download = popup.waitForEvent('download');
      await popup.getByTestId(testid).click();
      expect((await download).suggestedFilename()).toMatch(/^paper-lens/);
    }
    await popup.close();
  });

  it('all of the above: zero requests off the extension origin', async () => {
    // Give a late beacon (a timer in the worker or the content script) time to show.
    await new Promise((r) => setTimeout(r, 1_000));
    const during = seen.slice(from);
    console.log(
      `network check: ${during.length} requests during normal use, ` +
        `${during.filter((s) => s.from === 'worker').length} from the service worker, ` +
        `${during.filter((s) => s.from === 'extension-page').length} from the popup, ` +
        `${during.filter((s) => s.from === 'page').length} by the pages`,
    );
    expect(during.length).toBeGreaterThan(0);
    expect(offOrigin(during)).toEqual([]);
    expect(fromContentScripts.slice(fromScripts)).toEqual([]);
  });
});

describe('the built Chrome manifest (.output/chrome-mv3)', () => {
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
    permissions?: string[];
    host_permissions?: string[];
    optional_permissions?: string[];
    content_scripts?: { matches: string[] }[];
    web_accessible_resources?: { resources: string[]; matches: string[] }[];
    [key: string]: unknown;
  };
  const HOSTS = [
    '*://arxiv.org/*',
    '*://www.arxiv.org/*',
    '*://export.arxiv.org/*',
    '*://browse.arxiv.org/*',
    '*://ar5iv.labs.arxiv.org/*',
    '*://ar5iv.org/*',
    '*://huggingface.co/*',
  ];

  it('asks for storage and the seven paper hosts only', () => {
    // unlimitedStorage and downloads: issue 17 (tests/unit/manifest.test.ts says why).
    expect(manifest.permissions).toEqual(['storage', 'unlimitedStorage', 'downloads']);
    expect(manifest.host_permissions).toEqual(HOSTS);
    expect(manifest).not.toHaveProperty('optional_permissions');
    expect(manifest).not.toHaveProperty('optional_host_permissions');
    expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
  });

  it('runs content scripts and exposes resources on those hosts only', () => {
    for (const cs of manifest.content_scripts ?? []) expect([...cs.matches].sort()).toEqual([...HOSTS].sort());
    for (const w of manifest.web_accessible_resources ?? []) {
      expect([...w.matches].sort()).toEqual([...HOSTS].sort());
      for (const r of w.resources) expect(r).toMatch(/\.css$/);
    }
  });

  it('keeps the default CSP (no remote code) and lets no site or extension connect', () => {
    expect(manifest).not.toHaveProperty('content_security_policy');
    expect(manifest).not.toHaveProperty('externally_connectable');
    expect(manifest).not.toHaveProperty('update_url');
    expect(manifest).not.toHaveProperty('key');
  });
});

describe("the built worker's script (.output/chrome-mv3/background.js)", () => {
  const script = readFileSync(join(EXTENSION_DIR, 'background.js'), 'utf8');

  it('holds no table it does not use: it is evaluated at every worker start', () => {
    // unicode2latex's index evaluates its Unicode → LaTeX tables (biblatex, bibtex) on import; only the LaTeX →
    // Unicode table is read (lib/formats/import/latex.ts). With them the script was 433 KB and took 18–24 ms to
    // evaluate at each cold start in Chromium, 6 ms without.
    expect(script.length).toBeLessThan(330_000);
  });
});

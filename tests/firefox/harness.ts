/** What every Firefox ESR test shares: the built add-on and a browser with it installed. */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { ROOT } from '../e2e/harness';

/** The Firefox build `npm run build` writes. */
export const ADDON_DIR = join(ROOT, '.output/firefox-mv2');
/** The gecko id of `wxt.config.ts`. */
export const ADDON_ID = 'paper-lens@paperlens.dev';
/** The add-on's moz-extension:// host, fixed through a pref so tests can open its pages. */
export const ADDON_UUID = randomUUID();

/** Launches headless Firefox ESR with Paper Lens installed; fails when there is no build. */
export async function launchFirefox(): Promise<Browser> {
  if (!existsSync(join(ADDON_DIR, 'manifest.json'))) throw new Error(`no build at ${ADDON_DIR}: run npm run build`);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    // BiDi refuses to navigate a tab to a moz-extension:// URL ("Navigation to ... is
    // not allowed in this context", webdriver-bidi browsingContext.navigate) unless the
    // driver is given system access. It widens what the test driver may do, not the add-on.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }) },
  });
  const installed = await browser.installExtension(ADDON_DIR);
  if (installed !== ADDON_ID) throw new Error(`installed ${installed}, expected ${ADDON_ID}`);
  return browser;
}

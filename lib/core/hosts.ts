/**
 * The one host list. `wxt.config.ts` builds the host permissions and the
 * content-script matches from it, the worker's sender check accepts content
 * scripts only from it, and the URL recognisers (`lib/pages/`) read it. A host
 * added here is added everywhere at once; `tests/unit/manifest.test.ts` pins it.
 */

/** arXiv's own hosts: abstract, PDF, HTML, listing and search pages. */
export const ARXIV_HOSTS: readonly string[] = ['arxiv.org', 'www.arxiv.org', 'export.arxiv.org', 'browse.arxiv.org'];

/**
 * ar5iv, arXiv's HTML rendering of older papers (where papers without an
 * arxiv.org/html rendering are read as HTML): the overlay and highlights run there.
 */
export const AR5IV_HOSTS: readonly string[] = ['ar5iv.labs.arxiv.org', 'ar5iv.org'];

/** Hugging Face (its www host redirects to this one, so it is not listed). */
export const HF_HOSTS: readonly string[] = ['huggingface.co'];

/** The hosts Paper Lens runs on and asks permission for; nothing else, no `<all_urls>`. */
export const PERMITTED_HOSTS: readonly string[] = [...ARXIV_HOSTS, ...AR5IV_HOSTS, ...HF_HOSTS];

/** Match patterns for `host_permissions` and the content script's `matches`. */
export function hostMatchPatterns(hosts: readonly string[] = PERMITTED_HOSTS): string[] {
  return hosts.map((h) => `*://${h}/*`);
}

/** True when a page on `hostname` may talk to the worker as a content script. */
export function isPermittedHost(hostname: string): boolean {
  return PERMITTED_HOSTS.includes(hostname);
}

/** Which site a permitted or recognised host belongs to. */
export function siteOfHost(hostname: string): 'arxiv' | 'ar5iv' | 'huggingface' | null {
  if (ARXIV_HOSTS.includes(hostname)) return 'arxiv';
  if (AR5IV_HOSTS.includes(hostname)) return 'ar5iv';
  if (HF_HOSTS.includes(hostname)) return 'huggingface';
  return null;
}

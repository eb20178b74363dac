/** What the content script sends the worker about a paper page. */
import type { PagePaperInput } from '../messaging/contract';
import type { PagePaper, PageRef } from '../pages';

const MAX_TITLE = 2_000;
const MAX_ABSTRACT = 20_000;

/**
 * Joins what the URL and the page say, the URL's ID winning (it names the paper
 * the user asked for), and trims every field to what the contract accepts, so an
 * enormous or hostile page still gets an answer.
 */
export function pagePaperPayload(ref: PageRef, page: PagePaper | null): PagePaperInput {
  const arxivId = ref.arxivId ?? page?.arxivId;
  // Right after a client-side navigation the page may still show the previous
  // paper: its metadata is only used when it names the paper the URL names.
  if (page?.arxivId && ref.arxivId && page.arxivId !== ref.arxivId) page = null;
  const out: PagePaperInput = { authors: (page?.authors ?? []).slice(0, 200).map((a) => a.slice(0, 300)) };
  if (arxivId) out.arxivId = arxivId;
  const version = ref.version ?? page?.version;
  if (version && version >= 1 && version <= 1000) out.version = version;
  if (page?.title) out.title = page.title.slice(0, MAX_TITLE);
  if (page?.abstract) out.abstract = page.abstract.slice(0, MAX_ABSTRACT);
  if (page?.year && page.year >= 1000 && page.year <= 3000) out.year = page.year;
  return out;
}

/**
 * What the popup knows about a tab from its URL and title alone: that is all it
 * has for a PDF tab, where content scripts do not run.
 */
import { parseArxivId } from '../core/arxiv-id';
import type { PagePaperInput } from '../messaging/contract';
import { isPaperKind, recognisePage } from './index';

/** A tab as `tabs.query` reports it. */
export interface TabInfo {
  url?: string;
  title?: string;
  lastAccessed?: number;
  active?: boolean;
}

/** The paper a tab shows, or null when it is not a paper page. */
export function paperFromTab(tab: TabInfo): PagePaperInput | null {
  if (!tab.url) return null;
  let url: URL;
  try {
    url = new URL(tab.url);
  } catch {
    return null;
  }
  const ref = recognisePage(url);
  if (!ref || !isPaperKind(ref.kind)) return null;
  const page: PagePaperInput = { authors: [] };
  if (ref.arxivId) page.arxivId = ref.arxivId;
  if (ref.version) page.version = ref.version;
  const title = titleFromTabTitle(tab.title ?? '');
  if (title) page.title = title.slice(0, 2_000);
  return page.arxivId || page.title ? page : null;
}

/**
 * "[2310.00161v1] Some Title" (arXiv), "Paper page - Some Title" (Hugging Face); undefined for
 * a bare host, a PDF file name or a bare id (what a PDF viewer shows), which name no title.
 */
export function titleFromTabTitle(title: string): string | undefined {
  const t = title.replace(/\s+/g, ' ').trim();
  if (!t || /^(arxiv\.org|huggingface\.co)$/i.test(t) || /\.pdf$/i.test(t) || parseArxivId(t)) return undefined;
  const arxiv = /^\[[^\]]+\]\s*(.+)$/.exec(t);
  if (arxiv) return arxiv[1];
  const hf = /^Paper page\s*-\s*(.+)$/i.exec(t);
  if (hf) return hf[1];
  return undefined;
}

/**
 * The tab the popup should describe: the active tab when it is a paper page; when
 * the popup itself is open in a tab (as end-to-end tests open it), the most
 * recently active paper tab. Null when the active tab is some other page.
 */
export function pickPaperTab(active: TabInfo | undefined, all: TabInfo[], extensionOrigin: string): TabInfo | null {
  if (active && !active.url?.startsWith(extensionOrigin)) return paperFromTab(active) ? active : null;
  return (
    all
      .filter((t) => !t.url?.startsWith(extensionOrigin) && paperFromTab(t))
      .sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0] ?? null
  );
}

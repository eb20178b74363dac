/**
 * The shape of a paper everywhere in Paper Lens: the bundled corpus, the
 * reading list, the messages between contexts.
 */
import { isArxivId, isNewStyleId } from './arxiv-id';

/** Links a researcher follows from a paper. */
export interface PaperLinks {
  /** arXiv abstract page. */
  abs?: string;
  /** arXiv PDF. */
  pdf?: string;
  /** Hugging Face paper page (only for new-style arXiv IDs). */
  hf?: string;
  /** Code repositories that the abstract mentions. */
  code?: string[];
}

/** One paper of the corpus. */
export interface Paper {
  /** Bare arXiv ID without version (`2310.00161`, `hep-th/9901001`), or a stable `pl-…` id for a paper without one. */
  id: string;
  /** The title as the corpus source shows it. */
  title: string;
  /** The abstract, whitespace folded. */
  abstract: string;
  /** Author names, in order (the bundled source names only the first author). */
  authors: string[];
  /** Year of the first arXiv version, when known. */
  year?: number;
  links: PaperLinks;
}

// The grammar lives in `./arxiv-id`; `isArxivId` is re-exported here because the
// exporters and importers ask it next to the other paper helpers.
export { isArxivId } from './arxiv-id';

/** The links every arXiv paper has; Hugging Face indexes only new-style IDs. */
export function arxivLinks(id: string): PaperLinks {
  if (!isArxivId(id)) return {};
  const links: PaperLinks = {
    abs: `https://arxiv.org/abs/${id}`,
    pdf: `https://arxiv.org/pdf/${id}`,
  };
  if (isNewStyleId(id)) links.hf = `https://huggingface.co/papers/${id}`;
  return links;
}

/**
 * A stable id for a paper with no arXiv ID: a hash of its normalised title, so the
 * same paper gets the same id on every build and in every import.
 */
export function localPaperId(title: string): string {
  const key = title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  // FNV-1a, 32 bit, twice with different seeds: short, stable, no dependency.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193 + 2);
  }
  return `pl-${(h1 >>> 0).toString(36)}${(h2 >>> 0).toString(36)}`;
}

const CODE_HOSTS = /^(github\.com|gitlab\.com|bitbucket\.org|codeberg\.org|anonymous\.4open\.science)$/i;

/** Code repository URLs mentioned in an abstract, trailing punctuation removed. */
export function codeUrls(abstract: string): string[] {
  const found: string[] = [];
  for (const m of abstract.matchAll(/https?:\/\/[^\s<>"]+/g)) {
    const url = m[0].replace(/[.,;:)\]}>'"]+$/, '');
    try {
      if (CODE_HOSTS.test(new URL(url).hostname) && !found.includes(url)) found.push(url);
    } catch {
      // not a URL after all: nothing to link
    }
  }
  return found;
}

/**
 * True for an id a saved or collected paper can have: a bare arXiv id (the
 * grammar of `arxiv-id.ts`), `doi:` and a DOI, or a `pl-…` id of `localPaperId`.
 */
export function isPaperId(id: string): boolean {
  return isArxivId(id) || /^doi:10\.\d{4,9}\/\S+$/.test(id) || /^pl-[0-9a-z]+$/.test(id);
}

/**
 * Exports the reading list in the formats researchers take elsewhere: BibTeX
 * for LaTeX, Markdown for notes, JSON as a lossless backup, CSL-JSON and RIS for
 * Zotero, Mendeley and EndNote, W3C Web Annotation for the highlights.
 */
import { hasTag } from '../../core/tags';
import type { ReadingList } from '../../reading-list/list';
import { toBibtex } from './bibtex';
import { toCslJson } from './csl-json';
import { toJson } from './json';
import { toMarkdown } from './markdown';
import { toRis } from './ris';
import { toWebAnnotationCollection } from '../../annotations/formats';

/** Every export format `exportList` writes, in the order the popup offers them: the one list the contract and the UI use. */
export const EXPORT_FORMATS = ['bibtex', 'markdown', 'json', 'csl-json', 'ris', 'web-annotation'] as const;

/** An export format's name. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A file ready to download. */
export interface ExportedFile {
  /** e.g. `paper-lens-2026-11-26.bib`, `paper-lens-vision-2026-11-26.md`. */
  filename: string;
  mime: string;
  text: string;
}

/** Options of `exportList`. */
export interface ExportOptions {
  /** Only papers with this tag (compared ignoring case); the tag goes into the file name. */
  tag?: string;
  /** The export time (file name, JSON `exportedAt`); defaults to now. */
  now?: Date;
}

const FILE: Record<ExportFormat, { ext: string; mime: string }> = {
  bibtex: { ext: 'bib', mime: 'application/x-bibtex' },
  markdown: { ext: 'md', mime: 'text/markdown' },
  json: { ext: 'json', mime: 'application/json' },
  'csl-json': { ext: 'csl.json', mime: 'application/vnd.citationstyles.csl+json' },
  ris: { ext: 'ris', mime: 'application/x-research-info-systems' },
  'web-annotation': { ext: 'annotations.jsonld', mime: 'application/ld+json' },
};

/** The tag as a file-name part: lowercase letters, digits and hyphens. */
function slug(tag: string): string {
  return (
    tag
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'tag'
  );
}

/** The local calendar date, since that is the day the user exported on. */
function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Writes the list (or the papers with `opts.tag`) in `format`. */
export function exportList(list: ReadingList, format: ExportFormat, opts: ExportOptions = {}): ExportedFile {
  const now = opts.now ?? new Date();
  const tag = opts.tag?.trim();
  const papers = tag ? list.papers.filter((p) => hasTag(p.tags, tag)) : list.papers;
  const { ext, mime } = FILE[format];
  const filename = `paper-lens-${opts.tag?.trim() ? `${slug(opts.tag)}-` : ''}${localDate(now)}.${ext}`;
  let text: string;
  switch (format) {
    case 'bibtex':
      text = toBibtex(papers);
      break;
    case 'markdown':
      text = toMarkdown(papers, localDate(now), opts.tag?.trim() || undefined);
      break;
    case 'json':
      text = toJson(papers, now);
      break;
    case 'csl-json':
      text = toCslJson(papers);
      break;
    case 'ris':
      text = toRis(papers);
      break;
    case 'web-annotation':
      // The highlights only (W3C Web Annotation JSON-LD); the papers themselves travel in the other formats.
      text = toWebAnnotationCollection(
        papers.filter((p) => p.annotations?.length).map((p) => ({ id: p.id, title: p.title, annotations: p.annotations! })),
      );
      break;
  }
  return { filename, mime, text };
}

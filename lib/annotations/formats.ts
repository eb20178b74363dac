/**
 * Annotations out and in: Markdown (per paper, each quote a block quote with
 * its note under it — what people paste into Obsidian or a lab wiki) and W3C
 * Web Annotation JSON-LD (https://www.w3.org/TR/annotation-model/), which
 * Hypothesis and other annotators read. The lossless JSON export is the reading
 * list's own (annotations are a field of the saved paper).
 */
import { normaliseArxivId } from '../core/arxiv-id';
import { escapeMarkdown } from '../formats/export/markdown';
import { toSavedPaper, type SavedPaper } from '../reading-list/list';
import { highlightsMarkdown } from './markdown';
import { parseAnnotation } from './records';
import type { Annotation, AnnotationTarget } from './types';

/** What the exports need to know of a paper. */
export interface AnnotatedPaper {
  /** Bare arXiv id (or `pl-…`). */
  id: string;
  /** Title. */
  title: string;
  /** Its annotations. */
  annotations: readonly Annotation[];
}

/** Where a highlight was made: the versioned HTML rendering when known, else the abstract page. */
export function annotationSource(paperId: string, target: AnnotationTarget): string {
  const v = target.version ? `v${target.version}` : '';
  switch (target.rendering) {
    case 'arxiv-html':
      return `https://arxiv.org/html/${paperId}${v}`;
    case 'ar5iv':
      return `https://ar5iv.labs.arxiv.org/html/${paperId}`;
    case 'hf-paper':
      return `https://huggingface.co/papers/${paperId}`;
    default:
      return `https://arxiv.org/abs/${paperId}${v}`;
  }
}

/**
 * One paper's highlights as Markdown: a heading with the paper's link, then
 * each quote as a block quote (colour and date under it) followed by its note.
 * `orphans` names the ids not found on the page at the last visit, marked so.
 */
export function annotationsToMarkdown(paper: AnnotatedPaper, orphans: ReadonlySet<string> = new Set()): string {
  const lines = [`# ${escapeMarkdown(paper.title)}`, ''];
  if (!paper.id.startsWith('pl-')) lines.push(`<https://arxiv.org/abs/${paper.id}>`, '');
  return `${[...lines, ...highlightsMarkdown(paper.annotations, escapeMarkdown, orphans)].join('\n')}`;
}

/** The W3C `@context`. */
export const WEB_ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/** One annotation as a W3C Web Annotation. Paper Lens's own fields ride under `paperLens`, which other readers ignore. */
export function toWebAnnotation(paperId: string, a: Annotation): Record<string, unknown> {
  const t = a.target;
  const selector: Record<string, unknown>[] = [
    { type: 'TextQuoteSelector', exact: t.quote.exact, prefix: t.quote.prefix, suffix: t.quote.suffix },
    { type: 'TextPositionSelector', start: t.position.start, end: t.position.end },
  ];
  if (t.elementId)
    selector.push({
      type: 'CssSelector',
      value: `[id="${t.elementId.replace(/["\\]/g, '\\$&')}"]`,
      refinedBy: {
        type: 'TextPositionSelector',
        start: t.elementOffset ?? 0,
        end: (t.elementOffset ?? 0) + t.quote.exact.length,
      },
    });
  const out: Record<string, unknown> = {
    '@context': WEB_ANNOTATION_CONTEXT,
    id: `urn:uuid:${a.id}`,
    type: 'Annotation',
    motivation: a.note ? 'commenting' : 'highlighting',
    created: new Date(a.createdAt).toISOString(),
    modified: new Date(a.updatedAt).toISOString(),
    target: { source: annotationSource(paperId, t), selector },
    paperLens: { paperId, colour: a.colour, rendering: t.rendering, ...(t.version ? { version: t.version } : {}) },
  };
  if (a.note) out.body = { type: 'TextualBody', value: a.note, format: 'text/plain', purpose: 'commenting' };
  return out;
}

/** Papers' annotations as one W3C `AnnotationCollection` (JSON-LD). */
export function toWebAnnotationCollection(papers: readonly AnnotatedPaper[]): string {
  const items = papers.flatMap((p) => p.annotations.map((a) => toWebAnnotation(p.id, a)));
  for (const item of items) delete item['@context'];
  return `${JSON.stringify(
    {
      '@context': WEB_ANNOTATION_CONTEXT,
      type: 'AnnotationCollection',
      label: 'Paper Lens highlights',
      total: items.length,
      first: { type: 'AnnotationPage', items },
    },
    null,
    2,
  )}\n`;
}

/** The bare arXiv id a Web Annotation's target source names (arXiv abs/html/pdf, ar5iv, Hugging Face papers). */
export function paperIdOfSource(source: string): string | null {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return null;
  }
  const m = /^\/(?:abs|html|pdf|papers)\/(.+?)(?:\.pdf)?\/?$/.exec(url.pathname);
  if (!m) return null;
  const id = normaliseArxivId(decodeURIComponent(m[1]!).replace(/v\d+$/, ''));
  return 'id' in id ? id.id : null;
}

/** One paper's annotations read from a Web Annotation file. */
export interface ImportedAnnotations {
  /** Bare arXiv id. */
  paperId: string;
  /** Its annotations (merge them with the list's rule). */
  annotations: Annotation[];
}

/** Whether parsed JSON looks like W3C Web Annotation data (its `@context`, or an Annotation type). */
export function isWebAnnotationData(data: unknown): boolean {
  const first = (Array.isArray(data) ? data[0] : data) as Record<string, unknown> | undefined;
  if (!first || typeof first !== 'object') return false;
  const ctx = ([] as unknown[]).concat(first['@context'] ?? []);
  return (
    ctx.some((c) => typeof c === 'string' && c.includes('w3.org/ns/anno')) ||
    ['Annotation', 'AnnotationCollection', 'AnnotationPage'].includes(first.type as string)
  );
}

/** An item that cannot be read, by its position in the file. */
export interface WebAnnotationProblem {
  /** 1-based position among the file's annotations. */
  item: number;
  /** The item's id, when it has one. */
  id?: string;
  reason: string;
}

/**
 * Reads parsed W3C Web Annotation JSON-LD: one annotation, an array, an
 * `AnnotationPage` or an `AnnotationCollection` (with `first.items`). Each
 * needs a `TextQuoteSelector` and a target source on arXiv, ar5iv or Hugging
 * Face; `problems` names the items that have not, so nothing is dropped silently.
 */
export function readWebAnnotations(data: unknown): {
  papers: ImportedAnnotations[];
  problems: WebAnnotationProblem[];
  found: number;
} {
  const d = data as Record<string, unknown>;
  const items: unknown[] = Array.isArray(data)
    ? data
    : d?.type === 'AnnotationCollection'
      ? (((d.first as Record<string, unknown>)?.items as unknown[]) ?? [])
      : d?.type === 'AnnotationPage'
        ? ((d.items as unknown[]) ?? [])
        : [data];
  const byPaper = new Map<string, Annotation[]>();
  const problems: WebAnnotationProblem[] = [];
  items.forEach((raw, i) => {
    const item = (raw ?? {}) as Record<string, unknown>;
    const target = (Array.isArray(item.target) ? item.target[0] : item.target) as Record<string, unknown> | undefined;
    const selectors = ([] as unknown[]).concat(target?.selector ?? []) as Record<string, unknown>[];
    const quote = selectors.find((s) => s?.type === 'TextQuoteSelector');
    const position = selectors.find((s) => s?.type === 'TextPositionSelector');
    const css = selectors.find((s) => s?.type === 'CssSelector');
    const own = (item.paperLens ?? {}) as Record<string, unknown>;
    const source = typeof target?.source === 'string' ? target.source : '';
    const paperId = (typeof own.paperId === 'string' && own.paperId) || paperIdOfSource(source);
    const where = { item: i + 1, ...(typeof item.id === 'string' ? { id: item.id } : {}) };
    if (!paperId) return problems.push({ ...where, reason: 'its target is not an arXiv or Hugging Face paper' });
    const body = ([] as unknown[]).concat(item.body ?? []) as Record<string, unknown>[];
    const note = body
      .map((b) => (typeof b?.value === 'string' ? b.value : ''))
      .filter(Boolean)
      .join('\n\n');
    const time = (v: unknown): number => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : 0);
    const idMatch = typeof item.id === 'string' ? /([0-9a-f-]{8,})$/i.exec(item.id) : null;
    const refined = (css?.refinedBy ?? {}) as Record<string, unknown>;
    const elementId = typeof css?.value === 'string' ? /^\[id="(.*)"\]$|^#(.+)$/.exec(css.value) : null;
    const annotation = parseAnnotation({
      id: idMatch?.[1] ?? (typeof item.id === 'string' ? item.id : ''),
      note,
      colour: own.colour,
      createdAt: time(item.created),
      updatedAt: time(item.modified) || time(item.created),
      target: {
        quote: { exact: quote?.exact, prefix: quote?.prefix, suffix: quote?.suffix },
        position: { start: position?.start, end: position?.end },
        rendering: own.rendering ?? (/ar5iv/.test(source) ? 'ar5iv' : /\/html\//.test(source) ? 'arxiv-html' : 'arxiv-abs'),
        version: own.version ?? Number(/v(\d+)\/?$/.exec(source)?.[1] ?? 0),
        elementId: elementId ? (elementId[1] ?? elementId[2])?.replace(/\\(.)/g, '$1') : undefined,
        elementOffset: refined.start,
      },
    });
    if (!annotation) return problems.push({ ...where, reason: 'no id or no TextQuoteSelector' });
    byPaper.set(paperId, [...(byPaper.get(paperId) ?? []), annotation]);
  });
  return {
    papers: [...byPaper].map(([paperId, annotations]) => ({ paperId, annotations })),
    problems,
    found: items.length,
  };
}

/** `readWebAnnotations` over the text of a file; problems as sentences. */
export function fromWebAnnotations(json: string): { papers: ImportedAnnotations[]; problems: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    return { papers: [], problems: [`Not JSON: ${(e as Error).message}`] };
  }
  const read = readWebAnnotations(data);
  return {
    papers: read.papers,
    problems: read.problems.map((p) => `item ${p.item}${p.id ? ` (${p.id})` : ''}: ${p.reason}`),
  };
}

/**
 * A Web Annotation file as saved papers to merge into the list: each paper
 * carries its annotations (and, when it is not on the list yet, a placeholder
 * title, `arXiv:ID`, which the list's own title replaces in the merge). Problems
 * come with the line of the item's id, in the shape the importer reports.
 */
export function webAnnotationPapers(
  data: unknown,
  text: string,
  now: number,
): { papers: SavedPaper[]; problems: { line: number; entry: string; reason: string }[]; found: number } {
  const read = readWebAnnotations(data);
  const lineOf = (id?: string): number => {
    const at = id ? text.indexOf(JSON.stringify(id)) : -1;
    return at < 0 ? 1 : text.slice(0, at).split('\n').length;
  };
  return {
    papers: read.papers.map((p) =>
      toSavedPaper(
        {
          id: p.paperId,
          title: p.paperId.startsWith('pl-') ? p.paperId : `arXiv:${p.paperId}`,
          authors: [],
          source: 'import',
          annotations: p.annotations,
        },
        now,
      ),
    ),
    problems: read.problems.map((p) => ({
      line: lineOf(p.id),
      entry: `#${p.item}${p.id ? ` (${p.id})` : ''}`,
      reason: p.reason,
    })),
    found: read.found,
  };
}

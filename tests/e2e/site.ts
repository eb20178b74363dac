/**
 * The sites the end-to-end tests browse: saved real pages at their real URLs, and
 * pages made in their shape for corpus papers (from the real abs-page capture).
 */
import papers from '../../data/papers.json';
import type { Paper } from '../../lib/core/paper';
import { fixture, type Served, type Site } from './harness';

const corpus = papers as Paper[];
const byId = new Map(corpus.map((p) => [p.id, p]));

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const ABS_TEMPLATE_ID = '2609.22268';
const ABS_TEMPLATE_TITLE = 'Efficient spectral Galerkin framework for nonlinear transient heat transfer in finite domains';

/** arXiv's author line and `citation_author` tags (as in the capture) for these names; the template's own when none. */
function withAuthors(page: string, authors: readonly string[] | undefined): string {
  if (!authors?.length) return page;
  const surnameFirst = (name: string) => {
    const parts = name.trim().split(/\s+/);
    return parts.length > 1 ? `${parts.at(-1)}, ${parts.slice(0, -1).join(' ')}` : name;
  };
  const metas = authors.map((a) => `<meta name="citation_author" content="${escapeHtml(surnameFirst(a))}" />`).join('');
  const links = authors
    .map(
      (a) =>
        `<a href="https://arxiv.org/search/?searchtype=author&amp;query=${encodeURIComponent(surnameFirst(a))}" rel="nofollow">${escapeHtml(a)}</a>`,
    )
    .join(', ');
  return page
    .replace(/(?:<meta name="citation_author" content="[^"]*" \/>)+/, metas)
    .replace(/(<div class="authors"><span class="descriptor">Authors:<\/span>)[\s\S]*?(<\/div>)/, `$1${links}$2`);
}

/** An arXiv abstract page for any paper, made from the real capture of 2609.22268v1 (its authors, when given, replace the capture's). */
export function absPage(p: {
  id: string;
  title: string;
  abstract: string;
  version?: number;
  authors?: readonly string[];
}): string {
  const real = withAuthors(fixture('arxiv-abs-2609.22268v1.html'), p.authors);
  const abstractStart = real.indexOf('<blockquote class="abstract mathjax">');
  const abstractEnd = real.indexOf('</blockquote>', abstractStart);
  const withAbstract =
    real.slice(0, abstractStart) +
    `<blockquote class="abstract mathjax"><span class="descriptor">Abstract:</span>${escapeHtml(p.abstract)}` +
    real.slice(abstractEnd);
  return withAbstract
    .replace(/(<meta name="citation_abstract" content=")[^"]*/, `$1${escapeHtml(p.abstract)}`)
    .split(ABS_TEMPLATE_TITLE)
    .join(escapeHtml(p.title))
    .split(`${ABS_TEMPLATE_ID}v1`)
    .join(`${p.id}v${p.version ?? 1}`)
    .split(ABS_TEMPLATE_ID)
    .join(p.id);
}

/** A Hugging Face paper page in the shape of the live one (see tests/fixtures/pages/SOURCES.md). */
export function hfPaperPage(p: { id: string; title: string; abstract: string; authors: string[] }): string {
  const props = {
    paper: {
      id: p.id,
      title: p.title,
      summary: p.abstract,
      authors: p.authors.map((name) => ({ name })),
      publishedAt: '2023-08-16T00:00:00.000Z',
    },
  };
  return `<!doctype html><html><head><title>Paper page - ${escapeHtml(p.title)}</title></head><body>
<header><a href="/">Hugging Face</a> <a href="/papers">Daily papers</a></header>
<main><div class="SVELTE_HYDRATER contents" data-target="PaperContent" data-props="${escapeHtml(JSON.stringify(props))}">
<section><h1>${escapeHtml(p.title)}</h1><p class="authors">${p.authors.map(escapeHtml).join(', ')}</p>
<p>${escapeHtml(p.abstract)}</p>
<a href="https://arxiv.org/abs/${p.id}">View arXiv page</a> <a href="https://arxiv.org/pdf/${p.id}">View PDF</a></section>
</div></main></body></html>`;
}

/** A listing of `n` entries in arXiv's /list shape; every third entry a corpus paper. */
export function bigListing(n: number): string {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3 === 0 ? corpus[(i / 3) % corpus.length] : null;
    const id = c ? c.id : `2601.${String(10000 + i).padStart(5, '0')}`;
    const title = c ? c.title : `A synthetic paper number ${i} about listings`;
    rows.push(
      `<dt><a name="item${i + 1}">[${i + 1}]</a> <a href="/abs/${id}" title="Abstract" id="${id}">arXiv:${id}</a></dt>` +
        `<dd><div class="meta"><div class="list-title mathjax"><span class="descriptor">Title:</span> ${escapeHtml(title)}</div>` +
        `<div class="list-authors"><a href="#">Some Author</a></div></div></dd>`,
    );
  }
  return `<!doctype html><html><head><title>Computation and Language</title></head><body><div id="dlpage"><h1>Computation and Language</h1><h3>New submissions</h3><dl id="articles">${rows.join('\n')}</dl></div></body></html>`;
}

const html = (body: string): Served => ({ body });

/** The default site: real captures and corpus pages at their real URLs. */
export function defaultSite(extra: Record<string, string> = {}): Site {
  return (url) => {
    const host = url.hostname.replace(/^(www|export|browse)\./, '');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const key = `${host}${path}`;
    if (extra[key] !== undefined) return html(extra[key]);
    if (host === 'arxiv.org') {
      if (path === '/search') return html(fixture('arxiv-search-abstract-distributed-systems.html'));
      if (path === '/list/cs.CL/new') return html(fixture('arxiv-list-cs.CL-new.html'));
      const abs = /^\/abs\/(.+?)(?:v(\d+))?$/.exec(path);
      if (abs) {
        const [, id, v] = abs;
        if (id === '2609.22268') return html(fixture('arxiv-abs-2609.22268v1.html'));
        if (id === '2106.09608') return html(fixture('arxiv-abs-2106.09608v2.html'));
        if (id === 'hep-th/9901001') return html(fixture('arxiv-abs-hep-th-9901001v1.html'));
        if (id === '2310.00161' && v === '1') return html(fixture('arxiv-abs-2310.00161v1-renamed.html'));
        if (id === '2501.99999') return html(fixture('arxiv-abs-2501.99999v1-lookalike.html'));
        const p = byId.get(id);
        if (p) return html(absPage({ ...p, version: v ? Number(v) : undefined }));
      }
      if (path === '/html/2604.15597v1') return html(fixture('arxiv-html-2604.15597v1.html'));
      if (/^\/pdf\//.test(path)) return { body: Buffer.from('%PDF-1.4\n%%EOF\n'), contentType: 'application/pdf' };
    }
    if (host === 'huggingface.co') {
      if (path === '/papers/date/2026-06-03') return html(fixture('hf-daily-2026-06-03.html'));
      if (path === '/papers') return html(fixture('hf-daily-2026-09-28-live-dom.html'));
      const m = /^\/papers\/(\d{4}\.\d{4,5})$/.exec(path);
      if (m && m[1] === '2308.08414') return html(fixture('hf-paper-2308.08414.html'));
      const p = m && byId.get(m[1]);
      if (p) return html(hfPaperPage(p));
    }
    return undefined;
  };
}

export { corpus };

/** RIS as Zotero, Mendeley and EndNote write it (tests/fixtures/ris, see its SOURCES.md), and our RIS export. */
import { describe, expect, it } from 'vitest';
import { exportList } from '../../lib/formats/export/index';
import { risName } from '../../lib/formats/export/ris';
import { fixture, read } from './formats-compare';

describe('RIS import', () => {
  it('Zotero: journal article, arXiv preprint, book section with editor', () => {
    const r = read(fixture('ris/zotero.ris'), 'Exported Items.ris');
    expect(r).toMatchObject({ format: 'ris', found: 3, problems: [] });
    const [nips, pixart, chapter] = r.papers;
    expect(nips).toMatchObject({
      title: 'Attention is all you need',
      authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar'],
      year: 2017,
      tags: ['transformers', 'attention'],
      bib: {
        type: 'article-journal',
        container: 'Advances in Neural Information Processing Systems',
        volume: '30',
        pages: '5998–6008',
      },
    });
    expect(pixart).toMatchObject({
      id: '2310.00426',
      title: 'PixArt-$\\alpha$: Fast Training of Diffusion Transformer for Photorealistic Text-to-Image Synthesis',
      doi: '10.48550/arXiv.2310.00426',
      note: 'arXiv:2310.00426 [cs]',
      bib: { type: 'document', date: '2023-09-30', publisher: 'arXiv' },
    });
    expect(chapter.bib).toEqual({
      type: 'chapter',
      editors: ['Ann Editor'],
      container: 'Computer Vision Handbook',
      pages: '770–778',
      publisher: 'Springer',
    });
  });

  it('Mendeley: JO journal, N2 abstract, records without blank lines, arXiv URL', () => {
    const r = read(fixture('ris/mendeley.ris'), 'library.ris');
    expect(r.papers.map((p) => p.id)).toEqual([expect.stringMatching(/^pl-/), '1810.04805']);
    expect(r.papers[0]).toMatchObject({
      title: 'Deep learning',
      abstract: expect.stringMatching(/^Deep learning allows/),
      doi: '10.1038/nature14539',
      bib: { type: 'article-journal', date: '2015-05-28', container: 'Nature', volume: '521', issue: '7553', pages: '436–444' },
    });
    expect(r.papers[1].bib).toMatchObject({ type: 'paper-conference', publisher: 'Association for Computational Linguistics' });
  });

  it('EndNote: T1/JF/Y1/A1, one-field page range, wrapped abstract; a record with nothing to save is a problem', () => {
    const r = read(fixture('ris/endnote.ris'), 'My EndNote Library.txt');
    expect(r.found).toBe(3);
    expect(r.papers.map((p) => p.title)).toEqual(['Long Short-Term Memory', 'Deep Learning']);
    expect(r.papers[0]).toMatchObject({
      authors: ['Sepp Hochreiter', 'Jürgen Schmidhuber'],
      abstract:
        'Learning to store information over extended time intervals by recurrent backpropagation takes a very long time, mostly because of insufficient, decaying error backflow.',
      bib: { type: 'article-journal', container: 'Neural Computation', volume: '9', issue: '8', pages: '1735-1780' },
    });
    expect(r.papers[1]).toMatchObject({ authors: ['Ian Goodfellow', 'Yoshua Bengio', 'Aaron Courville'], bib: { type: 'book' } });
    expect(r.problems).toEqual([
      {
        line: 19,
        reason: 'has no title, arXiv id or DOI, so there is nothing to save',
        text: 'line 19, entry #2: has no title, arXiv id or DOI, so there is nothing to save',
      },
    ]);
  });
});

describe('RIS export', () => {
  it('writes Zotero’s layout: a preprint as GEN with PB arXiv and the arXiv URL; names "Last, First"', () => {
    const [p] = read(fixture('ris/zotero.ris'), 'z.ris').papers.slice(1, 2);
    const { text, filename, mime } = exportList({ papers: [{ ...p, bib: undefined, note: 'line one\nline two' }] }, 'ris', {
      now: new Date(2026, 10, 26, 12),
    });
    expect(filename).toBe('paper-lens-2026-11-26.ris');
    expect(mime).toBe('application/x-research-info-systems');
    expect(text).toBe(
      [
        'TY  - GEN',
        'TI  - PixArt-$\\alpha$: Fast Training of Diffusion Transformer for Photorealistic Text-to-Image Synthesis',
        'AU  - Chen, Junsong',
        'AU  - Yu, Jincheng',
        'PY  - 2023',
        'DA  - 2023///',
        'PB  - arXiv',
        'DO  - 10.48550/arXiv.2310.00426',
        'UR  - https://arxiv.org/abs/2310.00426',
        'AB  - The most advanced text-to-image (T2I) models require significant training costs.',
        'KW  - Computer Science - Computer Vision and Pattern Recognition',
        'N1  - line one',
        'N1  - line two',
        'ER  - ',
        '',
      ].join('\n'),
    );
    expect(risName('Laerte Sodré, Jr.')).toBe('Sodré, Laerte, Jr.');
    expect(risName('Aristotle')).toBe('Aristotle');
  });
});

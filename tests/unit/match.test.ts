import { describe, expect, it } from 'vitest';
import { buildLookup, matchPaper, normaliseTitle } from '../../lib/collection/match';
import type { Paper } from '../../lib/core/paper';
import papers from '../../data/papers.json';

const corpus = papers as Paper[];
const lookup = buildLookup(corpus);

function paper(id: string, title: string): Paper {
  return { id, title, abstract: '', authors: [], links: {} };
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length];
}

describe('normaliseTitle', () => {
  it.each([
    ['UNITER: UNiversal Image-TExt Representation Learning', 'uniter universal image text representation learning'],
    ['  Zero-Shot   Tokenizer\n\tTransfer. ', 'zero shot tokenizer transfer'],
    ["Don't Stop Pretraining?", 'dont stop pretraining'],
    ['Don’t Stop Pretraining', 'dont stop pretraining'],
    ['\\emph{Synthetic} continued {P}retraining', 'synthetic continued pretraining'],
    ['$\\mathcal{O}(n)$ Retrieval with \\textbf{Tiny} Indices', 'o n retrieval with tiny indices'],
    ['$\\alpha$-Net', 'alpha net'],
    ["Th\\'eo and Ren\\'{e} and \\c{c}a", 'theo and rene and ca'],
    ['Théo Ångström naïve', 'theo angstrom naive'],
    ['Data Age, Domain Coverage, Quality, & Toxicity', 'data age domain coverage quality toxicity'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normaliseTitle(input)).toBe(expected);
  });

  it('keeps different math apart', () => {
    expect(normaliseTitle('$\\alpha$-Net')).not.toBe(normaliseTitle('$\\beta$-Net'));
  });

  it('copes with an enormous title quickly', () => {
    const t0 = Date.now();
    const out = normaliseTitle('Very long title '.repeat(200_000));
    expect(out.length).toBeLessThanOrEqual(4000);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe('buildLookup', () => {
  it('indexes all 65 corpus papers by id and by title', () => {
    expect(lookup.byId.size).toBe(65);
    expect(lookup.byTitle.size).toBe(65);
    expect(lookup.byId.get('2310.00161')?.title).toBe('Detection-Oriented Image-Text Pretraining for Open-Vocabulary Detection');
  });

  it('keys old-style ids without their subject class or version', () => {
    const l = buildLookup([paper('math.GT/0309136v2', 'Some Knot Paper')]);
    expect([...l.byId.keys()]).toEqual(['math/0309136']);
  });
});

describe('matchPaper by id', () => {
  // The corpus README lists these as renamed on arXiv after the corpus took its title.
  const renamed: [string, string][] = [
    ['2310.00161', 'Region-centric Image-Language Pretraining for Open-Vocabulary Detection'],
    ['2401.15861', 'BPDec: Unveiling the Potential of Masked Language Modeling Decoder in BERT pretraining'],
    ['2411.18553', 'Retrofitting Large Language Models with Dynamic Tokenization'],
    ['2401.12425', 'The Neglected Tails in Vision-Language Models'],
    ['2312.17055', 'Beyond Output Matching: Bidirectional Alignment for Enhanced In-Context Learning'],
  ];

  it.each(renamed)('a renamed paper (%s) matches by id despite its new title', (id, title) => {
    const m = matchPaper({ arxivId: `${id}v3`, title }, lookup);
    expect(m?.by).toBe('id');
    expect(m?.paper.id).toBe(id);
  });

  it('matches every corpus paper by id, with or without a version', () => {
    for (const p of corpus) {
      expect(matchPaper({ arxivId: p.id }, lookup)?.paper).toBe(p);
      expect(matchPaper({ arxivId: `${p.id}v2`, title: 'Something else entirely' }, lookup)?.paper).toBe(p);
    }
  });

  it('matches an old-style id given with a subject class', () => {
    const l = buildLookup([paper('math/0309136', 'Some Knot Paper')]);
    expect(matchPaper({ arxivId: 'math.GT/0309136v1' }, l)?.by).toBe('id');
  });

  it('never falls back to the title when the page has an id outside the corpus', () => {
    for (const p of corpus) {
      expect(matchPaper({ arxivId: '2501.99999', title: p.title }, lookup)).toBeNull();
    }
    expect(matchPaper({ arxivId: 'not-an-id', title: corpus[0].title }, lookup)).toBeNull();
  });

  it('treats an empty id as no id', () => {
    expect(matchPaper({ arxivId: '  ', title: corpus[0].title }, lookup)?.by).toBe('title');
  });
});

/** Slight perturbations a page may apply to a title: all must still match. */
const perturbations: [string, (t: string) => string][] = [
  ['upper case', (t) => t.toUpperCase()],
  ['lower case', (t) => t.toLowerCase()],
  ['extra spaces', (t) => `  ${t.split(' ').join('   ')} \n`],
  ['no punctuation', (t) => t.replace(/[:,?.!&()'’-]/g, ' ')],
  ['hyphens joined', (t) => t.replace(/-/g, '')],
  ['trailing period', (t) => `${t}.`],
  ['colon as dash', (t) => t.replace(':', ' --')],
  ['\\emph on the first word', (t) => t.replace(/^(\S+)/, '\\emph{$1}')],
  ['\\textbf on the last word', (t) => t.replace(/(\S+)$/, '\\textbf{$1}')],
  ['braces around a word', (t) => t.replace(/(\S+)$/, '{$1}')],
  ['math mode', (t) => t.replace(/^(\S+)/, '$\\mathrm{$1}$')],
  ['accented letter', (t) => t.replace('e', 'é')],
  ['tilde spaces', (t) => t.replace(/ /g, '~')],
];

describe('matchPaper by title: every corpus title, slightly perturbed, matches', () => {
  it.each(perturbations)('%s', (_name, perturb) => {
    for (const p of corpus) {
      const m = matchPaper({ title: perturb(p.title) }, lookup);
      expect(m?.paper.id, `${perturb(p.title)} → ${p.id}`).toBe(p.id);
      expect(m?.by).toBe('title');
    }
  });

  it('corrects a small typo in a long title', () => {
    // The corpus has the typo "Langauge"; arXiv may show it fixed.
    const m = matchPaper(
      { title: 'ConceptCLIP: Towards Trustworthy Medical AI via Concept-Enhanced Contrastive Language-Image Pre-training' },
      lookup,
    );
    expect(m?.paper.id).toBe('2501.15579');
  });
});

const REPLACEMENTS = ['quantum', 'galaxy', 'protein', 'orchestra', 'volcano'];

/** Words whose change makes another paper: four letters or more once normalised. */
function significantWords(title: string): string[] {
  return title.split(/\s+/).filter((w) => normaliseTitle(w).replace(/ /g, '').length >= 4);
}

describe('matchPaper by title: a changed significant word never matches', () => {
  it('removing any significant word', () => {
    let checked = 0;
    for (const p of corpus) {
      const words = p.title.split(/\s+/);
      words.forEach((w, i) => {
        if (!significantWords(w).length) return;
        const variant = [...words.slice(0, i), ...words.slice(i + 1)].join(' ');
        expect(matchPaper({ title: variant }, lookup), variant).toBeNull();
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('replacing any significant word with an unrelated one', () => {
    let checked = 0;
    for (const p of corpus) {
      const words = p.title.split(/\s+/);
      words.forEach((w, i) => {
        if (!significantWords(w).length) return;
        const norm = normaliseTitle(w).replace(/ /g, '');
        const replacement = REPLACEMENTS.find((r) => levenshtein(r, norm) > 2)!;
        const variant = [...words.slice(0, i), replacement, ...words.slice(i + 1)].join(' ');
        expect(matchPaper({ title: variant }, lookup), variant).toBeNull();
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('adding a significant word at the start, middle or end', () => {
    for (const p of corpus) {
      const words = p.title.split(/\s+/);
      const mid = Math.floor(words.length / 2);
      for (const variant of [
        `Revisiting ${p.title}`,
        [...words.slice(0, mid), 'Quantum', ...words.slice(mid)].join(' '),
        `${p.title} for Video`,
        `${p.title} Revisited`,
      ]) {
        expect(matchPaper({ title: variant }, lookup), variant).toBeNull();
      }
    }
  });

  it('a title cut down to its first words', () => {
    for (const p of corpus) {
      const words = p.title.split(/\s+/);
      if (words.length < 3) continue;
      const variant = words.slice(0, Math.ceil(words.length / 2)).join(' ');
      expect(matchPaper({ title: variant }, lookup), variant).toBeNull();
    }
  });

  it('the UNITER lookalike stays outside the corpus, with or without its id', () => {
    const title = 'UNITER: UNiversal Image-TExt Representation Learning for Video';
    expect(matchPaper({ title }, lookup)).toBeNull();
    expect(matchPaper({ arxivId: '2501.99999', title }, lookup)).toBeNull();
  });

  it('B-PROP without its "Bootstrapped" is not PROP', () => {
    // One letter apart once spaces go, but a whole word ("B") more than PROP's title.
    const variant = 'B-PROP: Pre-training with Representative Words Prediction for Ad-hoc Retrieval';
    expect(matchPaper({ title: variant }, lookup)).toBeNull();
  });

  it('declines when two corpus titles are equally close', () => {
    const base = 'Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Omicron Sigma Upsilon';
    const l = buildLookup([paper('2401.00001', `${base} Xa`), paper('2401.00002', `${base} Xb`)]);
    expect(matchPaper({ title: `${base} Xc` }, l)).toBeNull();
    expect(matchPaper({ title: `${base} Xa` }, l)?.paper.id).toBe('2401.00001');
  });

  it('matches nothing for an empty or missing title', () => {
    expect(matchPaper({}, lookup)).toBeNull();
    expect(matchPaper({ title: '' }, lookup)).toBeNull();
    expect(matchPaper({ title: '  ?! ' }, lookup)).toBeNull();
  });
});

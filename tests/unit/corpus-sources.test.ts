import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  formatProblem,
  mergeSources,
  readArxivMetadataJsonl,
  readHfDailyPapersJson,
  readSourceFile,
  sourceFormat,
  splitAuthors,
} from '../../lib/formats/corpus-sources';
import { normaliseArxivId } from '../../lib/core/arxiv-id';
import { buildCorpusFromArgs, CorpusBuildError, corpusOptions, UsageError } from '../../tools/build-corpus';

const fixtures = new URL('../fixtures/corpus/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, fixtures), 'utf8');
/** Reads source files from the fixtures folder, as the CLI reads them from the working directory. */
const readFixture = (file: string) => fixture(file);
const problemLines = (problems: { file: string; line: number; message: string }[]) => problems.map(formatProblem);

describe('readArxivMetadataJsonl', () => {
  const { papers, problems } = readArxivMetadataJsonl(fixture('arxiv-metadata-sample.jsonl'), 'arxiv.jsonl');

  it('reads every record of a snapshot sample, in order', () => {
    expect(problems).toEqual([]);
    expect(papers.map((p) => p.id)).toEqual(['0704.0001', '0704.0002', 'hep-th/9711200', '1706.03762', '1810.04805']);
  });

  it('folds the hard line breaks and leading spaces of titles and abstracts', () => {
    expect(papers[0].title).toBe('Calculation of prompt diphoton production cross sections at Tevatron and LHC energies');
    expect(papers[4].title).toBe('BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding');
    expect(papers[0].abstract).toMatch(
      /^A fully differential calculation in perturbative quantum chromodynamics is presented for/,
    );
    for (const p of papers) expect(p.abstract).not.toMatch(/\n|^\s|\s$|\s{2}/);
  });

  it('prefers authors_parsed (with accents resolved) over the LaTeX authors string', () => {
    expect(papers[0].authors).toEqual(['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C. -P. Yuan']);
    expect(papers[2].authors).toEqual(['Juan M. Maldacena']);
  });

  it('splits the authors string on commas and "and" when authors_parsed is absent', () => {
    expect(papers[1].authors).toEqual(['Ileana Streinu', 'Louis Theran']);
    expect(papers[3].authors).toHaveLength(8);
    expect(papers[3].authors[5]).toBe('Aidan N. Gomez');
    expect(splitAuthors('A. One (MIT, Cambridge), B. Two, and C. Three')).toEqual(['A. One', 'B. Two', 'C. Three']);
  });

  it('takes the year of version 1, else the one the ID encodes', () => {
    // 0704.0002 was submitted on 31 March 2007 although its ID says April; v2 is from 2008.
    expect(papers.map((p) => p.year)).toEqual([2007, 2007, 1997, 2017, 2018]);
  });

  it('keeps the old-style ID and strips versions; links arXiv, and Hugging Face only for new-style IDs', () => {
    expect(papers[2].links).toEqual({ abs: 'https://arxiv.org/abs/hep-th/9711200', pdf: 'https://arxiv.org/pdf/hep-th/9711200' });
    expect(papers[3].links.hf).toBe('https://huggingface.co/papers/1706.03762');
    expect(papers[4].links.code).toEqual(['https://github.com/google-research/bert']);
  });

  it('keeps the first category as primaryClass', () => {
    expect(papers.map((p) => p.primaryClass)).toEqual(['hep-ph', 'math.CO', 'hep-th', 'cs.CL', 'cs.CL']);
  });

  it('reports each bad record with its line and keeps the good ones', () => {
    const read = readArxivMetadataJsonl(fixture('arxiv-metadata-broken.jsonl'), 'broken.jsonl');
    expect(read.papers.map((p) => p.id)).toEqual(['0704.0002', '1810.04805']);
    expect(read.problems.map((p) => p.line)).toEqual([2, 3, 4, 6, 7, 8]);
    const text = problemLines(read.problems);
    expect(text[0]).toMatch(/^broken\.jsonl:2: not valid JSON/);
    expect(text[1]).toBe('broken.jsonl:3: empty title');
    expect(text[2]).toBe('broken.jsonl:4: id "2313.00001" has no month 13');
    expect(text[3]).toBe('broken.jsonl:6: authors_parsed is not a list');
    expect(text[4]).toBe('broken.jsonl:7: paper 0704.0002 already read at broken.jsonl:1 (the first is kept)');
    expect(text[5]).toMatch(/^broken\.jsonl:8: id is a number/);
  });
});

describe('normaliseArxivId', () => {
  it.each([
    ['2310.00161v2', '2310.00161'],
    ['arXiv:0704.0001', '0704.0001'],
    ['hep-th/9901001v1', 'hep-th/9901001'],
    ['math.GT/0309136', 'math/0309136'],
  ])('%s → %s', (raw, id) => expect(normaliseArxivId(raw)).toEqual({ id }));

  it.each(['2313.00001', '0612.0001', '1412.00001', '1501.0001', 'hep-th/0901001', 'hep-th/9913001', '10.1000/xyz', ''])(
    'refuses %s',
    (raw) => expect(normaliseArxivId(raw)).toHaveProperty('error'),
  );
});

describe('readHfDailyPapersJson', () => {
  it('reads the array the daily-papers API answers', () => {
    const { papers, problems } = readHfDailyPapersJson(fixture('hf-daily-papers-sample.json'), 'daily.json');
    expect(problems).toEqual([]);
    expect(papers.map((p) => [p.id, p.title, p.year])).toEqual([
      ['2305.18290', 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model', 2023],
      ['2312.00752', 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces', 2023],
      ['2401.04088', 'Mixtral of Experts', 2024],
    ]);
    expect(papers[1].authors).toEqual(['Albert Gu', 'Tri Dao']);
    expect(papers[0].abstract).not.toContain('\n');
    expect(papers[2].links).toEqual({
      abs: 'https://arxiv.org/abs/2401.04088',
      pdf: 'https://arxiv.org/pdf/2401.04088',
      hf: 'https://huggingface.co/papers/2401.04088',
      code: ['https://github.com/mistralai/mistral-src'],
    });
  });

  it('names the line each bad entry starts on, its index, and keeps the rest even when the file is not valid JSON', () => {
    const { papers, problems } = readHfDailyPapersJson(fixture('hf-daily-papers-broken.json'), 'broken.json');
    expect(papers.map((p) => p.id)).toEqual(['2305.18290', '2401.04088']);
    const text = problemLines(problems);
    expect(text).toHaveLength(4);
    expect(text[0]).toBe('broken.json:35: entry 1: missing paper.id');
    expect(text[1]).toBe('broken.json:42: entry 2: paper.title is a number, expected text');
    expect(text[2]).toMatch(/^broken\.json:49: entry 3: not valid JSON/);
    expect(text[3]).toBe('broken.json:88: paper 2305.18290 already read at broken.json:2 (the first is kept)');
  });

  const entry = (id: string, title = `Paper ${id}`) => ({ paper: { id, title, summary: 's', authors: [{ name: 'A. One' }] } });

  it('accepts {dailyPapers: [...]} with the right lines', () => {
    const text = `{\n "date": "2024-01-09",\n "dailyPapers": [\n  ${JSON.stringify(entry('2401.00001'))},\n  ${JSON.stringify(entry('2401.0002'))}\n ]\n}\n`;
    const { papers, problems } = readHfDailyPapersJson(text, 'd.json');
    expect(papers.map((p) => p.id)).toEqual(['2401.00001']);
    expect(problemLines(problems)).toEqual(['d.json:5: entry 1: paper.id "2401.0002" has 4 digits, arXiv used 5 then']);
  });

  it('accepts one entry per line (JSON lines) and a single entry', () => {
    const lines = [entry('2401.00001'), entry('2401.00002')].map((e) => JSON.stringify(e)).join('\n') + '\n{"paper": \n';
    const read = readHfDailyPapersJson(lines, 'd.jsonl');
    expect(read.papers.map((p) => p.id)).toEqual(['2401.00001', '2401.00002']);
    expect(read.problems.map((p) => p.line)).toEqual([3]);
    expect(readHfDailyPapersJson(JSON.stringify(entry('2401.00003'), null, 2), 'one.json').papers).toHaveLength(1);
  });

  it('reports a file that is no JSON at all on one line, and an unclosed list at its end', () => {
    expect(readHfDailyPapersJson('<html>rate limited</html>', 'x.json').problems).toEqual([
      expect.objectContaining({ file: 'x.json', line: 1, message: expect.stringMatching(/^not valid JSON/) }),
    ]);
    const unclosed = readHfDailyPapersJson(`[\n${JSON.stringify(entry('2401.00001'))}\n`, 'u.json');
    expect(unclosed.papers).toHaveLength(1);
    expect(problemLines(unclosed.problems)).toEqual(['u.json:3: the list of papers is not closed with ]']);
  });
});

describe('mergeSources', () => {
  it('keeps the first paper of an id across files and reports the later ones where they are', () => {
    const arxiv = readArxivMetadataJsonl(fixture('arxiv-metadata-sample.jsonl'), 'a.jsonl');
    const hf = readHfDailyPapersJson(
      JSON.stringify([
        { paper: { id: '1706.03762', title: 'Attention (HF copy)', summary: '' } },
        { paper: { id: '2401.00001', title: 'New' } },
      ]),
      'b.json',
    );
    const merged = mergeSources([arxiv, hf]);
    expect(merged.papers.map((p) => p.id)).toEqual([
      '0704.0001',
      '0704.0002',
      'hep-th/9711200',
      '1706.03762',
      '1810.04805',
      '2401.00001',
    ]);
    expect(merged.papers[3].title).toBe('Attention Is All You Need');
    expect(problemLines(merged.problems)).toEqual(['b.json:1: paper 1706.03762 already read at a.jsonl:4 (the first is kept)']);
    expect(merged.origins[5]).toEqual({ file: 'b.json', line: 1 });
  });
});

describe('sourceFormat', () => {
  it('goes by extension, but knows the arXiv snapshot under its own .json name', () => {
    const snapshotLine = fixture('arxiv-metadata-sample.jsonl');
    expect(sourceFormat('arxiv-metadata-oai-snapshot.json', snapshotLine)).toBe('arxiv-metadata');
    expect(sourceFormat('cs.jsonl', snapshotLine)).toBe('arxiv-metadata');
    expect(sourceFormat('daily.json', fixture('hf-daily-papers-sample.json'))).toBe('hf-daily-papers');
    expect(sourceFormat('papers.txt', 'x')).toBeUndefined();
    expect(readSourceFile('x', 'papers.csv').problems[0].message).toMatch(/unknown source type/);
    expect(readSourceFile(snapshotLine, 'arxiv-metadata-oai-snapshot.json').papers).toHaveLength(5);
  });
});

describe('build-corpus', () => {
  it('builds data/papers.json byte for byte from the bundled source by default', () => {
    const build = buildCorpusFromArgs([], {});
    expect(build.papers).toHaveLength(65);
    expect(build.out).toBe('data/papers.json');
    expect(build.json).toBe(readFileSync(new URL('../../data/papers.json', import.meta.url), 'utf8'));
  });

  it('builds from sources given as flags, in order, first wins', () => {
    const build = buildCorpusFromArgs(
      ['--source', 'hf-daily-papers-sample.json', '--source', 'arxiv-metadata-sample.jsonl'],
      {},
      readFixture,
    );
    expect(build.papers.map((p) => p.id)).toEqual([
      '2305.18290',
      '2312.00752',
      '2401.04088',
      '0704.0001',
      '0704.0002',
      'hep-th/9711200',
      '1706.03762',
      '1810.04805',
    ]);
    expect(JSON.parse(build.json)).toEqual(build.papers);
  });

  it('stops on any bad record with the full list, all or nothing', () => {
    const env = { PAPER_LENS_CORPUS: 'arxiv-metadata-broken.jsonl, hf-daily-papers-broken.json' };
    let error: unknown;
    try {
      buildCorpusFromArgs([], env, readFixture);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CorpusBuildError);
    const problems = (error as CorpusBuildError).problems;
    expect(problems).toHaveLength(10);
    expect((error as CorpusBuildError).message).toContain('arxiv-metadata-broken.jsonl:4: id "2313.00001" has no month 13');
    expect((error as CorpusBuildError).message).toContain('hf-daily-papers-broken.json:35: entry 1: missing paper.id');
  });

  it('with skip-bad (flag or PAPER_LENS_SKIP_BAD=1) leaves bad records out and reports them', () => {
    const env = { PAPER_LENS_CORPUS: 'arxiv-metadata-broken.jsonl,hf-daily-papers-broken.json' };
    for (const build of [
      buildCorpusFromArgs(['--skip-bad'], env, readFixture),
      buildCorpusFromArgs([], { ...env, PAPER_LENS_SKIP_BAD: '1' }, readFixture),
    ]) {
      expect(build.papers.map((p) => p.id)).toEqual(['0704.0002', '1810.04805', '2305.18290', '2401.04088']);
      expect(build.skipped).toHaveLength(10);
    }
  });

  it('lets --source replace PAPER_LENS_CORPUS', () => {
    const build = buildCorpusFromArgs(
      ['--source', 'hf-daily-papers-sample.json'],
      { PAPER_LENS_CORPUS: 'arxiv-metadata-broken.jsonl' },
      readFixture,
    );
    expect(build.papers).toHaveLength(3);
  });

  it('makes the same synthetic corpus for the same seed, and writes a big corpus on one line', () => {
    const small = buildCorpusFromArgs(['--synthetic', '20'], {});
    expect(small.papers).toHaveLength(20);
    expect(buildCorpusFromArgs([], { PAPER_LENS_SYNTHETIC: '20' }).json).toBe(small.json);
    expect(buildCorpusFromArgs(['--synthetic', '20', '--seed', '7'], {}).json).not.toBe(small.json);
    expect(small.json.split('\n').length).toBeGreaterThan(20);
    const big = buildCorpusFromArgs(['--synthetic', '1001'], {});
    expect(big.json.split('\n')).toHaveLength(2);
    expect(new Set(big.papers.map((p) => p.id)).size).toBe(1001);
  });

  it('refuses command lines it cannot run', () => {
    expect(() => corpusOptions(['--source'], {})).toThrow(UsageError);
    expect(() => corpusOptions(['--synthetic', 'lots'], {})).toThrow(/whole number/);
    expect(() => corpusOptions(['--frobnicate'], {})).toThrow(/unknown argument/);
    expect(() => corpusOptions(['--synthetic', '10', '--source', 'a.jsonl'], {})).toThrow(/either/);
    expect(() => buildCorpusFromArgs(['--source', 'empty.jsonl'], {}, () => '\n')).toThrow(/no papers/);
  });
});

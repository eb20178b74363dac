import { describe, expect, it, vi } from 'vitest';
import papers from '../../data/papers.json';
import { localPaperId, type Paper } from '../../lib/core/paper';
import {
  emptyReadingList,
  savePaper,
  toSavedPaper,
  updatePaper,
  type ReadingList,
  type SavedPaper,
} from '../../lib/reading-list/list';
import { citationKeys, escapeLatex, toBibtex } from '../../lib/formats/export/bibtex';
import { exportList } from '../../lib/formats/export/index';
import { cslName } from '../../lib/formats/export/csl-json';
import { decodeLatex } from '../../lib/formats/import/bibtex';
import { importFile } from '../../lib/formats/import/index';
import { SCHEMA_VERSION } from '../../lib/reading-list/storage';

const corpus = papers as Paper[];
const byId = (id: string) => corpus.find((p) => p.id === id)!;
const T0 = 1_700_000_000_000;
const NOW = new Date(2026, 10, 26, 12);

function listOf(...ps: (Paper | Parameters<typeof savePaper>[1])[]): ReadingList {
  return ps.reduce<ReadingList>((l, p, i) => savePaper(l, p, T0 + i), emptyReadingList());
}

function ok(text: string, filename?: string) {
  const r = importFile(text, filename, undefined, T0);
  if (!r.ok) throw new Error(`expected ok, got: ${r.error}`);
  return r.papers;
}

/** The problems of a file that was read, one line each. */
function problems(text: string, filename?: string): string[] {
  const r = importFile(text, filename, undefined, T0);
  if (!r.ok) throw new Error(`expected ok with problems, got: ${r.error}`);
  return r.problems.map((p) => p.text);
}

function err(text: string, filename?: string): string {
  const r = importFile(text, filename, undefined, T0);
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('BibTeX export', () => {
  it('writes corpus papers the way arXiv does (golden)', () => {
    let list = listOf(byId('2310.00161'), byId('2210.15226'));
    list = { papers: [{ ...list.papers[0], primaryClass: 'cs.CV' }, list.papers[1]] };
    list = updatePaper(list, '2210.15226', { tags: ['speech', 'ASR'], note: 'Compare with wav2vec 2.0 & HuBERT.\nSee §4.' });
    expect(exportList(list, 'bibtex', { now: NOW }).text).toBe(
      [
        '@misc{kim2023detection,',
        '      title={{Detection-Oriented Image-Text Pretraining for Open-Vocabulary Detection}},',
        '      author={Dahun Kim},',
        '      year={2023},',
        '      eprint={2310.00161},',
        '      archivePrefix={arXiv},',
        '      primaryClass={cs.CV},',
        '      url={https://arxiv.org/abs/2310.00161}',
        '}',
        '',
        '@misc{lopez2022iterative,',
        '      title={{Iterative pseudo-forced alignment by acoustic CTC loss for self-supervised ASR domain adaptation}},',
        '      author={Fernando López},',
        '      year={2022},',
        '      eprint={2210.15226},',
        '      archivePrefix={arXiv},',
        '      url={https://arxiv.org/abs/2210.15226},',
        '      keywords={speech, ASR},',
        '      note={Compare with wav2vec 2.0 \\& HuBERT.\\\\See §4.}',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('writes a paper without arXiv ID as @misc with title, author, year, DOI and URL', () => {
    const list = listOf({
      id: 'pl-1',
      title: 'A Study',
      authors: ['Ann Lee'],
      year: 2001,
      doi: '10.1000/x_y',
      links: { abs: 'https://example.org/a?b=1%20' },
    });
    expect(toBibtex(list.papers)).toBe(
      '@misc{lee2001study,\n      title={{A Study}},\n      author={Ann Lee},\n      year={2001},\n      doi={10.1000/x_y},\n      url={https://example.org/a?b=1%20}\n}\n',
    );
  });

  it('escapes LaTeX specials and keeps simple math', () => {
    expect(escapeLatex('R&D 100% $5 #1 a_b {x} ~ ^ \\')).toBe(
      'R\\&D 100\\% \\$5 \\#1 a\\_b \\{x\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}',
    );
    expect(escapeLatex('PixArt-$\\alpha$: fast')).toBe('PixArt-$\\alpha$: fast');
    expect(escapeLatex('a } b {')).toBe('a \\textbraceright{} b \\textbraceleft{}');
    expect(escapeLatex("x--y ``q''")).toBe("x-{}-y `{}`q'{}'");
  });

  it('gives stable, unique ASCII keys; a, b, c by id whatever the list order', () => {
    const a = toSavedPaper({ id: '2301.00002', title: 'The Deep Nets', authors: ['José Álvarez'], year: 2023 }, T0);
    const b = toSavedPaper({ id: '2301.00001', title: 'Deep nets again', authors: ['Jose Alvarez'], year: 2023 }, T0);
    const c = toSavedPaper({ id: '2301.00003', title: '中文', authors: [], year: 2023 }, T0);
    const keys = citationKeys([a, b, c]);
    expect(keys.get(b.id)).toBe('alvarez2023deepa');
    expect(keys.get(a.id)).toBe('alvarez2023deepb');
    expect(keys.get(c.id)).toBe('anon2023');
    expect(citationKeys([c, b, a])).toEqual(keys);
  });

  it('braces names BibTeX would misread so they come back as written', () => {
    const list = listOf({ id: 'pl-2', title: 'T', authors: ['Smith, John', 'Tom and Jerry', 'others', 'Ann Lee'] });
    expect(toBibtex(list.papers)).toContain('author={{Smith, John} and {Tom and Jerry} and {others} and Ann Lee}');
  });
});

describe('other exports', () => {
  const list = updatePaper(listOf(byId('2310.00161'), byId('2210.15226')), '2210.15226', {
    tags: ['Speech'],
    note: 'line *one*\nline two',
    read: true,
  });

  it('names files by date and tag, and filters by tag ignoring case', () => {
    expect(exportList(list, 'bibtex', { now: NOW }).filename).toBe('paper-lens-2026-11-26.bib');
    const md = exportList(list, 'markdown', { now: NOW, tag: 'speech' });
    expect(md.filename).toBe('paper-lens-speech-2026-11-26.md');
    expect(md.mime).toBe('text/markdown');
    expect(md.text).not.toContain('Detection-Oriented');
    expect(exportList(list, 'csl-json', { now: NOW, tag: 'Speech' }).filename).toBe('paper-lens-speech-2026-11-26.csl.json');
    expect(exportList(list, 'json', { now: NOW }).mime).toBe('application/json');
  });

  it('Markdown: linked titles, authors, year, tags, read state, note', () => {
    const md = exportList(list, 'markdown', { now: NOW }).text;
    expect(md).toContain(
      '- [Detection-Oriented Image-Text Pretraining for Open-Vocabulary Detection](https://arxiv.org/abs/2310.00161) — Dahun Kim, 2023\n',
    );
    expect(md).toContain('— Fernando López, 2022 — `Speech` — read\n  > line *one*\n  > line two');
    expect(md).toContain('2 papers');
  });

  it('JSON: lossless with format and schema version', () => {
    const file = JSON.parse(exportList(list, 'json', { now: NOW }).text);
    expect(file).toEqual({
      format: 'paper-lens',
      schemaVersion: SCHEMA_VERSION,
      exportedAt: NOW.toISOString(),
      papers: list.papers,
    });
  });

  it('CSL-JSON: what Zotero imports as an arXiv preprint', () => {
    const [item] = JSON.parse(exportList(list, 'csl-json', { tag: 'speech' }).text);
    expect(item).toEqual({
      id: '2210.15226',
      type: 'article',
      title: 'Iterative pseudo-forced alignment by acoustic CTC loss for self-supervised ASR domain adaptation',
      author: [{ family: 'López', given: 'Fernando' }],
      issued: { 'date-parts': [[2022]] },
      abstract: byId('2210.15226').abstract,
      URL: 'https://arxiv.org/abs/2210.15226',
      number: '2210.15226',
      publisher: 'arXiv',
      note: 'line *one*\nline two',
      keyword: 'Speech',
    });
    expect(cslName('Ludwig van Beethoven')).toEqual({ family: 'Beethoven', given: 'Ludwig', 'non-dropping-particle': 'van' });
    expect(cslName('Smith, John')).toEqual({ family: 'Smith', given: 'John' });
    expect(cslName('Aristotle')).toEqual({ literal: 'Aristotle' });
  });
});

describe('BibTeX import', () => {
  it('reads arXiv’s own export, with versioned eprint', () => {
    const [p] = ok(`@misc{chen2023pixartalpha,
      title={PixArt-$\\alpha$: Fast Training of Diffusion Transformer for Photorealistic Text-to-Image Synthesis},
      author={Junsong Chen and Jincheng Yu and Chongjian Ge},
      year={2023},
      eprint={2310.00426v3},
      archivePrefix={arXiv},
      primaryClass={cs.CV},
      url={https://arxiv.org/abs/2310.00426},
}`);
    expect(p).toMatchObject({
      id: '2310.00426',
      title: 'PixArt-$\\alpha$: Fast Training of Diffusion Transformer for Photorealistic Text-to-Image Synthesis',
      authors: ['Junsong Chen', 'Jincheng Yu', 'Chongjian Ge'],
      year: 2023,
      primaryClass: 'cs.CV',
      source: 'import',
      links: { abs: 'https://arxiv.org/abs/2310.00426', pdf: 'https://arxiv.org/pdf/2310.00426' },
    });
  });

  it('reads Google Scholar style, @string, #, quotes, comments, accents and "Last, First"', () => {
    const ps = ok(`% exported by hand
@comment{ ignore {me} }
@preamble{ "\\newcommand{\\noop}[1]{}" }
@string{ conf = "Proceedings of " }
@String(ACL = {ACL})
@article{muller2021,
  title = "{\\"U}ber {BERT}: M{\\"u}ller's \\'{e}tude of {\\ss}, \\c{c}, \\v s and {\\o}" # { -- a test},
  author = {M{\\"u}ller, J{\\"o}rg and Fran\\c{c}ois Dupont and {World Health Organization} and others},
  journal = {arXiv preprint arXiv:2104.08027},
  booktitle = conf # ACL,
  year = 2021,
  month = jan,
  keywords = {nlp, BERT},
}
@inproceedings{nodoi, title={Only a {DOI}}, doi={https://doi.org/10.1145/3292500.3330701}}
@book(notitle, title = {Just a Title})`);
    expect(ps).toHaveLength(3);
    expect(ps[0]).toMatchObject({
      id: '2104.08027',
      title: 'Über BERT: Müller\u2019s étude of ß, ç, š and ø – a test'.replace('\u2019', "'"),
      authors: ['Jörg Müller', 'François Dupont', 'World Health Organization'],
      year: 2021,
      tags: ['nlp', 'BERT'],
    });
    expect(ps[0].title.normalize('NFC')).toBe(ps[0].title);
    expect(ps[1]).toMatchObject({ id: localPaperId('Only a DOI'), doi: '10.1145/3292500.3330701' });
    expect(ps[2]).toMatchObject({ id: localPaperId('Just a Title'), title: 'Just a Title', authors: [] });
  });

  it('finds the arXiv ID in a URL or an arXiv DOI, and merges entries citing the same paper', () => {
    const ps = ok(`@article{a, title={One}, url={https://arxiv.org/pdf/2104.08027v2.pdf}, keywords={x}}
@article{b, title={One again}, doi={10.48550/arXiv.2104.08027}, note={cited twice}}
@article{c, title={Old}, url={http://arxiv.org/abs/hep-th/9901001v1}}`);
    expect(ps.map((p) => [p.id, p.title, p.tags, p.note])).toEqual([
      ['2104.08027', 'One', ['x'], 'cited twice'],
      ['hep-th/9901001', 'Old', [], ''],
    ]);
  });

  it('decodes LaTeX accents to Unicode', () => {
    expect(decodeLatex('{\\"u} \\"{a} \\\'e \\`{e} \\^o \\~n \\c c \\v{s} \\H{o} \\r{a} {\\aa} {\\ss} \\L{}ódź {\\"\\i}')).toBe(
      'ü ä é è ô ñ ç š ő å å ß Łódź ï',
    );
    expect(decodeLatex('\\emph{Deep} \\textbf{nets}~and \\LaTeX{} --- x')).toBe('Deep nets and LaTeX \u2014 x');
  });

  it('reports progress', () => {
    const onProgress = vi.fn();
    const text = Array.from({ length: 250 }, (_, i) => `@misc{k${i}, title={Paper ${i}}}`).join('\n');
    const r = importFile(text, 'a.bib', onProgress);
    expect(r.ok && r.papers).toHaveLength(250);
    expect(onProgress).toHaveBeenCalledWith(100, 250);
    expect(onProgress).toHaveBeenLastCalledWith(250, 250);
  });

  const good = (k: string, i: number) =>
    `@misc{${k},\n  title={Good ${i}},\n  eprint={2301.0000${i}},\n  archivePrefix={arXiv}\n}\n`;

  it('one broken entry damages only itself: the others are read, the problem names entry and line', () => {
    const text = `${good('a', 1)}${good('b', 2)}@misc{broken,\n  title={Unclosed,\n  year={2020}\n}\n${good('c', 3)}`;
    const r = importFile(text, 'refs.bib', undefined, T0);
    expect(r.ok && r.papers.map((p) => p.title)).toEqual(['Good 1', 'Good 2', 'Good 3']);
    expect(r.ok && r.found).toBe(4);
    expect(r.ok && r.problems).toEqual([
      {
        line: 12,
        key: 'broken',
        reason: 'the entry is not closed before the next entry (line 15): check the braces of field "title"',
        text: 'line 12, entry "broken" (#3): the entry is not closed before the next entry (line 15): check the braces of field "title"',
      },
    ]);
  });

  it('a missing comma (Google Scholar) damages one entry; reading goes on at the next', () => {
    const text = `${good('a', 1)}@article{scholar,\n  title={A}\n  year={2020}\n}\n${good('c', 3)}`;
    const r = importFile(text, 'scholar.bib', undefined, T0);
    expect(r.ok && r.papers.map((p) => p.title)).toEqual(['Good 1', 'Good 3']);
    expect(problems(text)).toEqual([
      'line 8, entry "scholar" (#2): expected "," or "}" to end the entry but found "y" (a missing comma or brace?)',
    ]);
  });

  it.each([
    [
      'missing comma',
      '@misc{k,\n  title={A}\n  year={2020}\n}',
      'line 3, entry "k" (#1): expected "," or "}" to end the entry but found "y" (a missing comma or brace?)',
    ],
    ['missing =', '@misc{k,\n  title {A}\n}', 'line 2, entry "k" (#1): expected "=" after field "title" but found "{"'],
    ['undefined @string', '@misc{k,\n\n  journal = nips,\n title={A}}', 'line 3, entry "k" (#1): undefined @string "nips"'],
    [
      'unclosed quote',
      '@misc{k,\n title = "A, year = 2020\n',
      'line 2, entry "k" (#1): quoted value is never closed (missing ")',
    ],
    ['stray brace in quotes', '@misc{k, title = "A\n}\n', 'line 2, entry "k" (#1): unbalanced "}" inside a quoted value'],
    [
      'unclosed entry at end',
      '@misc{k,\n title={A}',
      'line 2, entry "k" (#1): expected "," or "}" to end the entry but found the end of the file',
    ],
    [
      'no key',
      '\n@misc{ title={A}}',
      'line 2, entry "title" (#1): the citation key is missing ("title =" stands where the key should be)',
    ],
    [
      'nothing to save',
      '@misc{k,\n  year={2020}\n}',
      'line 1, entry "k" (#1): has no title, arXiv id or DOI, so there is nothing to save',
    ],
  ])('%s', (_, text, message) => {
    expect(problems(text, 'x.bib').join('\n')).toContain(message);
  });
});

describe('JSON import', () => {
  const list = updatePaper(listOf(byId('2310.00161'), byId('2210.15226')), '2310.00161', { tags: ['a'], note: 'n', read: true });

  it('gives back exactly what was exported', () => {
    expect(ok(exportList(list, 'json', { now: NOW }).text, 'x.json')).toEqual(list.papers);
    // Without a file name, the content decides.
    expect(importFile(exportList(list, 'json').text).ok).toBe(true);
  });

  it('reads a file written by the first release (schema v1) through the migrations', () => {
    const v1 = {
      format: 'paper-lens',
      schemaVersion: 1,
      exportedAt: '2025-01-01T00:00:00.000Z',
      papers: [{ id: '2310.00161', title: 'T', authors: ['A B'], links: {}, savedAt: T0, tags: 'x, y', note: '' }],
    };
    expect(ok(JSON.stringify(v1))[0]).toMatchObject({ id: '2310.00161', tags: ['x', 'y'], read: false, source: 'page' });
  });

  it('says where the JSON is broken', () => {
    const text = exportList(list, 'json').text;
    const broken = text.replace('"read": true,', '"read": true,,');
    const line = text.split('\n').findIndex((l) => l.includes('"read": true')) + 1;
    expect(err(broken, 'x.json')).toMatch(new RegExp(`^x\\.json: not valid JSON at line ${line}, column \\d+: found ","`));
    expect(err(text.slice(0, 200), 'x.json')).toMatch(/line \d+, column \d+: the file ends/);
  });

  it('names the bad paper, its field and line, and imports nothing', () => {
    const file = JSON.parse(exportList(list, 'json').text);
    file.papers[1].tags = 'speech';
    const text = JSON.stringify(file, null, 2);
    const line = text.split('\n').findIndex((l) => l.includes('"id": "2210.15226"')) + 1;
    expect(err(text, 'x.json')).toBe(
      `x.json: paper 1 (id "2210.15226"): field "tags" must be an array of strings (line ${line})`,
    );
  });

  it('refuses files from a newer version and foreign JSON with a clear message', () => {
    expect(err(JSON.stringify({ format: 'paper-lens', schemaVersion: 99, papers: [] }))).toMatch(
      /schema version 99, newer.*\(line 1\)$/,
    );
    expect(err('{\n"format": "paper-lens",\n"schemaVersion": "2",\n"papers": []}')).toMatch(/no valid schemaVersion \(line 3\)$/);
    expect(importFile('[{"type":"article","title":"x"}]')).toMatchObject({ ok: true, format: 'csl-json' });
    expect(err('{"hello": 1}')).toMatch(/not a Paper Lens export/);
    expect(err('just text')).toMatch(/not a BibTeX, RIS, CSL-JSON or Paper Lens JSON file/);
  });
});

describe('round trip of the whole corpus', () => {
  it('BibTeX keeps id, title, authors, year; JSON keeps everything', () => {
    const list = listOf(...corpus);
    const back = ok(exportList(list, 'bibtex').text, 'c.bib');
    const pick = (p: SavedPaper) => [p.id, p.title, p.authors, p.year];
    expect(back.map(pick)).toEqual(list.papers.map(pick));
    expect(ok(exportList(list, 'json').text, 'c.json')).toEqual(list.papers);
  });
});

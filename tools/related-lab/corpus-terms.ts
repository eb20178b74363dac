/**
 * The related-paper lab's view of a corpus: each paper's terms, analysed once
 * with the shipped analysis (lib/core/text.ts) and interned to numbers, title
 * and abstract counted apart, so every experiment reweights the same counts
 * instead of re-analysing 30,000 abstracts. Cached beside the OS temp folder
 * by corpus file name and size. Build time only.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { analyzeTerms } from '../../lib/core/text';
import { DEFAULT_BUILD_OPTIONS } from '../related/build';
import { readCorpusFile, type CorpusPaper } from '../eval/real';

/** One paper's terms: parallel arrays of term number, count in the title, count in the abstract. */
export interface PaperTerms {
  term: Int32Array;
  inTitle: Float32Array;
  inAbstract: Float32Array;
}

/** A corpus analysed for the lab. */
export interface CorpusTerms {
  papers: CorpusPaper[];
  /** Term keys ("optim transport"); term t is `vocab[t]`. */
  vocab: string[];
  /** A readable surface form of each term (the first seen). */
  surface: string[];
  docs: PaperTerms[];
  /** Papers holding each term. */
  df: Int32Array;
}

/** Reads (or analyses and caches) a corpus file. */
export function corpusTerms(corpusFile: string): CorpusTerms {
  const papers = readCorpusFile(corpusFile);
  const cache = join(tmpdir(), `paper-lens-lab-${basename(corpusFile)}-${statSync(corpusFile).size}.json`);
  let vocab: string[];
  let surface: string[];
  let raw: [number[], number[], number[]][];
  if (existsSync(cache)) {
    ({ vocab, surface, raw } = JSON.parse(readFileSync(cache, 'utf8')) as {
      vocab: string[];
      surface: string[];
      raw: typeof raw;
    });
  } else {
    const index = new Map<string, number>();
    vocab = [];
    surface = [];
    const intern = (key: string, s: string) => {
      let t = index.get(key);
      if (t === undefined) {
        index.set(key, (t = vocab.length));
        vocab.push(key);
        surface.push(s);
      }
      return t;
    };
    raw = papers.map((p) => {
      const counts = new Map<number, [number, number]>();
      const add = (text: string, field: 0 | 1) => {
        for (const { term, surface: s } of analyzeTerms(text, DEFAULT_BUILD_OPTIONS.analysis)) {
          const t = intern(term, s);
          let c = counts.get(t);
          if (!c) counts.set(t, (c = [0, 0]));
          c[field]++;
        }
      };
      add(p.title, 0);
      add(p.abstract, 1);
      const ts = [...counts.keys()];
      return [ts, ts.map((t) => counts.get(t)![0]), ts.map((t) => counts.get(t)![1])];
    });
    writeFileSync(cache, JSON.stringify({ vocab, surface, raw }));
  }
  const docs = raw.map(([t, a, b]) => ({
    term: Int32Array.from(t),
    inTitle: Float32Array.from(a),
    inAbstract: Float32Array.from(b),
  }));
  const df = new Int32Array(vocab.length);
  for (const d of docs) for (const t of d.term) df[t]++;
  return { papers, vocab, surface, docs, df };
}

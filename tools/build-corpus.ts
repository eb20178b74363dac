/**
 * Writes data/papers.json, the corpus the extension is built with. Run with
 * `npm run corpus` (which then builds the related-paper data from it).
 *
 * By default the corpus is the bundled source in data/source/ (65 papers). To build
 * with your own (see docs/own-corpus.md):
 *
 *   tsx tools/build-corpus.ts --source a.jsonl --source b.json [--skip-bad] [--out data/papers.json]
 *   tsx tools/build-corpus.ts --synthetic 30000 [--seed 42]
 *   PAPER_LENS_CORPUS=a.jsonl,b.json PAPER_LENS_SKIP_BAD=1 npm run corpus
 *   PAPER_LENS_SYNTHETIC=30000 npm run corpus
 *
 * `.jsonl` files are arXiv metadata, `.json` files Hugging Face daily papers; either
 * may be gzipped (`.jsonl.gz`, `.json.gz`) and is read as it is.
 * Without --skip-bad any bad record stops the build with every problem as
 * file:line: message (exit code 1); with it, bad records are reported and left out.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCorpus, CorpusParseError } from './corpus/parser';
import { formatProblem, mergeSources, readSourceFile, type SourcePaper, type SourceProblem } from '../lib/formats/corpus-sources';
import { buildVocabulary, syntheticCorpus } from './corpus/synthetic';

const root = fileURLToPath(new URL('..', import.meta.url));
const pageFile = 'data/source/hf-papers-pretraining-alignment.txt';
const idsFile = 'data/source/arxiv-ids.tsv';
/** Up to this many papers data/papers.json is indented, so a diff of the bundled corpus stays readable; beyond, it is one line. */
const INDENT_UP_TO = 1000;
/** Node cannot hold a string much over 512 MB; the full arXiv snapshot is several GB. */
const MAX_SOURCE_BYTES = 500e6;

const USAGE = `usage: tsx tools/build-corpus.ts [--source FILE]... [--skip-bad] [--synthetic N [--seed S]] [--out FILE]
  --source FILE   a .jsonl file of arXiv metadata or a .json file of Hugging Face daily papers (repeatable;
                  replaces PAPER_LENS_CORPUS, a comma-separated list of files)
  --skip-bad      report bad records and leave them out (also PAPER_LENS_SKIP_BAD=1); by default they stop the build
  --synthetic N   an arXiv-shaped synthetic corpus of N papers (also PAPER_LENS_SYNTHETIC=N)
  --seed S        seed of the synthetic corpus (default 42)
  --out FILE      where to write (default data/papers.json)
Without --source, PAPER_LENS_CORPUS or --synthetic, the corpus is the bundled one in data/source/.`;

/** A command line that cannot be run; the CLI prints it with the usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Bad records that stop the build, all of them, so one run shows everything to fix. */
export class CorpusBuildError extends Error {
  constructor(readonly problems: SourceProblem[]) {
    super(`${problems.length} bad record${problems.length === 1 ? '' : 's'}:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'CorpusBuildError';
  }
}

/** What the command line and environment ask for. */
export interface CorpusOptions {
  /** Source files in order; the first paper of an id wins. Empty for the bundled or synthetic corpus. */
  sources: string[];
  skipBad: boolean;
  synthetic?: number;
  seed: number;
  out: string;
}

/** Reads the flags, then the environment for what the flags leave open. */
export function corpusOptions(args: string[], env: Record<string, string | undefined>): CorpusOptions {
  const sources: string[] = [];
  let skipBad = env.PAPER_LENS_SKIP_BAD === '1' || env.PAPER_LENS_SKIP_BAD === 'true';
  let synthetic: string | undefined;
  let seed = '42';
  let out = 'data/papers.json';
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--source') sources.push(value());
    else if (flag === '--skip-bad') skipBad = true;
    else if (flag === '--synthetic') synthetic = value();
    else if (flag === '--seed') seed = value();
    else if (flag === '--out') out = value();
    else throw new UsageError(`unknown argument ${flag}`);
  }
  if (!sources.length && env.PAPER_LENS_CORPUS?.trim()) {
    sources.push(
      ...env.PAPER_LENS_CORPUS.split(',')
        .map((f) => f.trim())
        .filter(Boolean),
    );
  }
  synthetic ??= env.PAPER_LENS_SYNTHETIC?.trim() || undefined;
  const count = (text: string, name: string) => {
    if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${name} must be a whole number above 0, not "${text}"`);
    return Number(text);
  };
  if (synthetic !== undefined && sources.length) {
    throw new UsageError('choose either source files or a synthetic corpus: their IDs would collide');
  }
  return {
    sources,
    skipBad,
    ...(synthetic !== undefined ? { synthetic: count(synthetic, '--synthetic') } : {}),
    seed: count(seed, '--seed'),
    out,
  };
}

/** The result of a build, ready to write. */
export interface CorpusBuild {
  papers: SourcePaper[];
  /** Bad records left out (only with skip-bad). */
  skipped: SourceProblem[];
  /** Where to write, as given. */
  out: string;
  /** The file's content. */
  json: string;
  /** What the corpus was made from, for the log. */
  from: string;
}

/** The bundled corpus from data/source/, exactly as it has always been built. */
function bundledCorpus(): SourcePaper[] {
  try {
    return buildCorpus(readFileSync(root + pageFile, 'utf8'), readFileSync(root + idsFile, 'utf8'), {
      page: pageFile,
      ids: idsFile,
    });
  } catch (err) {
    if (err instanceof CorpusParseError)
      throw new CorpusBuildError([{ file: err.file, line: err.line, message: err.message.replace(/^.*?:\d+: /, '') }]);
    throw err;
  }
}

/** Reads a source file given on the command line or in PAPER_LENS_CORPUS (relative to the working directory). */
function readSourceText(file: string): string {
  const path = resolve(file);
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (size > MAX_SOURCE_BYTES) {
    throw new UsageError(
      `${file} is ${Math.round(size / 1e6)} MB, more than Node can read as text: keep only the papers you want first (docs/own-corpus.md)`,
    );
  }
  return readSource(path);
}

/** A source file's text, gunzipped when its name ends in `.gz`. */
export function readSource(path: string): string {
  const bytes = readFileSync(path);
  return (/\.gz$/i.test(path) ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** The name a source file's format is told by: without a trailing `.gz`. */
export const sourceName = (file: string): string => file.replace(/\.gz$/i, '');

/**
 * Builds the corpus the arguments and environment ask for. Throws UsageError for a
 * command line it cannot run and CorpusBuildError with every problem when a record
 * is bad and skip-bad is off. `readText` is there for tests.
 */
export function buildCorpusFromArgs(
  args: string[],
  env: Record<string, string | undefined>,
  readText: (file: string) => string = readSourceText,
): CorpusBuild {
  const options = corpusOptions(args, env);
  let papers: SourcePaper[];
  let skipped: SourceProblem[] = [];
  let from: string;
  if (options.sources.length) {
    const read = mergeSources(options.sources.map((file) => readSourceFile(readText(file), sourceName(file))));
    if (read.problems.length && !options.skipBad) throw new CorpusBuildError(read.problems);
    papers = read.papers;
    skipped = read.problems;
    from = options.sources.join(', ');
  } else if (options.synthetic !== undefined) {
    const vocabulary = buildVocabulary(bundledCorpus().map((p) => `${p.title} ${p.abstract}`));
    papers = syntheticCorpus(options.synthetic, vocabulary, options.seed);
    from = `synthetic (seed ${options.seed})`;
  } else {
    papers = bundledCorpus();
    from = 'data/source/';
  }
  if (!papers.length) throw new UsageError(`no papers read from ${from}`);
  const json = (papers.length <= INDENT_UP_TO ? JSON.stringify(papers, null, 1) : JSON.stringify(papers)) + '\n';
  return { papers, skipped, out: options.out, json, from };
}

function main(): void {
  try {
    const build = buildCorpusFromArgs(process.argv.slice(2), process.env);
    if (build.skipped.length) {
      console.warn(`corpus: skipped ${build.skipped.length} bad record${build.skipped.length === 1 ? '' : 's'}:`);
      for (const p of build.skipped) console.warn(`  ${formatProblem(p)}`);
    }
    const out = build.out === 'data/papers.json' ? root + build.out : resolve(build.out);
    writeFileSync(out, build.json);
    console.log(`${build.out}: ${build.papers.length} papers from ${build.from}`);
  } catch (err) {
    if (err instanceof CorpusBuildError) {
      console.error(
        `corpus: ${err.message}\nNothing written. Fix these, or pass --skip-bad (PAPER_LENS_SKIP_BAD=1) to leave them out.`,
      );
      process.exit(1);
    }
    if (err instanceof UsageError) {
      console.error(`corpus: ${err.message}\n${USAGE}`);
      process.exit(2);
    }
    throw err;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();

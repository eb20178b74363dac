/**
 * Regenerates data/papers.json from the sources in data/source/.
 * Run with `npm run corpus`. Fails with the file and line it could not read.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCorpus, CorpusParseError } from '../lib/corpus-parser';

const root = fileURLToPath(new URL('..', import.meta.url));
const pageFile = 'data/source/hf-papers-pretraining-alignment.txt';
const idsFile = 'data/source/arxiv-ids.tsv';

try {
  const papers = buildCorpus(readFileSync(root + pageFile, 'utf8'), readFileSync(root + idsFile, 'utf8'), {
    page: pageFile,
    ids: idsFile,
  });
  writeFileSync(root + 'data/papers.json', JSON.stringify(papers, null, 1) + '\n');
  console.log(`data/papers.json: ${papers.length} papers`);
} catch (err) {
  if (err instanceof CorpusParseError) {
    console.error(`corpus: ${err.message}`);
    process.exit(1);
  }
  throw err;
}

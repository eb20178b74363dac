/**
 * Writes the corpus files the extension ships (public/corpus/, copied into each
 * build by WXT) from data/papers.json and data/related-model.bin (the related-paper
 * model, shipped as term shards: lib/related/shards.ts). Run by `npm run build` and `npm run zip`.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAssets } from './corpus/assets';
import type { Paper } from '../lib/core/paper';
import { decodeRelatedModel } from '../lib/related/model';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = <T>(file: string): T => JSON.parse(readFileSync(join(root, file), 'utf8')) as T;

const t0 = performance.now();
const papers = read<Paper[]>('data/papers.json');
const files = buildAssets(papers, decodeRelatedModel(readFileSync(join(root, 'data/related-model.bin'))));
// Start clean: a file left from an older layout would ship too.
rmSync(join(root, 'public/corpus'), { recursive: true, force: true });
let bytes = 0;
for (const [file, text] of Object.entries(files)) {
  const path = join(root, 'public', file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  bytes += Buffer.byteLength(text);
}
console.log(
  `public/corpus: ${papers.length} papers, ${Object.keys(files).length} files, ${(bytes / 1024).toFixed(0)} KiB in ${Math.round(performance.now() - t0)} ms`,
);

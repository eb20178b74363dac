/**
 * A reading list of real papers for the storage measurements and the
 * 100,000-paper tests: titles and authors from `/work/shared/real/arxiv-110k.jsonl.gz`
 * (abstracts left out, as the list keeps none for corpus papers), each with
 * tags and a note the size a researcher writes (about 200 characters), so the
 * list is as heavy as a real one of that length.
 */
import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { toSavedPaper, type SavedPaper } from '../../lib/reading-list/list';

/** Where the real arXiv metadata lives on this machine. */
export const ARXIV_110K = process.env.PAPER_LENS_ARXIV_110K ?? '/work/shared/real/arxiv-110k.jsonl.gz';

const NOTE_WORDS = 'method baseline ablation dataset results section appendix compare reproduce figure claim proof'.split(' ');

/** The first `n` papers of the real arXiv file as saved papers with tags and notes. */
export function realSavedPapers(n: number, t0 = 1_700_000_000_000): SavedPaper[] {
  if (!existsSync(ARXIV_110K)) throw new Error(`${ARXIV_110K} not found (set PAPER_LENS_ARXIV_110K)`);
  const lines = gunzipSync(readFileSync(ARXIV_110K)).toString('utf8').split('\n');
  const out: SavedPaper[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    if (out.length >= n) break;
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { id: string; title: string; authors: string; categories?: string };
    if (seen.has(row.id) || !row.title?.trim()) continue;
    seen.add(row.id);
    const i = out.length;
    const note = Array.from({ length: 28 }, (_, k) => NOTE_WORDS[(i * 7 + k * 3) % NOTE_WORDS.length]).join(' ');
    out.push(
      toSavedPaper(
        {
          id: row.id,
          title: row.title,
          authors: row.authors.split(/,\s*|\s+and\s+/).filter(Boolean),
          primaryClass: row.categories?.split(' ')[0],
          savedAt: t0 + i,
          tags: [`t${i % 17}`, ...(i % 3 ? [] : ['to-read'])],
          note: `Paper ${i}: ${note}.`,
          read: i % 4 === 0,
          source: 'import',
        },
        t0 + i,
      ),
    );
  }
  if (out.length < n) throw new Error(`${ARXIV_110K} holds only ${out.length} usable papers`);
  return out;
}

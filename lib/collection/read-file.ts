/**
 * Reads a file the user adds to the collection, in chunks: arXiv metadata JSON
 * lines (`.jsonl`, `.jsonl.gz`, the snapshot `.json`) are streamed a few hundred
 * lines at a time, so a 110,000-paper file never sits in memory as one string;
 * Hugging Face daily papers and the reading-list formats (BibTeX, CSL-JSON, RIS,
 * Paper Lens JSON) are read whole. The readers are lib/formats' own; this file
 * only decides which one and cuts the stream.
 */
import { readArxivMetadataJsonl, readHfDailyPapersJson, type SourceRead } from '../formats/corpus-sources';
import { importFile } from '../formats/import/index';
import { toCollected, type CollectedPaper, type CollectionFormat } from './records';

/** What a file gives: the part of it a reader handles. */
export interface FileLike {
  name: string;
  size: number;
  stream(): ReadableStream<Uint8Array>;
}

/** A record left out, and why. */
export interface SkippedRecord {
  file: string;
  line: number;
  reason: string;
}

/** One chunk of a file. */
export interface FileChunk {
  papers: CollectedPaper[];
  /** Line of each paper, parallel to `papers` (for duplicates found when writing). */
  lines: number[];
  skipped: SkippedRecord[];
  /** Bytes of the file (as stored, compressed or not) consumed so far. */
  bytesRead: number;
  format: CollectionFormat;
}

/** Lines per chunk of a JSON-lines file (and papers per write transaction). */
export const CHUNK_LINES = 500;

/** A file of no format Paper Lens reads. */
export class UnknownFormatError extends Error {}

const isGzip = (name: string) => /\.gz$/i.test(name);
const baseName = (name: string) => name.replace(/\.gz$/i, '');

/** The file's text as a stream of decoded strings, gunzipped when it ends in `.gz`, counting the bytes read. */
function textStream(file: FileLike, onBytes: (n: number) => void): ReadableStream<string> {
  let bytes = 0;
  const counted = file.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        bytes += chunk.byteLength;
        onBytes(bytes);
        ctl.enqueue(chunk);
      },
    }),
  );
  const raw = isGzip(file.name)
    ? counted.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>)
    : counted;
  return raw.pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>);
}

/** Lines of a text stream, `n` at a time, with the 1-based number of the first. */
async function* lineBatches(stream: ReadableStream<string>, n: number): AsyncGenerator<{ first: number; lines: string[] }> {
  const reader = stream.getReader();
  let rest = '';
  let batch: string[] = [];
  let first = 1;
  for (;;) {
    const { done, value } = await reader.read();
    if (!done) rest += value;
    const parts = rest.split('\n');
    rest = done ? '' : parts.pop()!;
    for (const line of parts) {
      batch.push(line);
      if (batch.length >= n) {
        yield { first, lines: batch };
        first += batch.length;
        batch = [];
      }
    }
    if (done) break;
  }
  if (batch.length) yield { first, lines: batch };
}

/** A first non-blank line that is an arXiv metadata record (not a Hugging Face entry). */
function looksLikeArxivMetadata(line: string): boolean {
  try {
    const r = JSON.parse(line) as Record<string, unknown>;
    return (
      typeof r === 'object' && r !== null && !('paper' in r) && typeof r.id === 'string' && ('categories' in r || 'versions' in r)
    );
  } catch {
    return false;
  }
}

function fromSourceRead(read: SourceRead, lineBase: number): Pick<FileChunk, 'papers' | 'lines' | 'skipped'> {
  return {
    papers: read.papers.map(toCollected),
    lines: read.origins.map((o) => o.line + lineBase),
    skipped: read.problems.map((p) => ({ file: p.file, line: p.line + lineBase, reason: p.message })),
  };
}

/**
 * Reads a file chunk by chunk. Throws {@link UnknownFormatError} with a message
 * for the user when the file is of no known format.
 */
export async function* readCollectionFile(
  file: FileLike,
  onBytes: (n: number) => void = () => undefined,
): AsyncGenerator<FileChunk> {
  const name = baseName(file.name);
  let bytesRead = 0;
  const stream = textStream(file, (n) => {
    bytesRead = n;
    onBytes(n);
  });
  const batches = lineBatches(stream, CHUNK_LINES);
  const head = await batches.next();
  if (head.done) return;
  const firstLine = head.value.lines.find((l) => l.trim()) ?? '';
  const jsonLines = /\.jsonl$/i.test(name) || (/\.json$/i.test(name) && looksLikeArxivMetadata(firstLine.replace(/^\ufeff/, '')));
  if (jsonLines && !/"paper"\s*:/.test(firstLine)) {
    const chunkOf = (b: { first: number; lines: string[] }): FileChunk => ({
      ...fromSourceRead(readArxivMetadataJsonl(b.lines.join('\n'), file.name), b.first - 1),
      bytesRead,
      format: 'arxiv-metadata',
    });
    yield chunkOf(head.value);
    for await (const b of batches) yield chunkOf(b);
    return;
  }
  // Whole-file formats.
  const lines = [...head.value.lines];
  for await (const b of batches) lines.push(...b.lines);
  const text = lines.join('\n');
  yield { ...wholeFile(text, file.name, name), bytesRead };
}

function looksLikeHf(text: string): boolean {
  return /"(dailyPapers|paper|publishedAt|summary)"\s*:/.test(text.slice(0, 20_000));
}

/**
 * A whole file: the reading-list importer first (it knows BibTeX, RIS,
 * CSL-JSON and its own JSON), then Hugging Face daily papers for JSON it does
 * not read. Neither: an {@link UnknownFormatError}.
 */
function wholeFile(text: string, file: string, name: string): Omit<FileChunk, 'bytesRead'> {
  const r = importFile(text, name);
  if (r.ok && (r.papers.length || !looksLikeHf(text))) {
    return {
      format: r.format,
      papers: r.papers.map(toCollected),
      lines: r.papers.map(() => 0),
      skipped: r.problems.map((p) => ({ file, line: p.line, reason: p.key ? `entry "${p.key}": ${p.reason}` : p.reason })),
    };
  }
  if (/\.(json|jsonl)$/i.test(name) && looksLikeHf(text)) {
    return { ...fromSourceRead(readHfDailyPapersJson(text, file), 0), format: 'hf-daily-papers' };
  }
  throw new UnknownFormatError(
    `${file}: not a format Paper Lens reads (arXiv metadata .jsonl or .jsonl.gz, Hugging Face daily papers .json, BibTeX, RIS, CSL-JSON or Paper Lens JSON)${r.ok ? '' : ` — ${r.error}`}`,
  );
}

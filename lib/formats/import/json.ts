/**
 * JSON import: files written by `lib/formats/export/json.ts` in any schema version this
 * project ever wrote (migrated with the storage module's `MIGRATIONS`), and the
 * raw storage record (`{ schemaVersion, list }`) for people who copied it out of
 * the browser's devtools. All or nothing. CSL-JSON is told apart by `isCslJson` (`./csl-json.ts`).
 */
import { lineAt, lineColumnAt } from '../../core/lines';
import { isPaperId } from '../../core/paper';
import { isObject } from '../../core/values';
import type { SavedPaper } from '../../reading-list/list';
import { migrateRecord } from '../../reading-list/storage';
import { JSON_FORMAT } from '../export/json';

/** A JSON file that cannot be imported; `line` when we can point at one. */
export class JsonImportError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'JsonImportError';
  }
}

/** Line of the `"id": "<id>"` of a paper, to point at a bad paper in the file. */
function lineOfId(text: string, id: unknown): number | undefined {
  if (typeof id !== 'string') return undefined;
  const needle = new RegExp(`"id"\\s*:\\s*${JSON.stringify(id).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
  const m = needle.exec(text);
  return m ? lineAt(text, m.index) : undefined;
}

/** Line of the first `"key":` in the file, else 1. */
function lineOfKey(text: string, key: string): number {
  const i = text.indexOf(`"${key}"`);
  return i < 0 ? 1 : lineAt(text, i);
}

/** Parses JSON or throws a `JsonImportError` that says where it is broken. */
export function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    // Engines differ in whether the message carries a position (Node 20 often
    // omits it), so find the spot ourselves.
    const pos = jsonErrorAt(text);
    const { line, column } = lineColumnAt(text, pos);
    const found = pos >= text.length ? 'the file ends' : `found ${JSON.stringify(text[pos])}`;
    throw new JsonImportError(`not valid JSON at line ${line}, column ${column}: ${found} (${(e as Error).message})`, line);
  }
}

/** Reads a Paper Lens JSON file (already parsed as `data`, when given) or throws a `JsonImportError`. */
export function parseJsonExport(text: string, data: unknown = readJson(text)): SavedPaper[] {
  let record: unknown;
  if (isObject(data) && data.format === JSON_FORMAT) {
    if (!Array.isArray(data.papers)) {
      const line = lineOfKey(text, 'papers');
      throw new JsonImportError(`a Paper Lens file without a "papers" array (line ${line})`, line);
    }
    record = { schemaVersion: data.schemaVersion, list: { papers: data.papers } };
  } else if (isObject(data) && 'schemaVersion' in data && isObject(data.list)) {
    record = data;
  } else {
    throw new JsonImportError('not a Paper Lens export: expected "format": "paper-lens" at the top (line 1)', 1);
  }
  const migrated = migrateRecord(record);
  if (migrated.ok) {
    // A file can say anything: an id the page reader would refuse (2313.00001) is refused here too.
    const odd = migrated.record.list.papers.find((p) => !isPaperId(p.id));
    if (!odd) return migrated.record.list.papers;
    const line = lineOfId(text, odd.id) ?? 1;
    throw new JsonImportError(
      `paper "${odd.id}" has no valid id: an arXiv id (such as 2310.00161), a doi:… or a pl-… id (line ${line})`,
      line,
    );
  }
  const papers = (record as { list: { papers: unknown[] } }).list.papers;
  const bad = migrated.paperIndex === undefined ? undefined : papers[migrated.paperIndex];
  // A bad paper is found by its id; anything else is about the version.
  const line = (isObject(bad) ? lineOfId(text, bad.id) : undefined) ?? lineOfKey(text, 'schemaVersion');
  throw new JsonImportError(`${migrated.error} (line ${line})`, line);
}

/**
 * Position of the first JSON syntax error in `text` (text.length when it ends
 * too early). Only called after `JSON.parse` failed, so it need not build values.
 */
export function jsonErrorAt(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  class Stop {
    constructor(readonly at: number) {}
  }
  const stop = (): never => {
    throw new Stop(i);
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) stop();
      i++;
    }
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') return void i++;
      if (c < ' ') stop();
      if (c === '\\') {
        i++;
        if (text[i] === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) {
              i += k;
              stop();
            }
          }
          i += 5;
        } else if (text[i] !== undefined && '"\\/bfnrt'.includes(text[i])) i++;
        else stop();
      } else i++;
    }
    stop();
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) stop();
    i += m![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 500) stop();
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') stop();
        string();
        ws();
        if (text[i] !== ':') stop();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else stop();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else stop();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  try {
    value(0);
    ws();
    return i < text.length ? i : text.length;
  } catch (e) {
    if (e instanceof Stop) return Math.min(e.at, text.length);
    throw e;
  }
}

/**
 * JSON export: lossless, the papers exactly as stored, with the schema version
 * so that a later Paper Lens can migrate the file on import (`lib/formats/import/json.ts`).
 */
import type { SavedPaper } from '../../reading-list/list';
import { SCHEMA_VERSION } from '../../reading-list/storage';

/** Marks a file as ours, so the importer can tell it from other JSON. */
export const JSON_FORMAT = 'paper-lens';

/** The exported file. */
export interface JsonExport {
  /** Always `"paper-lens"`. */
  format: typeof JSON_FORMAT;
  /** `SCHEMA_VERSION` of the papers' shape. */
  schemaVersion: number;
  /** When the file was written (ISO 8601). */
  exportedAt: string;
  /** The papers, in list order. */
  papers: SavedPaper[];
}

/** The list as a pretty-printed JSON file (pretty, since people diff and read backups). */
export function toJson(papers: readonly SavedPaper[], now: Date): string {
  const file: JsonExport = {
    format: JSON_FORMAT,
    schemaVersion: SCHEMA_VERSION,
    exportedAt: now.toISOString(),
    papers: [...papers],
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

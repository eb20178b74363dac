/** Person names as the reading list shows them ("First Last"), from the shapes other formats store. */
import { foldSpace } from '../../core/strings';

/** A CSL name object (Zotero, Manubot, pandoc). */
export interface CslNameIn {
  family?: unknown;
  given?: unknown;
  'non-dropping-particle'?: unknown;
  'dropping-particle'?: unknown;
  suffix?: unknown;
  literal?: unknown;
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** `{given, dropping-particle, non-dropping-particle, family, suffix}` or `{literal}` → "Given van Family, Jr". */
export function cslDisplayName(n: CslNameIn): string {
  if (str(n.literal)) return foldSpace(str(n.literal));
  const name = foldSpace(
    [n.given, n['dropping-particle'], n['non-dropping-particle'], n.family].map(str).filter(Boolean).join(' '),
  );
  const suffix = foldSpace(str(n.suffix));
  return suffix && name ? `${name}, ${suffix}` : name;
}

/** RIS's "Last, First" → "First Last"; "Last, First, Suffix" → "First Last, Suffix"; anything else folded. */
export function lastFirstName(raw: string): string {
  const parts = raw.split(',').map(foldSpace);
  if (parts.length === 2 && parts[1]) return foldSpace(`${parts[1]} ${parts[0]}`);
  if (parts.length === 3 && parts[1]) return foldSpace(`${parts[1]} ${parts[0]}${parts[2] ? `, ${parts[2]}` : ''}`);
  return foldSpace(parts.filter(Boolean).join(' '));
}

/** Checks on values read from storage, files and messages, shared by every reader. */

/** True for a plain object (not null, not an array): the shape every record is read from. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

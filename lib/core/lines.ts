/**
 * Offsets to line numbers, for error messages that point into a file (the
 * importers and the corpus readers). THE one line finder.
 */

/**
 * A function from a character offset of `text` to its 1-based line. Line
 * starts are found once, then each lookup is a binary search, so a parser can
 * ask for the line of every entry of a large file.
 */
export function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** The 1-based line of a character offset of `text` (for one lookup; use `lineFinder` for many). */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The 1-based line and column of a character offset of `text`. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const lineStart = offset > 0 ? text.lastIndexOf('\n', Math.min(offset, text.length) - 1) + 1 : 0;
  return { line: lineAt(text, offset), column: offset - lineStart + 1 };
}

import { describe, expect, it } from 'vitest';
import { lineAt, lineColumnAt, lineFinder } from '../../lib/core/lines';

describe('lineAt (lib/core/lines.ts)', () => {
  const text = 'one\ntwo\n\nfour';

  it('maps offsets to 1-based lines', () => {
    expect(lineAt(text, 0)).toBe(1);
    expect(lineAt(text, 3)).toBe(1); // the "\n" ending line 1
    expect(lineAt(text, 4)).toBe(2);
    expect(lineAt(text, 8)).toBe(3);
    expect(lineAt(text, 9)).toBe(4);
    expect(lineAt(text, 13)).toBe(4);
  });

  it('clamps offsets outside the text', () => {
    expect(lineAt(text, -5)).toBe(1);
    expect(lineAt(text, 1_000)).toBe(4);
    expect(lineAt('', 0)).toBe(1);
  });

  it('lineFinder agrees with lineAt at every offset', () => {
    for (const t of [text, '', '\n', 'a\r\nb\n', '\n\nx\n']) {
      const find = lineFinder(t);
      for (let i = -1; i <= t.length + 1; i++) expect(find(i)).toBe(lineAt(t, i));
    }
  });

  it('gives 1-based columns', () => {
    expect(lineColumnAt(text, 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt(text, 5)).toEqual({ line: 2, column: 2 });
    expect(lineColumnAt('\nab', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt('\nab', 2)).toEqual({ line: 2, column: 2 });
  });
});

/**
 * Selecting text with the mouse, as a reader does, in Chromium (Playwright) and
 * Firefox (Puppeteer). The overlay sits in the page's flow above the article,
 * so when its related list or highlights arrive late (a loaded machine) the
 * article moves down: a drag aimed before the move selects the wrong words.
 * So the drag waits for the passage to stand still, checks that the selection
 * runs from the first words to the last, and drags again when it does not.
 */
export interface Point {
  x: number;
  y: number;
}
export interface DragTarget {
  id: string;
  from: string;
  to: string;
}
/** What both drivers offer: the mouse and an evaluate over one argument. */
export interface Driver {
  mouse: {
    move(x: number, y: number, opts?: { steps?: number }): Promise<unknown>;
    down(): Promise<unknown>;
    up(): Promise<unknown>;
  };
  points(t: DragTarget): Promise<{ start: Point; end: Point }>;
  selection(): Promise<string>;
  clear(): Promise<void>;
  wait(ms: number): Promise<void>;
}

/**
 * Runs in the page: scrolls `#id` to the middle of the viewport and returns the
 * points just inside the first character of `from` and the last of `to`.
 */
export function pointsInPage({ id, from, to }: DragTarget): { start: Point; end: Point } {
  const el = document.getElementById(id);
  if (!el) throw new Error(`no #${id}`);
  el.scrollIntoView({ block: 'center' });
  const point = (needle: string, last: boolean): Point => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = (n as Text).data.indexOf(needle);
      if (i < 0) continue;
      const r = document.createRange();
      const at = last ? i + needle.length - 1 : i;
      r.setStart(n, at);
      r.setEnd(n, at + 1);
      const rect = r.getBoundingClientRect();
      return { x: last ? rect.right - 1 : rect.left + 1, y: rect.top + rect.height / 2 };
    }
    throw new Error(`"${needle}" not in #${id}`);
  };
  return { start: point(from, false), end: point(to, true) };
}

const fold = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Drags from the first character of `from` to the last of `to` inside `#id`; throws after 4 tries that select something else. */
export async function dragSelectWith(d: Driver, t: DragTarget): Promise<void> {
  let last = '';
  for (let attempt = 0; attempt < 4; attempt++) {
    // The passage stands still: the same points twice, 250 ms apart.
    let box = await d.points(t);
    for (let i = 0; i < 20; i++) {
      await d.wait(250);
      const again = await d.points(t);
      const still = JSON.stringify(again) === JSON.stringify(box);
      box = again;
      if (still) break;
    }
    await d.mouse.move(box.start.x, box.start.y);
    await d.mouse.down();
    await d.mouse.move(box.end.x, box.end.y, { steps: 8 });
    await d.mouse.up();
    last = fold(await d.selection());
    if (last.startsWith(fold(t.from)) && last.endsWith(fold(t.to))) return;
    await d.clear();
    await d.wait(500);
  }
  throw new Error(`dragging over #${t.id} from "${t.from}" to "${t.to}" selected "${last}"`);
}

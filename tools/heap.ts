/**
 * The heap a measurement reads (tools/bench.ts): the JS heap plus typed-array
 * memory (which V8 keeps outside the heap but a worker still holds), after
 * collecting until it holds still. One or two collections in a row were not
 * enough: a first one left memory that a later one, after a turn of the event
 * loop, freed (tens of MB at 5,000 papers), and the bench read negative heaps.
 */
const gc = (globalThis as { gc?: () => void }).gc;

/** MB of heap and typed arrays, collected until two readings 50 ms apart differ by under 0.5 MB (at most 20). */
export async function heapMB(): Promise<number> {
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');
  let last = Infinity;
  for (let i = 0; i < 20; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 50));
    const m = process.memoryUsage();
    const now = (m.heapUsed + m.arrayBuffers) / 1048576;
    if (Math.abs(now - last) < 0.5) return now;
    last = now;
  }
  return last;
}

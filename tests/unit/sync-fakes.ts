/**
 * In-memory stand-ins for sync tests: a storage area, and `storage.sync` areas
 * of several devices joined by a fake sync server. The sync areas enforce
 * Chrome's quotas (bytes per item and in all, items, writes per minute and per
 * hour) with Chrome's error messages; the server keeps the last write of each
 * key to arrive (as Chrome sync does) and sends it to every device.
 */
import { SYNC_QUOTA, itemBytes } from '../../lib/backup/sync-format';
import type { StorageAreaLike } from '../../lib/reading-list/storage';

/** A plain in-memory storage area (what `storage.local` is to the code). */
export class MemoryArea implements StorageAreaLike {
  readonly data = new Map<string, unknown>();
  async get(keys: string | string[] | null): Promise<Record<string, unknown>> {
    const want = keys === null ? [...this.data.keys()] : typeof keys === 'string' ? [keys] : keys;
    const out: Record<string, unknown> = {};
    for (const k of want) if (this.data.has(k)) out[k] = structuredClone(this.data.get(k));
    return out;
  }
  async set(items: Record<string, unknown>): Promise<void> {
    for (const [k, v] of Object.entries(items)) this.data.set(k, structuredClone(v));
  }
  async remove(keys: string | string[]): Promise<void> {
    for (const k of typeof keys === 'string' ? [keys] : keys) this.data.delete(k);
  }
}

/** One device's `storage.sync`. */
export class FakeSyncArea extends MemoryArea {
  /** Writes not yet sent to the server, in order. */
  pending: [string, unknown][] = [];
  /** Times of write operations (one per set/remove call). */
  readonly ops: number[] = [];
  constructor(private readonly clock: () => number) {
    super();
  }
  private countOp() {
    const t = this.clock();
    const lastMinute = this.ops.filter((x) => t - x < 60_000).length;
    const lastHour = this.ops.filter((x) => t - x < 3_600_000).length;
    if (lastMinute >= SYNC_QUOTA.MAX_WRITE_OPERATIONS_PER_MINUTE)
      throw new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.');
    if (lastHour >= SYNC_QUOTA.MAX_WRITE_OPERATIONS_PER_HOUR)
      throw new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_HOUR quota.');
    this.ops.push(t);
  }
  /** Bytes in use, as Chrome counts them. */
  bytesInUse(): number {
    let n = 0;
    for (const [k, v] of this.data) n += itemBytes(k, v);
    return n;
  }
  override async set(items: Record<string, unknown>): Promise<void> {
    const after = new Map(this.data);
    for (const [k, v] of Object.entries(items)) {
      if (itemBytes(k, v) > SYNC_QUOTA.QUOTA_BYTES_PER_ITEM) throw new Error('QUOTA_BYTES_PER_ITEM quota exceeded');
      after.set(k, v);
    }
    if (after.size > SYNC_QUOTA.MAX_ITEMS) throw new Error('MAX_ITEMS quota exceeded');
    let total = 0;
    for (const [k, v] of after) total += itemBytes(k, v);
    if (total > SYNC_QUOTA.QUOTA_BYTES) throw new Error('QUOTA_BYTES quota exceeded');
    this.countOp();
    await super.set(items);
    for (const [k, v] of Object.entries(items)) this.pending.push([k, structuredClone(v)]);
  }
  override async remove(keys: string | string[]): Promise<void> {
    this.countOp();
    await super.remove(keys);
    for (const k of typeof keys === 'string' ? [keys] : keys) this.pending.push([k, undefined]);
  }
}

/** The sync server between devices. */
export class FakeSyncServer {
  readonly values = new Map<string, unknown>();
  readonly devices: FakeSyncArea[] = [];
  constructor(private readonly clock: () => number) {}
  device(): FakeSyncArea {
    const area = new FakeSyncArea(this.clock);
    for (const [k, v] of this.values) area.data.set(k, structuredClone(v));
    this.devices.push(area);
    return area;
  }
  /**
   * Uploads every device's pending writes in `order` (later uploads win a key),
   * then brings every device's copy to the server's. Returns the devices whose
   * copy changed (their `storage.onChanged` would fire).
   */
  deliver(order: FakeSyncArea[] = this.devices): Set<FakeSyncArea> {
    for (const d of order) {
      for (const [k, v] of d.pending) {
        if (v === undefined) this.values.delete(k);
        else this.values.set(k, v);
      }
      d.pending = [];
    }
    const changed = new Set<FakeSyncArea>();
    for (const d of this.devices) {
      const keys = new Set([...d.data.keys(), ...this.values.keys()]);
      for (const k of keys) {
        const want = this.values.get(k);
        if (JSON.stringify(d.data.get(k)) === JSON.stringify(want)) continue;
        if (want === undefined) d.data.delete(k);
        else d.data.set(k, structuredClone(want));
        changed.add(d);
      }
    }
    return changed;
  }
}

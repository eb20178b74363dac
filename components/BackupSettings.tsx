import { useEffect, useState } from 'preact/hooks';
import type { BackupOutcome, BackupState } from '@/lib/backup/backup';
import type { SyncStatus } from '@/lib/backup/sync';

/** What the options page shows about backups and sync; null while loading. */
export interface BackupSettingsProps {
  backup: BackupState | null;
  sync: SyncStatus | null;
  /** A backup or a sync switch is under way. */
  busy: boolean;
  /** The outcome of the last action, in words (e.g. "Backed up 12 papers to …"). */
  result?: string;
  /** The current time, for "3 days ago" (a prop so that the component stays pure). */
  now: number;
  onBackUpNow(): void;
  onBackupEnabled(enabled: boolean): void;
  onSyncEnabled(enabled: boolean): void;
}

/** "3 days ago", "just now". */
export function ago(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return 'just now';
  const [n, unit] =
    s < 3600 ? [Math.round(s / 60), 'minute'] : s < 86_400 ? [Math.round(s / 3600), 'hour'] : [Math.round(s / 86_400), 'day'];
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}

/** Backups to the downloads folder and sync through the browser: the options page's section. */
export function BackupSettings(props: BackupSettingsProps) {
  const { backup, sync } = props;
  return (
    <section class="backup-settings" aria-labelledby="backup-heading">
      <h2 id="backup-heading">Backups and sync</h2>
      <fieldset>
        <legend>Backups in your downloads folder</legend>
        <p class="muted">
          Paper Lens keeps a copy of your whole reading list in <code>Downloads/Paper Lens/</code> (the JSON export, the last 5
          files), so that it survives losing this browser profile. To restore, import the file in the popup.
        </p>
        <label>
          <input
            type="checkbox"
            data-testid="backup-auto"
            checked={backup?.enabled ?? true}
            disabled={!backup}
            onChange={(e) => props.onBackupEnabled(e.currentTarget.checked)}
          />{' '}
          Back up weekly and after every import or restore
        </label>
        <p>
          <button type="button" data-testid="backup-now" disabled={props.busy} onClick={() => props.onBackUpNow()}>
            Back up now
          </button>
        </p>
        <p data-testid="backup-last" class="muted">
          {backup?.lastAt !== undefined
            ? `Last backup: ${ago(backup.lastAt, props.now)} (${new Date(backup.lastAt).toLocaleString()}), ${
                backup.lastCount ?? 0
              } papers, ${backup.lastFile ?? ''}`
            : 'No backup yet.'}
        </p>
        {backup?.lastError ? (
          <p data-testid="backup-error" role="alert">
            The last backup failed: {backup.lastError}
          </p>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>Sync through your browser</legend>
        <p class="muted">
          Uses your browser's own sync (Chrome or Firefox account): tags, read state and notes reach your other devices where
          Paper Lens has sync on. No server of ours is involved. The browser's sync holds about 100 KB, so a long list may not fit
          whole; what does not fit is said here.
        </p>
        <label>
          <input
            type="checkbox"
            data-testid="sync-enabled"
            checked={sync?.enabled ?? false}
            disabled={!sync || props.busy}
            onChange={(e) => props.onSyncEnabled(e.currentTarget.checked)}
          />{' '}
          Sync my reading list
        </label>
        {sync?.enabled ? (
          <p data-testid="sync-status" class="muted">
            {sync.lastAt !== undefined
              ? `Last synced ${ago(sync.lastAt, props.now)}${
                  sync.report ? `: ${sync.report.papers} papers, ${Math.round(sync.report.bytes / 1024)} KB of 100 KB` : ''
                }.`
              : 'Not synced yet.'}
          </p>
        ) : null}
        {sync?.enabled && sync.message ? <p data-testid="sync-fit">{sync.message}</p> : null}
        {sync?.enabled && sync.error ? (
          <p data-testid="sync-error" role="alert">
            The last sync failed: {sync.error}
          </p>
        ) : null}
      </fieldset>
      <p class="muted" role="status" data-testid="backup-result">
        {props.result ?? ''}
      </p>
    </section>
  );
}

/** What the backup section asks of the worker (the options entrypoint sends the messages). */
export interface BackupApi {
  status(): Promise<{ backup: BackupState; sync: SyncStatus }>;
  backUpNow(): Promise<{ outcome: BackupOutcome; backup: BackupState }>;
  setAutoBackup(enabled: boolean): Promise<BackupState>;
  setSync(enabled: boolean): Promise<SyncStatus>;
}

/** The section with its state: loads the status, runs the actions, says how they went. */
export function BackupSection(props: { api: BackupApi }) {
  const { api } = props;
  const [backup, setBackup] = useState<BackupState | null>(null);
  const [sync, setSync] = useState<SyncStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | undefined>();

  useEffect(() => {
    void api.status().then(
      (s) => {
        setBackup(s.backup);
        setSync(s.sync);
      },
      (e: Error) => setResult(`Could not read the backup settings: ${e.message}`),
    );
  }, [api]);

  const run = async (task: () => Promise<string | undefined>) => {
    setBusy(true);
    try {
      setResult(await task());
    } catch (e) {
      setResult(`Failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <BackupSettings
      backup={backup}
      sync={sync}
      busy={busy}
      result={result}
      now={Date.now()}
      onBackUpNow={() =>
        void run(async () => {
          const r = await api.backUpNow();
          setBackup(r.backup);
          return r.outcome.written
            ? `Backed up ${r.outcome.count} papers to ${r.outcome.file} in your downloads folder.`
            : 'Nothing to back up: the reading list is empty.';
        })
      }
      onBackupEnabled={(on) =>
        void run(async () => {
          setBackup(await api.setAutoBackup(on));
          return on ? 'Automatic backups are on.' : 'Automatic backups are off.';
        })
      }
      onSyncEnabled={(on) =>
        void run(async () => {
          setSync(await api.setSync(on));
          return on ? 'Sync is on.' : 'Sync is off on this device.';
        })
      }
    />
  );
}

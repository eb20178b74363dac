import type { CollectionState } from '@/lib/collection/manager';
import type { ImportProgress, ImportSummary } from '@/lib/collection/import';
import { skippedList } from '@/lib/collection/import';
import type { CollectionSource } from '@/lib/collection/records';

/** What the file inputs accept: every format the collection reads. */
const ACCEPT = '.jsonl,.gz,.json,.bib,.bibtex,.biblatex,.ris,.txt,application/json,application/gzip';

/** The labels of the formats, in the user's words. */
const FORMAT_LABELS: Partial<Record<CollectionSource['format'], string>> = {
  'arxiv-metadata': 'arXiv metadata',
  'hf-daily-papers': 'Hugging Face daily papers',
  bibtex: 'BibTeX',
  'csl-json': 'CSL-JSON',
  ris: 'RIS',
  json: 'Paper Lens JSON',
};

/** Props: the manager's state and its actions. */
export interface CollectionSettingsProps {
  state: CollectionState;
  onAdd(files: File[]): void;
  onReimport(id: string, file: File): void;
  onCancel(): void;
  onRemove(id: string): void;
  onRename(id: string, name: string): void;
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
const day = (at: number) => new Date(at).toLocaleDateString('en', { year: 'numeric', month: 'short', day: 'numeric' });

/** The collection's sources, adding files, the import's progress and summary: the options page's first section. */
export function CollectionSettings(props: CollectionSettingsProps) {
  const { state } = props;
  const busy = state.progress !== null;
  return (
    <section class="settings-section collection-settings" aria-labelledby="collection-heading">
      <h2 id="collection-heading">Your collection</h2>
      <p class="muted">
        The papers Paper Lens marks on arXiv and Hugging Face, searches and suggests from. Add your field's papers (arXiv metadata{' '}
        <code>.jsonl</code> or <code>.jsonl.gz</code>, Hugging Face daily papers <code>.json</code>) or your reference manager's
        library (BibTeX, RIS, CSL-JSON, Paper Lens JSON). The same paper from several files is kept once.
      </p>
      <table class="collection-sources">
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Format</th>
            <th scope="col">Papers</th>
            <th scope="col">Added</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <tr data-testid="collection-source" data-source="bundled" data-count={state.bundled ?? 0}>
            <td>Bundled with Paper Lens</td>
            <td>built in</td>
            <td>{state.bundled === null ? '…' : state.bundled.toLocaleString('en')}</td>
            <td>with the extension</td>
            <td>
              <button type="button" data-testid="collection-remove" disabled title="The bundled papers come with the extension">
                Remove
              </button>
            </td>
          </tr>
          {state.sources.map((s) => (
            <SourceRow key={s.id} source={s} busy={busy} {...props} />
          ))}
        </tbody>
      </table>
      <div class="collection-add">
        <label class="button-like">
          Add files…
          <input
            type="file"
            multiple
            accept={ACCEPT}
            data-testid="collection-add"
            disabled={busy}
            class="visually-hidden"
            onChange={(e) => {
              const files = [...(e.currentTarget.files ?? [])];
              e.currentTarget.value = '';
              if (files.length) props.onAdd(files);
            }}
          />
        </label>
      </div>
      {state.progress ? <Progress progress={state.progress} onCancel={props.onCancel} /> : null}
      {state.error ? (
        <p class="error" role="alert" data-testid="collection-error">
          {state.error}
        </p>
      ) : null}
      {state.summary ? <Summary summary={state.summary} /> : null}
    </section>
  );
}

function SourceRow(props: CollectionSettingsProps & { source: CollectionSource; busy: boolean }) {
  const s = props.source;
  return (
    <tr data-testid="collection-source" data-source={s.id} data-name={s.name} data-count={s.count}>
      <td>
        <input
          type="text"
          class="source-name"
          aria-label="Source name"
          data-testid="collection-name"
          value={s.name}
          onChange={(e) => props.onRename(s.id, e.currentTarget.value)}
        />
      </td>
      <td>{FORMAT_LABELS[s.format] ?? s.format}</td>
      <td>{s.count.toLocaleString('en')}</td>
      <td>{day(s.addedAt)}</td>
      <td class="source-actions">
        <label class="button-like" title="Replace this source's papers with a newer file">
          Re-import…
          <input
            type="file"
            accept={ACCEPT}
            class="visually-hidden"
            data-testid="collection-reimport"
            disabled={props.busy}
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (f) props.onReimport(s.id, f);
            }}
          />
        </label>{' '}
        <button type="button" data-testid="collection-remove" disabled={props.busy} onClick={() => props.onRemove(s.id)}>
          Remove
        </button>
      </td>
    </tr>
  );
}

const PHASES: Record<ImportProgress['phase'], string> = {
  reading: 'Reading',
  indexing: 'Indexing',
  undoing: 'Undoing',
  removing: 'Removing',
};

function Progress(props: { progress: ImportProgress; onCancel(): void }) {
  const p = props.progress;
  const max = Math.max(1, p.bytesTotal);
  const now = Math.min(max, p.bytesRead);
  return (
    <div class="collection-progress">
      <div
        role="progressbar"
        data-testid="collection-progress"
        aria-label={`${PHASES[p.phase]} ${p.file}`}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={now}
        aria-valuetext={`${count(p.papers, 'paper')} ${p.phase === 'removing' ? 'removed' : 'read'}`}
        class="bar"
      >
        <span style={{ width: `${(100 * now) / max}%` }} />
      </div>
      <p class="muted" aria-live="polite">
        {PHASES[p.phase]}
        {p.file ? ` ${p.file}` : ''}: {count(p.papers, 'paper')}
        {p.phase === 'reading' ? ` · ${Math.round((100 * now) / max)}%` : ''}
        {p.indexed !== undefined && (p.phase === 'reading' || p.phase === 'indexing')
          ? ` · ${count(p.indexed, 'paper')} indexed`
          : ''}
      </p>
      {p.phase === 'reading' || p.phase === 'indexing' ? (
        <button type="button" data-testid="collection-cancel" onClick={() => props.onCancel()}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}

function Summary(props: { summary: ImportSummary }) {
  const s = props.summary;
  const list = skippedList(s);
  const skipped = s.files.reduce((n, f) => n + f.skipped.length, 0);
  return (
    <div
      class="collection-summary"
      data-testid="collection-summary"
      role="status"
      data-ms={s.ms}
      data-timings={s.timings ? JSON.stringify(s.timings) : undefined}
    >
      {s.cancelled ? (
        <p>Cancelled: nothing was added.</p>
      ) : (
        <ul>
          {s.files.map((f) => (
            <li key={f.file} data-testid="collection-summary-file">
              <strong>{f.file}</strong>:{' '}
              {f.error ? (
                <span class="error">{f.error}</span>
              ) : (
                <>
                  {count(f.added, 'paper')} added, {f.merged.toLocaleString('en')} merged with papers already there,{' '}
                  {f.skipped.length.toLocaleString('en')} skipped
                  {f.skipped.length ? <SkippedReasons skipped={f.skipped} /> : null}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {list ? (
        <a
          data-testid="collection-skipped-download"
          download="paper-lens-skipped.txt"
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(list)}`}
        >
          Download the list of skipped records ({skipped.toLocaleString('en')})
        </a>
      ) : null}
    </div>
  );
}

/** The reasons records were skipped, each with how often (the full list is the download). */
function SkippedReasons(props: { skipped: ImportSummary['files'][number]['skipped'] }) {
  const byReason = new Map<string, number>();
  // "paper 2501.00001 is already in this file" and its like differ only in the id: group by the wording.
  for (const s of props.skipped) {
    const kind = s.reason.replace(/\b\d{4}\.\d{4,5}\b|"[^"]*"|\d+/g, '…');
    byReason.set(kind, (byReason.get(kind) ?? 0) + 1);
  }
  return (
    <ul class="skipped-reasons">
      {[...byReason].slice(0, 8).map(([reason, n]) => (
        <li key={reason}>
          {n.toLocaleString('en')} × {reason}
        </li>
      ))}
    </ul>
  );
}

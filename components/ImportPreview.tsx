import type { ImportPreview as Preview } from '@/lib/formats/import/index';

/** How many problems are listed; the rest are counted. */
const SHOWN = 20;

/**
 * What a file holds, shown before anything changes when some of its entries
 * cannot be read: how many papers are ready, each bad entry with its line, key
 * and reason, and the choice to import the good ones or to cancel.
 */
export function ImportPreview(props: { filename: string; preview: Preview; onImport(): void; onCancel(): void }) {
  const { ready, problems } = props.preview;
  return (
    <section class="import-preview" role="alertdialog" aria-label={`Import ${props.filename}`} data-testid="import-preview">
      <p data-testid="import-preview-summary">
        {props.filename}: {ready} {ready === 1 ? 'paper' : 'papers'} ready; {problems.length}{' '}
        {problems.length === 1 ? 'entry cannot' : 'entries cannot'} be read:
      </p>
      <ul data-testid="import-problems">
        {problems.slice(0, SHOWN).map((p) => (
          <li key={`${p.line}:${p.key ?? ''}`}>{p.text}</li>
        ))}
        {problems.length > SHOWN ? <li>… and {problems.length - SHOWN} more</li> : null}
      </ul>
      <p>
        {ready ? (
          <button type="button" data-testid="import-anyway" onClick={props.onImport}>
            Import the {ready} {ready === 1 ? 'paper' : 'papers'}
          </button>
        ) : null}{' '}
        <button type="button" data-testid="import-cancel" onClick={props.onCancel}>
          Cancel
        </button>
      </p>
    </section>
  );
}

import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Settings } from '@/lib/settings/settings';

/** The options page: where the overlay runs, how it starts, how many related papers. */
export function Options(props: {
  settings: Settings;
  saved: boolean;
  onChange(patch: Partial<Omit<Settings, 'version'>>): void;
  /** Sections shown above the overlay settings (the collection). */
  children?: ComponentChildren;
}) {
  const s = props.settings;
  // What is being typed in the number box, until it is committed: the page redraws
  // while the collection section updates, and a controlled value would undo the typing.
  const [relatedDraft, setRelatedDraft] = useState<string | null>(null);
  return (
    <main class="options">
      <h1>Paper Lens settings</h1>
      {props.children}
      <h2 class="settings-heading">On paper pages</h2>
      <fieldset>
        <legend>Show the overlay and badges on</legend>
        <label>
          <input
            type="checkbox"
            data-testid="opt-arxiv"
            checked={s.arxiv}
            onChange={(e) => props.onChange({ arxiv: e.currentTarget.checked })}
          />{' '}
          arXiv
        </label>
        <label>
          <input
            type="checkbox"
            data-testid="opt-huggingface"
            checked={s.huggingface}
            onChange={(e) => props.onChange({ huggingface: e.currentTarget.checked })}
          />{' '}
          Hugging Face
        </label>
      </fieldset>
      <label>
        <input
          type="checkbox"
          data-testid="opt-collapsed"
          checked={s.collapsed}
          onChange={(e) => props.onChange({ collapsed: e.currentTarget.checked })}
        />{' '}
        Start the overlay collapsed
      </label>
      <label>
        Related papers to show{' '}
        <input
          type="number"
          min={0}
          max={10}
          data-testid="opt-related"
          value={relatedDraft ?? s.relatedCount}
          onInput={(e) => setRelatedDraft(e.currentTarget.value)}
          onChange={(e) => {
            setRelatedDraft(null);
            props.onChange({ relatedCount: Number(e.currentTarget.value) });
          }}
        />
      </label>
      <p class="muted" role="status">
        {props.saved ? 'Saved. Open tabs follow at once.' : ''}
      </p>
      <p class="muted">Keyboard shortcuts can be changed in your browser's extension shortcut settings.</p>
    </main>
  );
}

import { useEffect, useRef } from 'preact/hooks';
import type { Replies, SearchResultView } from '@/lib/messaging/contract';
import type { SavedPaper } from '@/lib/reading-list/list';
import { formatAuthors, paperUrl, searchKeyAction } from '@/lib/ui/papers';
import { Snippet } from './Snippet';
import { useSearch } from './use-search';

/** Props of the search box and its results. */
export interface SearchViewProps {
  search(query: string): Promise<Replies['search']>;
  /** Newest saved papers, shown for an empty query. */
  recent: SavedPaper[];
  open(url: string): void;
  /** Shown above the results when the query is empty (the current tab's paper). */
  children?: preact.ComponentChildren;
  /** The worker is loading its index. */
  loading?: boolean;
}

type Result = SearchResultView | SavedPaper;

/** Search as you type, with keyboard navigation. */
export function SearchView(props: SearchViewProps) {
  const { query, reply, active, setActive, error, run } = useSearch(props.search);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const searching = query.trim() !== '';
  const results: Result[] = searching ? (reply?.results ?? []) : props.recent;

  const onKey = (e: KeyboardEvent) => {
    const action = searchKeyAction(e.key, results.length, query !== '');
    if (!action) return;
    if (action.preventDefault) e.preventDefault();
    if (action.kind === 'move') setActive(action.to);
    else if (action.kind === 'clear') run('');
    else {
      const url = results[active] && paperUrl(results[active].links);
      if (url) props.open(url);
    }
  };

  return (
    <div class="search">
      <label class="sr-only" for="pl-search">
        Search papers
      </label>
      <input
        id="pl-search"
        ref={input}
        type="search"
        data-testid="search-input"
        placeholder="Search papers…  (tag:x  year:2023..2024  is:saved)"
        value={query}
        autoComplete="off"
        role="combobox"
        list={undefined}
        aria-expanded={results.length > 0}
        aria-controls="pl-results"
        aria-activedescendant={results[active] ? `pl-r-${active}` : undefined}
        onInput={(e) => run(e.currentTarget.value)}
        onKeyDown={onKey}
      />
      <SearchNotices loading={props.loading} partial={searching && !!reply?.partial} error={error} />
      {!searching ? props.children : null}
      {!searching && props.recent.length ? <h2 class="section">Newest in your reading list</h2> : null}
      {searching && reply && reply.results.length === 0 ? <NoResults suggestion={reply.suggestion} onSuggest={run} /> : null}
      <ul id="pl-results" class="results" role="listbox" aria-label="Results">
        {results.map((r, i) => (
          <ResultItem
            key={r.id}
            result={r}
            index={i}
            active={i === active}
            testId={searching ? 'search-result' : 'recent-item'}
            onHover={() => setActive(i)}
            open={props.open}
          />
        ))}
      </ul>
    </div>
  );
}

/** Index loading, partial results, errors. */
function SearchNotices(props: { loading?: boolean; partial: boolean; error: string | null }) {
  return (
    <>
      {props.loading ? (
        <p class="muted" role="status">
          Loading the index…
        </p>
      ) : null}
      {props.partial ? (
        <p class="muted" role="status" data-testid="search-partial">
          Searching titles; authors and abstracts are still loading…
        </p>
      ) : null}
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
    </>
  );
}

/** "No papers match", with a "did you mean" when the index has a close word. */
function NoResults(props: { suggestion?: string | null; onSuggest(query: string): void }) {
  const { suggestion } = props;
  return (
    <p class="muted" data-testid="no-results">
      No papers match.
      {suggestion ? (
        <>
          {' '}
          Did you mean{' '}
          <button type="button" class="link" data-testid="did-you-mean" onClick={() => props.onSuggest(suggestion)}>
            {suggestion}
          </button>
          ?
        </>
      ) : null}
    </p>
  );
}

/** One result (or one of the newest saved papers), with its snippet. */
function ResultItem(props: {
  result: Result;
  index: number;
  active: boolean;
  testId: 'search-result' | 'recent-item';
  onHover(): void;
  open(url: string): void;
}) {
  const r = props.result;
  const url = paperUrl(r.links);
  const isSaved = 'saved' in r ? r.saved : true;
  return (
    <li
      id={`pl-r-${props.index}`}
      role="option"
      aria-selected={props.active}
      class={props.active ? 'result active' : 'result'}
      data-testid={props.testId}
      data-paper-id={r.id}
      onMouseEnter={props.onHover}
      onClick={() => url && props.open(url)}
    >
      <div class="title">
        {r.title}
        {isSaved ? <span class="chip">saved</span> : null}
      </div>
      <div class="meta">
        {formatAuthors(r.authors)}
        {r.year ? ` · ${r.year}` : ''}
      </div>
      {'snippet' in r && r.snippet.length ? (
        <div class="snip">
          <Snippet parts={r.snippet} />
        </div>
      ) : null}
    </li>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import type { Replies, SearchResultView } from '@/lib/messaging/contract';
import type { SavedPaper } from '@/lib/reading-list/list';
import { formatAuthors } from './Overlay';
import { Snippet } from './Snippet';

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

/** Search as you type, with keyboard navigation. */
export function SearchView(props: SearchViewProps) {
  const [query, setQuery] = useState('');
  const [reply, setReply] = useState<Replies['search'] | null>(null);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);

  const run = (q: string) => {
    setQuery(q);
    setActive(0);
    const mine = ++seq.current;
    if (!q.trim()) {
      setReply(null);
      return;
    }
    props.search(q).then(
      (r) => {
        if (mine === seq.current) {
          setReply(r);
          setError(null);
        }
      },
      (e: Error) => mine === seq.current && setError(e.message),
    );
  };

  const results: (SearchResultView | SavedPaper)[] = query.trim() ? (reply?.results ?? []) : props.recent;
  const urlOf = (r: { links: SearchResultView['links'] }) => r.links.abs ?? r.links.hf ?? r.links.pdf;

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(results.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      const r = results[active];
      const url = r && urlOf(r);
      if (url) props.open(url);
    } else if (e.key === 'Escape' && query) {
      e.preventDefault();
      run('');
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
      {props.loading ? (
        <p class="muted" role="status">
          Loading the index…
        </p>
      ) : null}
      {query.trim() && reply?.partial ? (
        <p class="muted" role="status" data-testid="search-partial">
          Searching titles; authors and abstracts are still loading…
        </p>
      ) : null}
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {!query.trim() ? props.children : null}
      {!query.trim() && props.recent.length ? <h2 class="section">Newest in your reading list</h2> : null}
      {query.trim() && reply && reply.results.length === 0 ? (
        <p class="muted" data-testid="no-results">
          No papers match.
          {reply.suggestion ? (
            <>
              {' '}
              Did you mean{' '}
              <button type="button" class="link" data-testid="did-you-mean" onClick={() => run(reply.suggestion!)}>
                {reply.suggestion}
              </button>
              ?
            </>
          ) : null}
        </p>
      ) : null}
      <ul id="pl-results" class="results" role="listbox" aria-label="Results">
        {results.map((r, i) => {
          const url = urlOf(r);
          const isSaved = 'saved' in r ? r.saved : true;
          return (
            <li
              key={r.id}
              id={`pl-r-${i}`}
              role="option"
              aria-selected={i === active}
              class={i === active ? 'result active' : 'result'}
              data-testid={query.trim() ? 'search-result' : 'recent-item'}
              data-paper-id={r.id}
              onMouseEnter={() => setActive(i)}
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
        })}
      </ul>
    </div>
  );
}

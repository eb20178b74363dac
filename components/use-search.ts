/** Search as you type: the query, the latest answer, and answers that come back out of order dropped. */
import { useRef, useState } from 'preact/hooks';
import type { Replies } from '@/lib/messaging/contract';

/** How often a partial answer is asked again (every 250 ms: 15 s in all). */
const PARTIAL_RETRIES = 60;

/** The query box's state; `run` sets the query and asks (an empty query asks nothing). */
export function useSearch(search: (query: string) => Promise<Replies['search']>) {
  const [query, setQuery] = useState('');
  const [reply, setReply] = useState<Replies['search'] | null>(null);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  const run = (q: string) => {
    setQuery(q);
    setActive(0);
    const mine = ++seq.current;
    if (!q.trim()) {
      setReply(null);
      return;
    }
    ask(q, mine, 0);
  };

  // A partial answer (the abstracts part of the index still loading) is asked
  // again until it is whole, so the results and snippets complete by themselves
  // instead of waiting for the next keystroke.
  const ask = (q: string, mine: number, retries: number) => {
    search(q).then(
      (r) => {
        if (mine !== seq.current) return;
        setReply(r);
        setError(null);
        if (r.partial && retries < PARTIAL_RETRIES) setTimeout(() => mine === seq.current && ask(q, mine, retries + 1), 250);
      },
      (e: Error) => mine === seq.current && setError(e.message),
    );
  };

  return { query, reply, active, setActive, error, run };
}

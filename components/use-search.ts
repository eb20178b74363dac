/** Search as you type: the query, the latest answer, and answers that come back out of order dropped. */
import { useRef, useState } from 'preact/hooks';
import type { Replies } from '@/lib/messaging/contract';

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
    search(q).then(
      (r) => {
        if (mine === seq.current) {
          setReply(r);
          setError(null);
        }
      },
      (e: Error) => mine === seq.current && setError(e.message),
    );
  };

  return { query, reply, active, setActive, error, run };
}

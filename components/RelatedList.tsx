import type { RelatedView } from '@/lib/messaging/contract';

/** Related corpus papers, best first, each with the terms it shares. */
export function RelatedList({ items, linkTo = 'abs' }: { items: RelatedView[]; linkTo?: 'abs' | 'hf' }) {
  if (!items.length) return <p class="pl-muted">No related papers in your collection.</p>;
  return (
    <ol class="pl-related">
      {items.map((r) => (
        <li key={r.id} data-testid="related-item" data-paper-id={r.id}>
          <a
            href={(linkTo === 'hf' ? r.links.hf : r.links.abs) ?? r.links.abs ?? r.links.hf}
            target="_blank"
            rel="noopener noreferrer"
          >
            {r.title}
          </a>
          {r.year ? <span class="pl-muted"> ({r.year})</span> : null}
          {r.saved ? <span class="pl-chip">saved</span> : null}
          {r.reasons.length ? <span class="pl-reason">shares: {r.reasons.join(', ')}</span> : null}
        </li>
      ))}
    </ol>
  );
}

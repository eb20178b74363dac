import type { SnippetPart } from '@/lib/search/snippet';

/** An abstract snippet; hits are marked. Text only, never HTML. */
export function Snippet({ parts }: { parts: SnippetPart[] }) {
  return (
    <span class="snippet">{parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</span>
  );
}

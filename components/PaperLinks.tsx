import type { PaperLinks as Links } from '@/lib/core/paper';

/** The abstract, PDF, Hugging Face and code links of a paper, as far as it has them. */
export function PaperLinks({ links }: { links: Links }) {
  const items: [string, string][] = [];
  if (links.abs) items.push(['arXiv', links.abs]);
  if (links.pdf) items.push(['PDF', links.pdf]);
  if (links.hf) items.push(['Hugging Face', links.hf]);
  for (const code of links.code ?? []) items.push(['Code', code]);
  if (!items.length) return null;
  return (
    <span class="pl-links">
      {items.map(([label, href]) => (
        <a key={href + label} href={href} target="_blank" rel="noopener noreferrer">
          {label}
        </a>
      ))}
    </span>
  );
}

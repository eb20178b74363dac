/** The small badge next to a listing entry's title. */

/** Text of a badge for a state (`collection`, `saved`, or both). */
export function badgeLabel(state: string): string {
  const s = new Set(state.split(' '));
  if (s.has('collection') && s.has('saved')) return 'In collection · saved';
  if (s.has('saved')) return 'Saved';
  return 'In collection';
}

/** Shadow-root styles of a badge: `all: initial !important` keeps the page's CSS out. */
export const BADGE_CSS = `
:host { all: initial !important; display: inline-block !important; margin-left: 6px !important; vertical-align: middle !important; }
.b { font: 600 11px/1.6 system-ui, sans-serif; padding: 0 7px; border-radius: 999px; background: #e3f3e6; color: #136c2e; border: 1px solid #9bd3a8; white-space: nowrap; }
@media (prefers-color-scheme: dark) { .b { background: #173a21; color: #8fdc9f; border-color: #2f6b3d; } }
`;

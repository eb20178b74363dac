/**
 * Wraps a UI event handler so that it acts only on events the user made. A page
 * script can dispatch a synthetic `click` at our controls (the overlay lives in
 * the page's DOM), but it cannot forge `isTrusted`, so it cannot change the
 * reading list.
 */
export function trusted<E extends Event>(handler: (event: E) => void): (event: E) => void {
  return (event: E) => {
    if (!event.isTrusted) return;
    handler(event);
  };
}

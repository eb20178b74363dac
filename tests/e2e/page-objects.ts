/** Page objects: the selectors of the public test hooks, kept out of the test bodies. */
import type { Locator, Page } from 'playwright-core';

/** The overlay on a paper page. */
export class OverlayPO {
  constructor(readonly page: Page) {}
  get host(): Locator {
    return this.page.locator('paper-lens-overlay');
  }
  get root(): Locator {
    return this.page.locator('paper-lens-overlay [data-testid="overlay"]');
  }
  get title(): Locator {
    return this.root.locator('[data-testid="overlay-title"]');
  }
  get related(): Locator {
    return this.root.locator('[data-testid="related-item"]');
  }
  get saveToggle(): Locator {
    return this.root.locator('[data-testid="save-toggle"]');
  }
  get collapse(): Locator {
    return this.root.locator('[data-testid="overlay-collapse"]');
  }
  get tags(): Locator {
    return this.root.locator('[data-testid="overlay-tags"]');
  }
  get note(): Locator {
    return this.root.locator('[data-testid="overlay-note"]');
  }
  get saveDetails(): Locator {
    return this.root.locator('[data-testid="overlay-save-details"]');
  }
  /** Waits until the worker answered (title shown). */
  async ready(): Promise<this> {
    await this.title.waitFor({ state: 'visible', timeout: 20_000 });
    return this;
  }
  state(): Promise<string | null> {
    return this.root.getAttribute('data-state');
  }
  paperId(): Promise<string | null> {
    return this.root.getAttribute('data-paper-id');
  }
  relatedIds(): Promise<(string | null)[]> {
    return this.related.evaluateAll((els) => els.map((e) => e.getAttribute('data-paper-id')));
  }
}

/** Badges on a listing page. */
export class BadgesPO {
  constructor(readonly page: Page) {}
  get all(): Locator {
    return this.page.locator('paper-lens-badge');
  }
  async states(): Promise<Record<string, string>> {
    return this.all.evaluateAll((els) =>
      Object.fromEntries(els.map((e) => [e.getAttribute('data-paper-id') ?? '', e.getAttribute('data-state') ?? ''])),
    );
  }
}

/** The popup page. */
export class PopupPO {
  constructor(readonly page: Page) {}
  get search(): Locator {
    return this.page.getByTestId('search-input');
  }
  get results(): Locator {
    return this.page.getByTestId('search-result');
  }
  get current(): Locator {
    return this.page.getByTestId('current-paper');
  }
  get currentRelated(): Locator {
    return this.current.getByTestId('related-item');
  }
  get currentSave(): Locator {
    return this.current.getByTestId('save-toggle');
  }
  get savedTab(): Locator {
    return this.page.getByTestId('tab-saved');
  }
  get savedItems(): Locator {
    return this.page.getByTestId('saved-item');
  }
  savedItem(id: string): Locator {
    return this.page.locator(`[data-testid="saved-item"][data-paper-id="${id}"]`);
  }
  get importFile(): Locator {
    return this.page.getByTestId('import-file');
  }
  get importError(): Locator {
    return this.page.getByTestId('import-error');
  }
  /** What a file with bad entries holds, shown before anything changes. */
  get importPreview(): Locator {
    return this.page.getByTestId('import-preview');
  }
  get importAnyway(): Locator {
    return this.page.getByTestId('import-anyway');
  }
  get importCancel(): Locator {
    return this.page.getByTestId('import-cancel');
  }
  resultIds(): Promise<(string | null)[]> {
    return this.results.evaluateAll((els) => els.map((e) => e.getAttribute('data-paper-id')));
  }
  savedIds(): Promise<(string | null)[]> {
    return this.savedItems.evaluateAll((els) => els.map((e) => e.getAttribute('data-paper-id')));
  }
}

/** Highlights on a paper page: the control next to a selection and the overlay's list (issue 15's test hooks). */
export class AnnotationsPO {
  constructor(readonly page: Page) {}
  /** The control shown while paper text is selected. */
  get control(): Locator {
    return this.page.locator('paper-lens-highlight [data-testid="highlight-selection"]');
  }
  get highlightButton(): Locator {
    return this.control.locator('[data-testid="highlight-button"]');
  }
  get items(): Locator {
    return this.page.locator('paper-lens-overlay [data-testid="annotation-item"]');
  }
  get notes(): Locator {
    return this.items.locator('[data-testid="annotation-note"]');
  }
  anchoredStates(): Promise<(string | null)[]> {
    return this.items.evaluateAll((els) => els.map((e) => e.getAttribute('data-anchored')));
  }
  quotes(): Promise<string[]> {
    return this.items.locator('blockquote').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
  }
  /** The notes as the worker stored them (read back through the list, not the text boxes). */
  savedNotes(): Promise<string[]> {
    return this.items.evaluateAll((els) => els.map((e) => e.getAttribute('data-note') ?? ''));
  }
}

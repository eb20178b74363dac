/** What tests call inside extension pages through page.evaluate (the page's own `chrome` global). */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

import papers from '@/data/papers.json';
import related from '@/data/related.json';
import relatedModel from '@/data/related-model.json';
import { answerMessage, createService, toggleSaveForPage, type Service } from '@/lib/background-service';
import { paperFromTab } from '@/lib/current-tab';
import type { RelatedItem, RelatedModel } from '@/lib/related';
import { createReadingListStore } from '@/lib/storage';
import type { Paper } from '@/lib/paper';

export default defineBackground(() => {
  // Built on the first message after each worker start, then cached until Chrome stops the idle worker.
  let service: Service | undefined;
  const getService = () =>
    (service ??= createService({
      papers: papers as Paper[],
      related: related as Record<string, RelatedItem[]>,
      relatedModel: () => relatedModel as unknown as RelatedModel,
      store: createReadingListStore(),
    }));

  browser.runtime.onMessage.addListener((raw, sender) =>
    answerMessage(raw, sender, { id: browser.runtime.id, origin: browser.runtime.getURL('/') }, getService),
  );

  browser.commands.onCommand.addListener(async (command) => {
    if (command !== 'toggle-save') return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    const page = tab && paperFromTab(tab);
    if (page) await toggleSaveForPage(getService(), page);
  });
});

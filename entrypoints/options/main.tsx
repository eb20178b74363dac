import { render } from 'preact';
import { BackupSection, type BackupApi } from '@/components/BackupSettings';
import { CollectionSettings } from '@/components/CollectionSettings';
import { Options } from '@/components/Options';
import '@/components/popup.css';
import '@/components/options.css';
import { workerRunner } from '@/lib/collection/import-runner';
import { createCollectionManager, type CollectionState } from '@/lib/collection/manager';
import { collectionDb } from '@/lib/collection/store';
import { pageRequest } from '@/lib/messaging/client';
import { DEFAULT_SETTINGS, loadSettings, saveSettings, type Settings } from '@/lib/settings/settings';

const root = document.getElementById('app')!;
let settings: Settings = DEFAULT_SETTINGS;
let saved = false;

const collection = createCollectionManager({
  db: collectionDb(),
  onChange: () => paint(),
  notifyWorker: () => pageRequest('collectionChanged', {}),
  bundledCount: async () => (await pageRequest('status', {})).papers,
  // Imports run in a worker of their own: this thread is every extension page's (the popup's too).
  runner: workerRunner(new Worker(new URL('../../lib/collection/import-worker.ts', import.meta.url), { type: 'module' })),
});

const backupApi: BackupApi = {
  status: () => pageRequest('backupStatus', {}),
  backUpNow: () => pageRequest('backupNow', {}),
  setAutoBackup: (enabled) => pageRequest('backupSetAuto', { enabled }),
  setSync: (enabled) => pageRequest('syncSetEnabled', { enabled }),
};

// Nothing is drawn before the stored settings are read: a form drawn with the defaults
// could take a change typed before they arrive and then be redrawn over it.
let ready = false;

function paint(state: CollectionState = collection.state()) {
  if (!ready) return;
  render(
    <Options
      settings={settings}
      saved={saved}
      onChange={(patch) =>
        void saveSettings(patch).then((s) => {
          settings = s;
          saved = true;
          paint();
        })
      }
    >
      <CollectionSettings
        state={state}
        onAdd={(files) => void collection.add(files)}
        onReimport={(id, file) => void collection.reimport(id, file)}
        onCancel={() => collection.cancel()}
        onRemove={(id) => void collection.remove(id)}
        onRename={(id, name) => void collection.rename(id, name)}
      />
      <BackupSection api={backupApi} />
    </Options>,
    root,
  );
}

void loadSettings().then((s) => {
  settings = s;
  ready = true;
  paint();
});
void collection.refresh();

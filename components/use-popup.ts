/** The popup's data and actions, as hooks over the `PopupApi` callbacks. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { PageAnnotation, Replies, RelatedView } from '@/lib/messaging/contract';
import type { PopupApi } from './Popup';

/** The list, the current tab's paper and "more like your list", reloaded after every action. */
export function usePopupData(api: PopupApi) {
  const [list, setList] = useState<Replies['listGet'] | null>(null);
  const [current, setCurrent] = useState<PageAnnotation | null>(null);
  const [moreLike, setMoreLike] = useState<RelatedView[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const reload = useCallback(async () => {
    try {
      const [l, c, m] = await Promise.all([api.getList(), api.currentPaper(), api.moreLikeList()]);
      setList(l);
      setCurrent(c);
      setMoreLike(m);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);

  // What another tab saved, or what a restarted worker holds, shows here without reopening the popup.
  useEffect(() => api.watchList?.(() => void reload()), [api, reload]);

  /** Runs an action with the controls busy, then reloads; an error is shown. */
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      await reload();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return { list, current, moreLike, busy, error, setError, loading, reload, act };
}

/** Importing a file: what is under way, what came of it, and why it failed. */
export function useImport(api: PopupApi, reload: () => Promise<void>) {
  const [importError, setImportError] = useState<string | null>(null);
  const [importStatus, setImportStatus] = useState<string | null>(null);

  const importFile = (file: File) => {
    setImportError(null);
    setImportStatus(`Importing ${file.name}…`);
    void api.importFile(file).then(
      (r) => {
        setImportStatus(`Imported ${file.name}: ${r.added} added, ${r.updated} merged; ${r.total} papers in the list.`);
        void reload();
      },
      (e: Error) => {
        setImportStatus(null);
        setImportError(`Import of ${file.name} failed, nothing was changed: ${e.message}`);
      },
    );
  };

  return { importError, importStatus, importFile };
}

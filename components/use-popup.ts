/** The popup's data and actions, as hooks over the `PopupApi` callbacks. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { PageAnnotation, Replies, RelatedView } from '@/lib/messaging/contract';
import { DEFAULT_LIST_QUERY, type ListQuery } from '@/lib/reading-list/view';
import type { PopupApi } from './Popup';

/**
 * The page of the list the controls ask for (`query`), the current tab's paper
 * and "more like your list", reloaded after every action and every change of the controls.
 */
export function usePopupData(api: PopupApi) {
  const [query, setQuery] = useState<ListQuery>(DEFAULT_LIST_QUERY);
  const [list, setList] = useState<Replies['listGet'] | null>(null);
  const [current, setCurrent] = useState<PageAnnotation | null>(null);
  const [moreLike, setMoreLike] = useState<RelatedView[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const reload = useCallback(async () => {
    try {
      // Each shows when it comes: the list's first page does not wait for "more like your list".
      await Promise.all([
        api.getList(query).then(setList),
        api.currentPaper().then(setCurrent),
        api.moreLikeList().then(setMoreLike),
      ]);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [api, query]);

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

  return { list, query, setQuery, current, moreLike, busy, error, setError, loading, reload, act };
}

/**
 * Importing a file: read first (`previewImport`); a file whose entries all read
 * is imported at once, one with bad entries waits in `preview` until the user
 * imports the good ones (`importAnyway`) or cancels. Nothing changes before that.
 */
export function useImport(api: PopupApi, reload: () => Promise<void>) {
  const [importError, setImportError] = useState<string | null>(null);
  const [importStatus, setImportStatus] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ file: File; preview: Replies['listImportPreview'] } | null>(null);

  const failed = (file: File) => (e: Error) => {
    setImportStatus(null);
    setImportError(`Import of ${file.name} failed, nothing was changed: ${e.message}`);
  };

  const importFile = (file: File) => {
    setImportError(null);
    setPreview(null);
    setImportStatus(`Reading ${file.name}…`);
    void api.previewImport(file).then((p) => {
      if (!p.problems.length) return run(file, false);
      setImportStatus(null);
      setPreview({ file, preview: p });
    }, failed(file));
  };

  const importAnyway = () => {
    if (!preview) return;
    setPreview(null);
    run(preview.file, true);
  };

  const cancelImport = () => {
    if (preview) setImportStatus(`Import of ${preview.file.name} cancelled, nothing was changed.`);
    setPreview(null);
  };

  const run = (file: File, anyway: boolean) => {
    setImportStatus(`Importing ${file.name}…`);
    void api.importFile(file, anyway).then((r) => {
      setImportStatus(`Imported ${file.name}: ${r.added} added, ${r.updated} merged; ${r.total} papers in the list.`);
      void reload();
    }, failed(file));
  };

  return { importError, importStatus, importFile, preview, importAnyway, cancelImport };
}

// The browser's offline store for a CollabSession: y-indexeddb, plus the one thing it does not
// offer, a promise that every update emitted so far is on disk.
import type * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { OfflineStore } from './collab-session';

export function indexeddbStore(name: string, doc: Y.Doc): OfflineStore {
  const persistence = new IndexeddbPersistence(name, doc);
  // y-indexeddb writes each update in its own read/write transaction, opened in its 'update'
  // handler (registered before the session's). IndexedDB starts a later transaction on the same
  // store only after the earlier read/write ones have finished, so when this empty one completes,
  // every edit emitted before is on disk. Before the database is open, y-indexeddb stores the
  // whole document once it is (whenSynced).
  const flushed = (): Promise<void> => {
    const db = persistence.db;
    if (!db) return persistence.whenSynced.then(flushed);
    return new Promise((resolve) => {
      db.transaction(['updates'], 'readonly').oncomplete = () => resolve();
    });
  };
  return {
    origin: persistence,
    whenSynced: persistence.whenSynced,
    flushed,
    destroy: () => persistence.destroy(),
  };
}

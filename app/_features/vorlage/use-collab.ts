'use client';
// The React side of editor/collab-session.ts: one CollabSession per Vorlage and user, wired to the
// browser (IndexedDB, WebSocket, navigator.onLine, the app's token route) and read through
// useSyncExternalStore.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { createCollabProvider } from '../../../editor/collab-provider';
import {
  CollabSession,
  type CollabSessionOptions,
  type CollabSnapshot,
  type CollabToken,
  type CollabUser,
  type RememberedConnection,
} from '../../../editor/collab-session';
import { indexeddbStore } from '../../../editor/indexeddb-store';
import { postJson } from '../../_components/api-client';

export type { CollabUser, Participant, SaveStatus } from '../../../editor/collab-session';

const noSubscription = () => () => {};
const noSnapshot = () => null;

export function useCollab(vorlageId: string, user: CollabUser): CollabSnapshot | null {
  const [session, setSession] = useState<CollabSession | null>(null);
  const { userId, displayName, officeId, officeName, color } = user;

  useEffect(() => {
    const opened = openBrowserSession(vorlageId, {
      userId,
      displayName,
      officeId,
      officeName,
      color,
    });
    setSession(opened);
    return () => {
      opened.destroy();
      setSession(null);
    };
  }, [vorlageId, userId, displayName, officeId, officeName, color]);

  return useSyncExternalStore(
    session?.subscribe ?? noSubscription,
    session?.snapshot ?? noSnapshot,
    noSnapshot,
  );
}

function openBrowserSession(vorlageId: string, user: CollabUser): CollabSession {
  return new CollabSession({
    user,
    requestToken: async () => {
      const result = await postJson<CollabToken>(
        `/api/vorlagen/${encodeURIComponent(vorlageId)}/collab-token`,
        {},
      );
      if (!result.ok) throw new Error(result.error.message);
      return result.data;
    },
    openProvider: ({ serverUrl, doc, fetchToken }) =>
      createCollabProvider({
        serverUrl,
        vorlageId,
        doc,
        fetchToken,
        WebSocket: window.WebSocket as never,
      }),
    openOfflineStore: (doc) => indexeddbStore(`vorlage:${vorlageId}:${user.userId}`, doc),
    lastConnection: rememberedConnection(`collab-connection:${vorlageId}:${user.userId}`),
    isOnline: () => typeof navigator === 'undefined' || navigator.onLine,
    watchNetwork: (onChange) => {
      window.addEventListener('online', onChange);
      window.addEventListener('offline', onChange);
      return () => {
        window.removeEventListener('online', onChange);
        window.removeEventListener('offline', onChange);
      };
    },
  });
}

/** The collab server's address and mode of the last token, in localStorage (no secret in it). */
function rememberedConnection(key: string): CollabSessionOptions['lastConnection'] {
  return {
    load: () => {
      try {
        const stored = JSON.parse(
          localStorage.getItem(key) ?? 'null',
        ) as RememberedConnection | null;
        return stored &&
          typeof stored.url === 'string' &&
          (stored.mode === 'rw' || stored.mode === 'ro')
          ? stored
          : null;
      } catch {
        return null;
      }
    },
    save: (connection) => localStorage.setItem(key, JSON.stringify(connection)),
  };
}

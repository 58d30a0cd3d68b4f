// The product's event store as the e2e tests see it from outside: pause its process (an
// unresponsive store, without the supervisor stopping the product) and read a Vorlage's stored
// text through the real client, as the collab server does.
import { execFileSync } from 'node:child_process';
import { E2E_DATA_DIR, E2E_PORTS } from '../../playwright.config';
import {
  embeddedConnectionString,
  readEmbeddedStoreAccess,
  secretDirOf,
} from '../../event-store/access';
import type { SectionKey } from '../../domain/text/sections';
import { sectionPlainText } from '../../domain/text/plain-text';
import { createEventStoreClient } from '../../event-store/client';
import { docToVorlageText } from '../../editor/convert';
import { eventStoreTextSource } from '../../collab-server/event-store-source';
import { createTextStore, docFromLoadedText } from '../../collab-server/text-store';

/** The pid of the process listening on the store's port (ss shows only our own processes' pids). */
function eventStorePid(): number {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${E2E_PORTS.eventStore}`], {
    encoding: 'utf8',
  });
  const match = /pid=(\d+)/.exec(out);
  if (!match) throw new Error(`no process listens on port ${E2E_PORTS.eventStore}: ${out}`);
  return Number(match[1]);
}

/** SIGSTOP: the store accepts nothing until resumed. Returns the resume function (SIGCONT). */
export function pauseEventStore(): () => void {
  const pid = eventStorePid();
  process.kill(pid, 'SIGSTOP');
  let resumed = false;
  return () => {
    if (resumed) return;
    resumed = true;
    process.kill(pid, 'SIGCONT');
  };
}

/** A section's text as the store holds it (last snapshot plus later updates). */
export async function storedSectionText(vorlageId: string, key: SectionKey): Promise<string> {
  // The product's embedded store requires TLS and the credentials it generated in DATA_DIR.
  const client = createEventStoreClient(
    embeddedConnectionString(
      '127.0.0.1',
      E2E_PORTS.eventStore,
      readEmbeddedStoreAccess(secretDirOf(E2E_DATA_DIR)),
    ),
  );
  try {
    const loaded = await createTextStore(eventStoreTextSource(client)).load(vorlageId);
    if (!loaded) throw new Error(`no text stream for ${vorlageId}`);
    const doc = docFromLoadedText(loaded);
    return sectionPlainText(docToVorlageText(doc), key);
  } finally {
    await client.close();
  }
}

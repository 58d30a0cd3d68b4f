// Issue 16's rules against the started product (npm start on free ports): audit seals that a store
// writer cannot forge, and the hardened HTTP surface.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHeadOf, sealEvents, verifyChain } from '../domain/audit/chain';
import type { JsonValue } from '../domain/application/event-store-port';
import { createEventStoreClient, type EventStoreClient } from '../event-store/client';
import { loadAuditKeys } from '../platform/audit-keys';
import {
  signedIn,
  startProduct,
  type ApiClient,
  type TestProduct,
} from '../scripts/lib/test-product';
import {
  commandOk,
  createVorlage,
  currentFassung,
  requestSignOffs,
} from '../scripts/lib/test-workflow';

const LEAD = 'jugendamt';
const ASKED = 'soziales';

let product: TestProduct;
let store: EventStoreClient;
let spk: ApiClient;
let lead: ApiClient;
let askedSigner: ApiClient;

beforeAll(async () => {
  product = await startProduct();
  store = createEventStoreClient(product.eventStoreUrl);
  spk = await signedIn(product, 'spk');
  lead = await signedIn(product, LEAD);
  askedSigner = await signedIn(product, `${ASKED}.zeichnung`);
}, 660_000);

afterAll(async () => {
  await store?.close();
  await product?.stop();
}, 60_000);

/** Visible text of an HTML page (React's text separators and tags removed). */
function pageText(html: string): string {
  return html
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

describe('signed audit seals (D-87)', () => {
  it('a SignOffGiven appended directly to the store with a valid chain hash but no signature is reported at its position, also on the history page', async () => {
    const genuine = await createVorlage(lead, LEAD, 'Echt signiert');
    const target = await createVorlage(lead, LEAD, 'Ziel der Fälschung');
    for (const id of [genuine, target]) await requestSignOffs(lead, id, [ASKED]);
    await commandOk(askedSigner, genuine, 'give-sign-off', {
      officeId: ASKED,
      kind: 'approve',
      fassungHash: await currentFassung(spk, genuine),
    });
    const trust = loadAuditKeys(product.dataDir).trust;
    const genuineEvents = await store.readStream(`vorlage-${genuine}`);
    expect(await verifyChain(genuineEvents, { trust })).toMatchObject({ ok: true });

    // The attacker copies a real sign-off and chains it with the project's own sealing code.
    const model = genuineEvents.find((event) => event.type === 'SignOffGiven')!;
    const { chain: _chain, ...metadata } = model.metadata as Record<string, JsonValue>;
    const forgedId = randomUUID();
    const before = await store.readStream(`vorlage-${target}`);
    const { events: forged } = await sealEvents(
      [
        {
          id: forgedId,
          type: 'SignOffGiven',
          data: model.data as JsonValue,
          metadata: { ...metadata, commandId: forgedId, correlationId: forgedId },
        },
      ],
      chainHeadOf(before),
    );
    await store.appendToStream(`vorlage-${target}`, forged, before.at(-1)!.revision);

    const after = await store.readStream(`vorlage-${target}`);
    expect(await verifyChain(after)).toMatchObject({ ok: true });
    const verdict = await verifyChain(after, { trust });
    expect(verdict).toMatchObject({
      ok: false,
      reason: 'unsigned',
      firstBrokenIndex: before.length,
      eventId: forgedId,
    });

    const page = await spk.get(`/vorlagen/${target}/historie`);
    expect(page.status).toBe(200);
    expect(pageText(page.body as string)).toContain(
      `Erstes auffälliges Ereignis: Nr. ${before.length} (`,
    );
    expect(pageText(page.body as string)).toContain('nicht vom System signiert');
  });
});

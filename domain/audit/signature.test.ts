import { describe, expect, it } from 'vitest';
import type { EventToAppend } from '../application/event-store-port';
import { testUuid } from '../testing/fixtures';
import { chainHeadOf, GENESIS_HEAD, sealEvents, verifyChain, type ChainableEvent } from './chain';
import { auditKeyId, createAuditSigner, type AuditSigner, type AuditTrust } from './signature';

const draft = (n: number): EventToAppend => ({
  id: testUuid(2000 + n),
  type: 'SignOffGiven',
  data: { officeId: `office-${n}` },
  metadata: { commandId: testUuid(2000 + n) },
});

async function newKey(): Promise<{ signer: AuditSigner; keyId: string; publicKey: Uint8Array }> {
  const pair = (await globalThis.crypto.subtle.generateKey('Ed25519', true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const publicKey = new Uint8Array(await globalThis.crypto.subtle.exportKey('raw', pair.publicKey));
  const keyId = await auditKeyId(publicKey);
  return { signer: createAuditSigner(keyId, pair.privateKey), keyId, publicKey };
}

const trustOf = (
  keys: readonly { keyId: string; publicKey: Uint8Array }[],
  unsignedBefore = 0n,
): AuditTrust => ({
  keys: new Map(keys.map((key) => [key.keyId, key.publicKey])),
  unsignedBefore,
});

/** Stored events get positions 100, 200, … in order. */
const positioned = (events: readonly EventToAppend[], from = 0): ChainableEvent[] =>
  events.map((event, index) => ({ ...event, position: BigInt((from + index + 1) * 100) }));

describe('signed audit seals (D-87, D-88)', () => {
  it('D-87 signed events verify against the trusted key; the link names the key', async () => {
    const key = await newKey();
    const { events } = await sealEvents([draft(0), draft(1)], GENESIS_HEAD, key.signer);
    expect(events[0]!.metadata).toMatchObject({ chain: { keyId: key.keyId } });
    expect(await verifyChain(positioned(events), { trust: trustOf([key]) })).toMatchObject({
      ok: true,
      count: 2,
    });
  });

  it('D-87 a correctly chained event without signature is reported as unsigned at its index', async () => {
    const key = await newKey();
    const signed = await sealEvents([draft(0), draft(1)], GENESIS_HEAD, key.signer);
    // What a store writer without the key can do: chain a forged event with the project's own code.
    const forged = await sealEvents([draft(2)], signed.head);
    const stream = positioned([...signed.events, ...forged.events]);
    expect(await verifyChain(stream)).toMatchObject({ ok: true });
    expect(await verifyChain(stream, { trust: trustOf([key]) })).toMatchObject({
      ok: false,
      firstBrokenIndex: 2,
      reason: 'unsigned',
    });
  });

  it('D-87 a seal signed by an unknown key, or a copied signature, is unsigned', async () => {
    const [key, intruder] = [await newKey(), await newKey()];
    const signed = await sealEvents([draft(0)], GENESIS_HEAD, key.signer);
    const foreign = await sealEvents([draft(1)], signed.head, intruder.signer);
    expect(
      await verifyChain(positioned([...signed.events, ...foreign.events]), {
        trust: trustOf([key]),
      }),
    ).toMatchObject({ ok: false, firstBrokenIndex: 1, reason: 'unsigned' });

    const unsigned = await sealEvents([draft(1)], signed.head);
    const firstChain = (signed.events[0]!.metadata as { chain: object }).chain;
    const copied: EventToAppend = {
      ...unsigned.events[0]!,
      metadata: {
        ...(unsigned.events[0]!.metadata as object),
        chain: {
          ...(unsigned.events[0]!.metadata as { chain: object }).chain,
          keyId: key.keyId,
          signature: (firstChain as { signature: string }).signature,
        },
      },
    };
    expect(
      await verifyChain(positioned([...signed.events, copied]), { trust: trustOf([key]) }),
    ).toMatchObject({ ok: false, firstBrokenIndex: 1, reason: 'unsigned' });
  });

  it('D-88 events from before signing verify unsigned; after a rotation both keys verify', async () => {
    const [oldKey, newerKey] = [await newKey(), await newKey()];
    const legacy = await sealEvents([draft(0), draft(1)], GENESIS_HEAD);
    const byOld = await sealEvents([draft(2)], chainHeadOf(legacy.events), oldKey.signer);
    const byNew = await sealEvents([draft(3)], byOld.head, newerKey.signer);
    const stream = positioned([...legacy.events, ...byOld.events, ...byNew.events]);
    // Signing started at position 250: events at 100 and 200 predate it.
    expect(await verifyChain(stream, { trust: trustOf([oldKey, newerKey], 250n) })).toMatchObject({
      ok: true,
      count: 4,
    });
    // An unsigned event after the boundary is not legacy.
    expect(await verifyChain(stream, { trust: trustOf([oldKey, newerKey], 150n) })).toMatchObject({
      ok: false,
      firstBrokenIndex: 1,
      reason: 'unsigned',
    });
  });
});

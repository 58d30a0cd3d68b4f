// The mailer against the real embedded store, the projections and a real SMTP server (smtp-server
// on port 0; mails parsed with mailparser): a request sends one mail per asked office; reminders
// go out once on their days (clock injected); a restarted outbox sends nothing twice; while the
// SMTP server is down nothing is lost and the mails go out once it is back.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVorlage } from '../domain/application/create-vorlage';
import type { VorlageCommandHandler } from '../domain/application/vorlage-handler';
import type { CommandMetadata } from '../domain/shared/actor';
import { yjsInitialText } from '../editor/initial-text';
import type { EventStoreClient } from '../event-store/client';
import { createLogger } from '../platform/logger';
import type { ProjectionsService } from '../projections/service';
import { startLiveProduct, type LiveProduct } from '../projections/testing/live-product';
import { EXAMPLE_VORLAGE_TEXT } from '../scripts/seed-data';
import { DeliveryStore } from './delivery-store';
import { mailerPass, type MailerDeps } from './mailer';

const logger = createLogger({ name: 'mailer-int', level: 'silent' });
const SPK = {
  userId: 'spk-user',
  displayName: 'SPK',
  officeId: 'spk',
  role: 'coordination',
} as const;
const START = new Date('2026-03-02T09:00:00Z'); // Monday
/** Friday 13 March 2026, end of day in Berlin. */
const DEADLINE = '2026-03-13T22:59:59.999Z';

let product: LiveProduct;
let client: EventStoreClient;
let vorlagen: VorlageCommandHandler;
let projections: ProjectionsService;
let dir: string;
let smtp: SMTPServer;
let smtpPort: number;
let received: ParsedMail[];
let smtpDown = false;

beforeAll(async () => {
  product = await startLiveProduct('mailer', logger);
  ({ client, vorlagen, projections, dir } = product);
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      if (smtpDown) {
        stream.resume();
        return callback(new Error('451 Dienst vorübergehend nicht verfügbar'));
      }
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await product?.stop();
});

beforeEach(() => {
  received = [];
  smtpDown = false;
});

function metadata(time: Date): CommandMetadata {
  const commandId = randomUUID();
  return { commandId, correlationId: commandId, actor: SPK, time: time.toISOString() };
}

/** A fresh delivery store (one per "process start") on a file that survives restarts. */
function mailer(path: string, clock: () => Date): { deps: MailerDeps; delivery: DeliveryStore } {
  const delivery = new DeliveryStore(path);
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtpPort,
    secure: false,
    ignoreTLS: true,
  });
  return {
    delivery,
    deps: {
      readModels: () => projections.db,
      delivery,
      transport,
      clock,
      logger,
      config: {
        baseUrl: 'https://vorlagen.example.org',
        from: 'Vorlagen <vorlagen@bezirksamt.example>',
        officeMailDomain: 'bezirksamt.example',
        reminderWorkingDays: [5, 1],
      },
    },
  };
}

async function requestedVorlage(offices: string[]): Promise<string> {
  const vorlageId = `mail-${randomUUID().slice(0, 8)}`;
  await createVorlage(
    { store: client, vorlagen, text: yjsInitialText },
    {
      vorlageId,
      title: `Mitteilungen ${vorlageId}`,
      leadOfficeId: 'spk',
      rapporteur: { name: 'Bezirksstadträtin Carolina Böhm', userId: null },
      targetSessionDate: '2026-04-21',
      initialText: EXAMPLE_VORLAGE_TEXT,
    },
    metadata(START),
  );
  const head = await vorlagen.loadTextHead(vorlageId);
  const result = await vorlagen.handle({
    type: 'RequestSignOffs',
    data: {
      vorlageId,
      officeIds: offices,
      deadline: DEADLINE,
      deemedGivenPolicy: 'explicitOnly',
      fassungHash: head!.textHash,
    },
    metadata: metadata(START),
  });
  await projections.runner.waitForPosition(result.position, 10_000);
  return vorlageId;
}

const mailsOf = (vorlageId: string) =>
  received.filter((mail) => mail.headers.get('x-vorlagen-vorlage') === vorlageId);

describe('mailer (D-120…D-124) with a real SMTP server', () => {
  it('D-120: a request sends one German mail per asked office, naming Vorlage, deadline and link', async () => {
    const vorlageId = await requestedVorlage(['jugendamt', 'soziales']);
    const { deps, delivery } = mailer(join(dir, `a-${vorlageId}.sqlite`), () => START);
    await mailerPass(deps);
    const mails = mailsOf(vorlageId);
    expect(mails.map((mail) => mail.to && 'text' in mail.to && mail.to.text).sort()).toEqual([
      'jugendamt@bezirksamt.example',
      'soziales@bezirksamt.example',
    ]);
    const youth = mails.find((mail) => JSON.stringify(mail.to).includes('jugendamt'))!;
    expect(youth.subject).toBe(`Bitte um Mitzeichnung: Mitteilungen ${vorlageId}`);
    expect(youth.text).toContain('Frist: Freitag, 13.03.2026, 24:00 Uhr.');
    expect(youth.text).toContain(`https://vorlagen.example.org/vorlagen/${vorlageId}`);
    delivery.close();
  });

  it('D-122: reminders go out once on their days; D-123: a restarted outbox sends nothing twice', async () => {
    const vorlageId = await requestedVorlage(['jugendamt']);
    const path = join(dir, `b-${vorlageId}.sqlite`);
    let now = START;
    const first = mailer(path, () => now);
    await mailerPass(first.deps);
    expect(mailsOf(vorlageId).map((mail) => mail.subject)).toEqual([
      `Bitte um Mitzeichnung: Mitteilungen ${vorlageId}`,
    ]);
    // 5 working days before Friday 13 March: Friday 6 March.
    now = new Date('2026-03-05T10:00:00Z');
    await mailerPass(first.deps);
    expect(mailsOf(vorlageId)).toHaveLength(1);
    now = new Date('2026-03-06T07:00:00Z');
    await mailerPass(first.deps);
    await mailerPass(first.deps);
    expect(mailsOf(vorlageId).map((mail) => mail.subject)).toEqual([
      `Bitte um Mitzeichnung: Mitteilungen ${vorlageId}`,
      `Erinnerung: Mitzeichnung: Mitteilungen ${vorlageId}`,
    ]);
    first.delivery.close();

    // A restart: a new delivery store on the same file, the same day, and again on the last day.
    const second = mailer(path, () => now);
    await mailerPass(second.deps);
    expect(mailsOf(vorlageId)).toHaveLength(2);
    now = new Date('2026-03-12T07:00:00Z');
    await mailerPass(second.deps);
    await mailerPass(second.deps);
    expect(mailsOf(vorlageId)).toHaveLength(3);
    expect(mailsOf(vorlageId)[2]?.text).toContain('noch 1 Arbeitstag');
    second.delivery.close();
  });

  it('D-124: with the SMTP server down nothing is lost; the mail goes out once it is back', async () => {
    const vorlageId = await requestedVorlage(['klimaschutz']);
    let now = START;
    const { deps, delivery } = mailer(join(dir, `c-${vorlageId}.sqlite`), () => now);
    smtpDown = true;
    expect((await mailerPass(deps)).sent).toBe(0);
    const [pending] = delivery.list({ vorlageId });
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    expect(pending?.lastError).toMatch(/451/);
    smtpDown = false;
    // Not before the retry wait has passed …
    await mailerPass(deps);
    expect(mailsOf(vorlageId)).toHaveLength(0);
    // … then exactly once.
    now = new Date(START.getTime() + 60_000);
    await mailerPass(deps);
    await mailerPass(deps);
    expect(mailsOf(vorlageId)).toHaveLength(1);
    expect(delivery.list({ vorlageId })[0]).toMatchObject({ status: 'sent', attempts: 2 });
    delivery.close();
  });
});

// The mailer (D-120…D-124): one pass queues what the outbox read model added since its cursor and
// the reminders due today (from the approval view and an injected clock), then sends what is due
// through SMTP (nodemailer). A failed send stays pending and is retried with a growing wait;
// nothing is lost while the SMTP server is down. Runs in the projection process beside the
// deadline watcher; passes never overlap.
import type { Transporter } from 'nodemailer';
import {
  deemedGivenMail,
  dueReminder,
  extensionGrantedMail,
  signOffRequestedMail,
  signOffStaleMail,
  type Mail,
  type MailContext,
} from '../domain/notifications/mail';
import type { Logger } from '../platform/logger';
import type { ReadModelDb } from '../projections/queries';
import { outboxAfter, type OutboxRow } from '../projections/read-models/outbox';
import type { DeliveryStore, QueuedMail } from './delivery-store';

export interface MailerConfig {
  /** The app's URL for links in mails (PUBLIC_URL). */
  readonly baseUrl: string;
  readonly from: string;
  /** Office mailboxes are `<office id>@<domain>`. */
  readonly officeMailDomain: string;
  /** Working days before a deadline on which the offices that owe an answer are reminded. */
  readonly reminderWorkingDays: readonly number[];
}

export interface MailerDeps {
  readonly readModels: () => ReadModelDb;
  readonly delivery: DeliveryStore;
  readonly transport: Pick<Transporter, 'sendMail'>;
  readonly config: MailerConfig;
  readonly logger: Logger;
  readonly clock?: () => Date;
}

export function officeMailbox(officeId: string, domain: string): string {
  return `${officeId}@${domain}`;
}

function context(config: MailerConfig, vorlageId: string, title: string): MailContext {
  const base = config.baseUrl.replace(/\/+$/, '');
  return { vorlageId, title, link: `${base}/vorlagen/${encodeURIComponent(vorlageId)}` };
}

function mailOf(row: OutboxRow, config: MailerConfig): Mail {
  const ctx = context(config, row.vorlageId, row.title);
  const [eventId] = row.key.split(':');
  switch (row.kind) {
    case 'signOffRequested':
      return signOffRequestedMail(ctx, eventId!, row.officeId, row.deadline ?? '');
    case 'deemedGiven':
      return deemedGivenMail(ctx, eventId!, row.officeId, row.deadline ?? '');
    case 'extensionGranted':
      return extensionGrantedMail(ctx, eventId!, row.officeId, row.deadline ?? '');
    case 'signOffStale':
      return {
        ...signOffStaleMail(ctx, row.officeId, row.key.split(':').at(-1) ?? ''),
        key: row.key,
      };
    case 'reminder':
      throw new Error('reminders are not queued by the outbox');
  }
}

const queued = (mail: Mail, config: MailerConfig): QueuedMail => ({
  key: mail.key,
  kind: mail.kind,
  vorlageId: mail.vorlageId,
  officeId: mail.officeId,
  recipient: officeMailbox(mail.officeId, config.officeMailDomain),
  subject: mail.subject,
  text: mail.text,
});

/** Queues the outbox rows after the cursor (the cursor moves in the same transaction). */
export function queueOutbox(deps: MailerDeps, now: Date): number {
  let added = 0;
  for (;;) {
    const rows = outboxAfter(deps.readModels(), deps.delivery.cursor(), 500);
    const last = rows.at(-1);
    if (!last) return added;
    const mails = rows.map((row) => queued(mailOf(row, deps.config), deps.config));
    added += deps.delivery.enqueue(mails, now.toISOString(), {
      position: last.position,
      key: last.key,
    });
  }
}

/** Queues today's reminders for every office that still owes an answer (D-122). */
export function queueReminders(deps: MailerDeps, now: Date): number {
  if (deps.config.reminderWorkingDays.length === 0) return 0;
  const rows = deps
    .readModels()
    .prepare(
      `SELECT a.vorlage_id, a.office_id, a.deadline, d.title
         FROM approval_view a JOIN spk_dashboard d ON d.vorlage_id = a.vorlage_id
        WHERE a.actionable = 1 AND a.deadline IS NOT NULL AND a.deadline > ?`,
    )
    .all(now.toISOString()) as {
    vorlage_id: string;
    office_id: string;
    deadline: string;
    title: string;
  }[];
  const mails = rows.flatMap((row) => {
    const mail = dueReminder(
      context(deps.config, row.vorlage_id, row.title),
      row.office_id,
      row.deadline,
      deps.config.reminderWorkingDays,
      now.toISOString(),
    );
    return mail && !deps.delivery.has(mail.key) ? [queued(mail, deps.config)] : [];
  });
  return mails.length === 0 ? 0 : deps.delivery.enqueue(mails, now.toISOString());
}

/** Wait before the next attempt: 30 s, doubling, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts), 3_600_000);
}

/** Sends the due mails; returns how many the SMTP server accepted. */
export async function sendDue(deps: MailerDeps, now: Date): Promise<number> {
  let sent = 0;
  for (const mail of deps.delivery.due(now.toISOString())) {
    try {
      await deps.transport.sendMail({
        from: deps.config.from,
        to: mail.recipient,
        subject: mail.subject,
        text: mail.text,
        // A stable Message-ID lets a receiving system drop a copy should a crash fall between the
        // server's acceptance and the record of it (the one window for a duplicate).
        messageId: `<${Buffer.from(mail.key).toString('base64url')}@vorlagen>`,
        headers: { 'X-Vorlagen-Key': mail.key, 'X-Vorlagen-Vorlage': mail.vorlageId },
      });
      deps.delivery.markSent(mail.key, (deps.clock?.() ?? new Date()).toISOString());
      sent += 1;
    } catch (error) {
      const next = new Date(now.getTime() + retryDelayMs(mail.attempts)).toISOString();
      deps.delivery.markFailed(
        mail.key,
        error instanceof Error ? error.message : String(error),
        next,
      );
      deps.logger.warn(
        { err: error, key: mail.key, vorlageId: mail.vorlageId },
        'mail not sent; will retry',
      );
    }
  }
  return sent;
}

/** One pass: queue from the outbox and the reminder days, then send what is due. */
export async function mailerPass(
  deps: MailerDeps,
): Promise<{ queued: number; reminders: number; sent: number }> {
  const now = (deps.clock ?? (() => new Date()))();
  const queuedCount = queueOutbox(deps, now);
  const reminders = queueReminders(deps, now);
  const sent = await sendDue(deps, now);
  return { queued: queuedCount, reminders, sent };
}

/** Runs a pass every `intervalMs`; passes never overlap. */
export function startMailer(deps: MailerDeps, intervalMs: number): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() => mailerPass(deps))
      .catch((error: unknown) => deps.logger.error({ err: error }, 'mailer pass failed'));
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

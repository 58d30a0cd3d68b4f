// The app's read-only view of the mailer's delivery store (D-123): the Postausgang and the audit
// trail's "benachrichtigt" lines. The mailer (projection process) writes it; until its first pass
// there is no file, which reads as "nothing sent yet".
import 'server-only';
import { existsSync } from 'node:fs';
import { mailDeliveryDbPath } from '../../../platform/config';
import { DeliveryStore, type DeliveryRecord } from '../../../mailer/delivery-store';
import { services } from '../../_lib/services';

export function listDeliveries(
  options: { readonly vorlageId?: string; readonly limit?: number } = {},
): DeliveryRecord[] {
  const path = mailDeliveryDbPath(services().env);
  if (!existsSync(path)) return [];
  const store = new DeliveryStore(path, { readonly: true });
  try {
    return store.list(options);
  } finally {
    store.close();
  }
}

export const MAIL_KIND_LABELS: Record<string, string> = {
  signOffRequested: 'Bitte um Mitzeichnung',
  reminder: 'Erinnerung an die Frist',
  deemedGiven: 'Mitzeichnung gilt als erteilt',
  signOffStale: 'Mitzeichnung veraltet',
  extensionGranted: 'Fristverlängerung gewährt',
};

// Builds the export of a published Vorlage: the main file (plain text in the seed's layout, whose
// exact bytes the checksum covers) and the OParl 1.1 Paper around it.
import 'server-only';
import { createHash } from 'node:crypto';
import type { ExistingVorlage, PublishedVorlage } from '../../../domain/vorlage/state';
import type { CurrentUser } from '../../_lib/auth';
import { HttpError, publicOrigin } from '../../_lib/http';
import { loadPrintable, readLifecycle } from '../audit/audit-service';
import { lifecycleRecords } from '../../../audit/fassungen';
import {
  buildInternalPaperExport,
  buildPaperExport,
  type InternalPaperExport,
  type PaperExport,
  type PaperExportInput,
} from '../../../audit/oparl-export';
import { officialPlainText } from '../../../audit/official-document';
import { berlinDateOf } from '../../../domain/shared/actor';
import { officeName } from '../../../wording/format';
import { services } from '../../_lib/services';
import type { Letterhead } from './official-sheet';

export async function mainFileOf(
  state: PublishedVorlage,
): Promise<{ bytes: Buffer; text: string }> {
  const { document } = await loadPrintable(state);
  const text = officialPlainText(document);
  return { bytes: Buffer.from(text, 'utf8'), text };
}

/** The public OParl Paper: publishable content only (D-110). */
export async function paperExportOf(
  state: PublishedVorlage,
  baseUrl: string,
): Promise<PaperExport> {
  return buildPaperExport(await paperExportInput(state, baseUrl));
}

/** The internal export with the Mitzeichnungen; callers check the audit role (D-111). */
export async function internalPaperExportOf(
  state: PublishedVorlage,
  baseUrl: string,
): Promise<InternalPaperExport> {
  return buildInternalPaperExport(await paperExportInput(state, baseUrl));
}

async function paperExportInput(
  state: PublishedVorlage,
  baseUrl: string,
): Promise<PaperExportInput> {
  const [printable, events] = await Promise.all([
    loadPrintable(state),
    readLifecycle(state.vorlageId),
  ]);
  const text = officialPlainText(printable.document);
  const bytes = Buffer.from(text, 'utf8');
  const id = encodeURIComponent(state.vorlageId);
  return {
    baseUrl,
    state,
    records: lifecycleRecords(events),
    document: printable.document,
    mainFile: {
      text,
      size: bytes.byteLength,
      sha512: createHash('sha512').update(bytes).digest('hex'),
      accessUrl: `${baseUrl}/api/vorlagen/${id}/export/text`,
      fileName: `${state.vorlageId}.txt`,
    },
    printUrl: `${baseUrl}/vorlagen/${id}/veroeffentlichung`,
  };
}

/**
 * A route's answer with an export of a published Vorlage: `load` authorizes (read access, or the
 * audit role for the internal export) and gives the state; before publication 409.
 */
export async function paperResponse(
  request: Request,
  user: CurrentUser,
  id: string,
  load: (user: CurrentUser, id: string) => Promise<ExistingVorlage>,
  build: (state: PublishedVorlage, baseUrl: string) => Promise<unknown>,
  fileName: string,
): Promise<Response> {
  const state = await load(user, id);
  if (state.status !== 'published') throw new HttpError('not_published');
  return Response.json(await build(state, publicOrigin(request)), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `inline; filename="${fileName}"`,
      'cache-control': 'private, no-store',
    },
  });
}

/** The print view's letterhead: the configured district, the lead office, today in Berlin. */
export function letterheadOf(state: ExistingVorlage, now: Date = new Date()): Letterhead {
  return {
    district: services().env.DISTRICT_NAME,
    department: officeName(state.leadOfficeId),
    date: berlinDateOf(now.toISOString()),
  };
}

// The internal export of a published Vorlage (D-111): the public OParl Paper plus `vorlagen:intern`
// with the Mitzeichnungen, refusals, override reason and notes. Sign-in and an audit role (SPK,
// rapporteur, auditor) required; the public export never carries these.
import { loadForAudit } from '../../../../../_features/audit/access';
import {
  internalPaperExportOf,
  paperResponse,
} from '../../../../../_features/export/export-service';

export const dynamic = 'force-dynamic';

export async function GET(
  request: Request,
  context: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await context.params;
  return paperResponse(request, id, loadForAudit, internalPaperExportOf, `${id}-intern.json`);
}

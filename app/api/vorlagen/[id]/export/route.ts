// The machine-readable export of a published Vorlage: OParl 1.1 Paper plus the extension
// `vorlagen:beschlussvorlage` (sections, decision, publication) — publishable content only
// (D-110); the Mitzeichnungen are in `/export/intern`. Before publication: 409.
import { paperExportOf, paperResponse } from '../../../../_features/export/export-service';
import { loadReadableVorlage } from '../../../../_lib/vorlage-access';

export const dynamic = 'force-dynamic';

export async function GET(
  request: Request,
  context: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await context.params;
  return paperResponse(request, id, loadReadableVorlage, paperExportOf, `${id}.json`);
}

// The machine-readable export of a published Vorlage: OParl 1.1 Paper plus the extension
// `vorlagen:beschlussvorlage` (sections, decision, publication) — publishable content only
// (D-110); the Mitzeichnungen are in `/export/intern`. Before publication: 409.
import { paperExportOf, paperResponse } from '../../../../_features/export/export-service';
import { vorlageRoute } from '../../../../_lib/http';
import { loadReadableVorlage } from '../../../../_lib/vorlage-access';

export const dynamic = 'force-dynamic';

export const GET = vorlageRoute((request, user, id) =>
  paperResponse(request, user, id, loadReadableVorlage, paperExportOf, `${id}.json`),
);

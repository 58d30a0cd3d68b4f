// The internal export of a published Vorlage (D-111): the public OParl Paper plus `vorlagen:intern`
// with the Mitzeichnungen, refusals, override reason and notes. Sign-in and an audit role (SPK,
// rapporteur, auditor) required; the public export never carries these.
import { loadForAudit } from '../../../../../_features/audit/access';
import {
  internalPaperExportOf,
  paperResponse,
} from '../../../../../_features/export/export-service';
import { vorlageRoute } from '../../../../../_lib/http';

export const dynamic = 'force-dynamic';

export const GET = vorlageRoute((request, user, id) =>
  paperResponse(request, user, id, loadForAudit, internalPaperExportOf, `${id}-intern.json`),
);

// Read model: who takes part in which Vorlage — one row per (Vorlage, office) for the lead office
// and every asked office (D-50's "takes part"). Lists join it to show an office's members and
// signers exactly the Vorlagen they may read, in one SQL query, instead of a check per row.
import { participatingOfficeIds } from '../../domain/vorlage/state';
import { READ_MODELS } from '../protocol';
import type { Row, TableSpec } from '../row-sync';
import type { VorlageView } from '../vorlage-view';

export const ACCESS_TABLE: TableSpec = {
  table: 'vorlage_access',
  key: ['vorlage_id', 'office_id'],
  columns: ['vorlage_id', 'office_id', 'relation'],
  // Access changes with the listed Vorlage: announced as a change of the dashboard row.
  readModel: READ_MODELS.spkDashboard,
  changeKey: 'vorlage_id',
};

export const ACCESS_DDL = `
  CREATE TABLE IF NOT EXISTS vorlage_access (
    vorlage_id TEXT NOT NULL,
    office_id TEXT NOT NULL,
    relation TEXT NOT NULL CHECK (relation IN ('lead', 'asked', 'participant')),
    PRIMARY KEY (vorlage_id, office_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS vorlage_access_by_office ON vorlage_access (office_id, vorlage_id);
`;

export function accessRows(view: VorlageView): Row[] {
  const state = view.lifecycle;
  if (state.status === 'none') return [];
  const representations = Object.keys(state.participation ?? {}).filter(
    (officeId) => !participatingOfficeIds(state).includes(officeId),
  );
  return [
    ...participatingOfficeIds(state).map((officeId) => ({
      vorlage_id: view.vorlageId,
      office_id: officeId,
      relation: officeId === state.leadOfficeId ? 'lead' : 'asked',
    })),
    // D-164: an involved employee representation finds the Vorlage in its list.
    ...representations.map((officeId) => ({
      vorlage_id: view.vorlageId,
      office_id: officeId,
      relation: 'participant',
    })),
  ];
}

/** Whose Vorlagen a list shows: all of them, or those an office takes part in. */
export type ListViewer =
  { readonly scope: 'all' } | { readonly scope: 'office'; readonly officeId: string };

/** The SQL condition (on alias `d`, a table with `vorlage_id`) and its parameters for a viewer. */
export function accessCondition(viewer: ListViewer): { sql: string; params: string[] } {
  if (viewer.scope === 'all') return { sql: '1', params: [] };
  return {
    sql: 'EXISTS (SELECT 1 FROM vorlage_access a WHERE a.office_id = ? AND a.vorlage_id = d.vorlage_id)',
    params: [viewer.officeId],
  };
}

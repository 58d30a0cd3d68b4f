// The projection behind the approval view, office inbox, SPK dashboard, section 10 and text state:
// it keeps each Vorlage's view (vorlage-view.ts) and, per event, writes only the rows of those read
// models that the event changed. One fold, because all five derive from the same state.
import { defineProjection } from './definition.ts';
import {
  LIFECYCLE_EVENT_TYPES,
  TEXT_CONTENT_EVENT_TYPES,
  TEXT_MARKER_EVENT_TYPES,
  type ProductEvent,
} from './product-events.ts';
import { APPROVAL_DDL, APPROVAL_TABLE, approvalRows } from './read-models/approval-view.ts';
import { CO_SIGNED_DDL, CO_SIGNED_TABLE, coSignedRows } from './read-models/co-signed-by.ts';
import { INBOX_DDL, INBOX_TABLE, inboxRows } from './read-models/office-inbox.ts';
import { DASHBOARD_DDL, DASHBOARD_TABLE, dashboardRows } from './read-models/spk-dashboard.ts';
import {
  SECTION_EDITS_TABLE,
  sectionEditRows,
  TEXT_STATE_DDL,
  TEXT_STATE_TABLE,
  textStateRows,
} from './read-models/text-state.ts';
import { syncRows, type Row, type TableSpec } from './row-sync.ts';
import { emptyView, evolveView, type VorlageView } from './vorlage-view.ts';

/** Bump when vorlage-view.ts or any read model derived here changes: the runner then rebuilds. */
export const VORLAGEN_PROJECTION_VERSION = 1;

interface DerivedRows {
  readonly approval: Row[];
  readonly inbox: Row[];
  readonly dashboard: Row[];
  readonly coSigned: Row[];
  readonly textState: Row[];
  readonly sectionEdits: Row[];
}

/** Rows are a pure function of the view; views are immutable, so memoize by identity. */
const derived = new WeakMap<VorlageView, DerivedRows>();

function derive(view: VorlageView): DerivedRows {
  const known = derived.get(view);
  if (known) return known;
  const rows = deriveRows(view);
  derived.set(view, rows);
  return rows;
}

function deriveRows(view: VorlageView): DerivedRows {
  const approval = approvalRows(view);
  return {
    approval,
    inbox: inboxRows(view, approval),
    dashboard: dashboardRows(view, approval),
    coSigned: coSignedRows(view, approval),
    textState: textStateRows(view),
    sectionEdits: sectionEditRows(view),
  };
}

const TABLES: readonly [TableSpec, keyof DerivedRows][] = [
  [APPROVAL_TABLE, 'approval'],
  [INBOX_TABLE, 'inbox'],
  [DASHBOARD_TABLE, 'dashboard'],
  [CO_SIGNED_TABLE, 'coSigned'],
  [TEXT_STATE_TABLE, 'textState'],
  [SECTION_EDITS_TABLE, 'sectionEdits'],
];

export const vorlagenProjection = defineProjection<ProductEvent>({
  name: 'vorlagen',
  version: VORLAGEN_PROJECTION_VERSION,
  handles: [...LIFECYCLE_EVENT_TYPES, ...TEXT_CONTENT_EVENT_TYPES, ...TEXT_MARKER_EVENT_TYPES],
  tables: TABLES.map(([spec]) => spec.table),
  init: (db) => {
    db.exec(APPROVAL_DDL + INBOX_DDL + DASHBOARD_DDL + CO_SIGNED_DDL + TEXT_STATE_DDL);
  },
  apply: (tx, event) => {
    const before = tx.loadState<VorlageView>(event.vorlageId) ?? emptyView(event.vorlageId);
    const after = evolveView(before, event);
    if (after === before) return;
    tx.saveState(event.vorlageId, after);
    const rowsBefore = derive(before);
    const rowsAfter = derive(after);
    for (const [spec, name] of TABLES) syncRows(tx, spec, rowsBefore[name], rowsAfter[name]);
  },
});

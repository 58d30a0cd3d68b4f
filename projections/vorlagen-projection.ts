// The projection behind the approval view, office inbox, SPK dashboard, Vorlage access, section 10
// and text state: it keeps each Vorlage's view (vorlage-view.ts) and, per event, writes only the
// rows of those read models that the event changed. One fold, because all six derive from the same
// state.
import { defineProjection, type ReadModelTx } from './definition';
import {
  LIFECYCLE_EVENT_TYPES,
  TEXT_CONTENT_EVENT_TYPES,
  TEXT_MARKER_EVENT_TYPES,
  type ProductEvent,
} from './product-events';
import { APPROVAL_DDL, APPROVAL_TABLE, approvalRows } from './read-models/approval-view';
import { CO_SIGNED_DDL, CO_SIGNED_TABLE, coSignedRows } from './read-models/co-signed-by';
import { INBOX_DDL, INBOX_TABLE, inboxRows } from './read-models/office-inbox';
import { ACCESS_DDL, ACCESS_TABLE, accessRows } from './read-models/vorlage-access';
import { DASHBOARD_DDL, DASHBOARD_TABLE, dashboardRows } from './read-models/spk-dashboard';
import {
  SECTION_EDITS_TABLE,
  sectionEditRows,
  TEXT_STATE_DDL,
  TEXT_STATE_TABLE,
  textStateRows,
} from './read-models/text-state';
import { syncRows, type Row, type TableSpec } from './row-sync';
import { emptyView, evolveView, type VorlageView } from './vorlage-view';

/** Bump when vorlage-view.ts or any read model derived here changes: the runner then rebuilds. */
export const VORLAGEN_PROJECTION_VERSION = 9;

/** The rows derived from the sign-off part of a view, and from its text part. */
interface DerivedRows {
  readonly approval: Row[];
  readonly inbox: Row[];
  readonly dashboard: Row[];
  readonly coSigned: Row[];
  readonly access: Row[];
  readonly textState: Row[];
  readonly sectionEdits: Row[];
}

const SIGN_OFF_TABLES: readonly [TableSpec, keyof DerivedRows][] = [
  [APPROVAL_TABLE, 'approval'],
  [INBOX_TABLE, 'inbox'],
  [DASHBOARD_TABLE, 'dashboard'],
  [CO_SIGNED_TABLE, 'coSigned'],
  [ACCESS_TABLE, 'access'],
];
const TEXT_TABLES: readonly [TableSpec, keyof DerivedRows][] = [
  [TEXT_STATE_TABLE, 'textState'],
  [SECTION_EDITS_TABLE, 'sectionEdits'],
];

function signOffRows(
  view: VorlageView,
): Pick<DerivedRows, 'approval' | 'inbox' | 'dashboard' | 'coSigned' | 'access'> {
  const approval = approvalRows(view);
  return {
    approval,
    inbox: inboxRows(view, approval),
    dashboard: dashboardRows(view, approval),
    coSigned: coSignedRows(view, approval),
    access: accessRows(view),
  };
}

function textRows(view: VorlageView): Pick<DerivedRows, 'textState' | 'sectionEdits'> {
  return { textState: textStateRows(view), sectionEdits: sectionEditRows(view) };
}

/** The full derivation: every read model's rows for one view (the reference the tests use). */
export function deriveRows(view: VorlageView): DerivedRows {
  return { ...signOffRows(view), ...textRows(view) };
}

/** Rows are a pure function of the view; views are immutable, so memoize by identity. */
const derived = new WeakMap<VorlageView, DerivedRows>();

/**
 * Which part of the view an event changed. Sign-off rows read the lifecycle, the office activity,
 * the times and — only when offices were asked — the text (staleness); text rows read the text,
 * the lifecycle's initial Fassung while there is no text event yet, and the named Fassungen. Unchanged parts keep
 * their rows, so a text batch during drafting touches the text tables only.
 */
function changedParts(
  before: VorlageView,
  after: VorlageView,
): { signOffs: boolean; text: boolean } {
  const textChanged = before.text !== after.text;
  const asked =
    after.lifecycle.status !== 'none' && Object.keys(after.lifecycle.signOffs).length > 0;
  return {
    signOffs:
      before.lifecycle !== after.lifecycle ||
      before.offices !== after.offices ||
      before.createdAt !== after.createdAt ||
      before.updatedAt !== after.updatedAt ||
      (textChanged && asked),
    text:
      textChanged ||
      (after.text === null && before.lifecycle !== after.lifecycle) ||
      // The text state lists the Fassungen the lifecycle named ("Fassung n").
      before.fassungen !== after.fassungen,
  };
}

export const vorlagenProjection = defineProjection<ProductEvent>({
  name: 'vorlagen',
  version: VORLAGEN_PROJECTION_VERSION,
  handles: [...LIFECYCLE_EVENT_TYPES, ...TEXT_CONTENT_EVENT_TYPES, ...TEXT_MARKER_EVENT_TYPES],
  tables: [...SIGN_OFF_TABLES, ...TEXT_TABLES].map(([spec]) => spec.table),
  init: (db) => {
    db.exec(APPROVAL_DDL + INBOX_DDL + DASHBOARD_DDL + CO_SIGNED_DDL + ACCESS_DDL + TEXT_STATE_DDL);
  },
  // Per event only the view evolves (in memory); the rows are derived and written once per batch
  // and Vorlage, from the view before the batch to the view after it. Rows are a pure function of
  // the view, so this writes exactly what event-by-event writing would have left behind.
  apply: (tx, event) => {
    const before = tx.loadState<VorlageView>(event.vorlageId) ?? emptyView(event.vorlageId);
    const after = evolveView(before, event);
    if (after !== before) tx.saveState(event.vorlageId, after);
  },
  writeBatch: (tx, changes) => {
    for (const change of changes) {
      const before = (change.before as VorlageView | undefined) ?? emptyView(change.key);
      writeRows(tx, before, change.after as VorlageView);
    }
  },
});

/** Syncs the rows of the parts that changed between two views of one Vorlage. */
function writeRows(tx: ReadModelTx, before: VorlageView, after: VorlageView): void {
  if (after === before) return;
  const rowsBefore = derived.get(before) ?? deriveRows(before);
  const changed = changedParts(before, after);
  const rowsAfter: DerivedRows = {
    ...rowsBefore,
    ...(changed.signOffs ? signOffRows(after) : {}),
    ...(changed.text ? textRows(after) : {}),
  };
  derived.set(after, rowsAfter);
  const tables = [
    ...(changed.signOffs ? SIGN_OFF_TABLES : []),
    ...(changed.text ? TEXT_TABLES : []),
  ];
  for (const [spec, name] of tables) syncRows(tx, spec, rowsBefore[name], rowsAfter[name]);
}

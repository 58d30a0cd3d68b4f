// Read model: the current text state per Vorlage — the latest text hash and section hashes, the
// text revision, whether the text stream is locked, and who last edited which section when (the
// reason shown with a veraltet sign-off).
import type { SectionHashes } from '../../domain/text/canonical';
import { TEXT_SECTIONS, type SectionKey } from '../../domain/text/sections';
import type { TextAuthor } from '../../domain/text/text-events';
import { READ_MODELS } from '../protocol';
import type { SqliteDatabase as Database } from '../read-model-db';
import type { Row, TableSpec } from '../row-sync';
import type { NamedFassung, VorlageView } from '../vorlage-view';

export const TEXT_STATE_TABLE: TableSpec = {
  table: 'text_state',
  key: ['vorlage_id'],
  columns: [
    'vorlage_id',
    'text_hash',
    'section_hashes',
    'content_revision',
    'updated_at',
    'update_count',
    'locked',
    'fassungen',
  ],
  readModel: READ_MODELS.textState,
  changeKey: 'vorlage_id',
};

export const SECTION_EDITS_TABLE: TableSpec = {
  table: 'text_section_edits',
  key: ['vorlage_id', 'section'],
  columns: ['vorlage_id', 'section', 'section_hash', 'edited_at', 'authors', 'revision'],
  readModel: READ_MODELS.textState,
  changeKey: 'vorlage_id',
};

export const TEXT_STATE_DDL = `
  CREATE TABLE IF NOT EXISTS text_state (
    vorlage_id TEXT PRIMARY KEY,
    text_hash TEXT NOT NULL,
    section_hashes TEXT NOT NULL,
    content_revision TEXT,
    updated_at TEXT,
    update_count INTEGER NOT NULL,
    locked INTEGER NOT NULL,
    fassungen TEXT NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS text_section_edits (
    vorlage_id TEXT NOT NULL,
    section TEXT NOT NULL,
    section_hash TEXT NOT NULL,
    edited_at TEXT NOT NULL,
    authors TEXT NOT NULL,
    revision TEXT NOT NULL,
    PRIMARY KEY (vorlage_id, section)
  ) STRICT;
`;

export function textStateRows(view: VorlageView): Row[] {
  const text = view.text;
  if (text === null) {
    if (view.lifecycle.status === 'none') return [];
    const initial = view.lifecycle.initialFassung;
    return [
      {
        vorlage_id: view.vorlageId,
        text_hash: initial.textHash,
        section_hashes: JSON.stringify(initial.sectionHashes),
        content_revision: null,
        updated_at: null,
        update_count: 0,
        locked: 0,
        fassungen: JSON.stringify(view.fassungen ?? []),
      },
    ];
  }
  return [
    {
      vorlage_id: view.vorlageId,
      text_hash: text.textHash,
      section_hashes: JSON.stringify(text.sectionHashes),
      content_revision: text.contentRevision,
      updated_at: text.updatedAt,
      update_count: text.updateCount,
      locked: text.lockMarker === null ? 0 : 1,
      fassungen: JSON.stringify(view.fassungen ?? []),
    },
  ];
}

export function sectionEditRows(view: VorlageView): Row[] {
  const text = view.text;
  if (text === null) return [];
  return (
    Object.entries(text.sectionEdits) as [
      SectionKey,
      NonNullable<(typeof text.sectionEdits)[SectionKey]>,
    ][]
  ).map(([section, edit]) => ({
    vorlage_id: view.vorlageId,
    section,
    section_hash: text.sectionHashes[section],
    edited_at: edit.at,
    authors: JSON.stringify(edit.authors),
    revision: edit.revision,
  }));
}

// ---- queries ------------------------------------------------------------------------------

export interface SectionState {
  readonly section: SectionKey;
  readonly label: string;
  readonly hash: string;
  readonly lastEditedAt: string | null;
  readonly lastEditedBy: readonly TextAuthor[];
  readonly lastEditRevision: string | null;
}

export interface TextState {
  readonly vorlageId: string;
  readonly textHash: string;
  /** Revision of the latest content event of `vorlagetext-<id>`; null = the initial text. */
  readonly contentRevision: string | null;
  readonly updatedAt: string | null;
  readonly updateCount: number;
  /** The text stream ends in a lock marker: no edits are accepted. */
  readonly locked: boolean;
  /** The Fassungen the lifecycle named, in order: Fassung n is the n-th (issue 21). */
  readonly fassungen: readonly NamedFassung[];
  readonly sections: readonly SectionState[];
}

export function getTextState(db: Database, vorlageId: string): TextState | null {
  const row = db.prepare('SELECT * FROM text_state WHERE vorlage_id = ?').get(vorlageId) as
    | {
        text_hash: string;
        section_hashes: string;
        content_revision: string | null;
        updated_at: string | null;
        update_count: number;
        locked: number;
        fassungen: string;
      }
    | undefined;
  if (!row) return null;
  const edits = new Map(
    (
      db.prepare('SELECT * FROM text_section_edits WHERE vorlage_id = ?').all(vorlageId) as {
        section: string;
        edited_at: string;
        authors: string;
        revision: string;
      }[]
    ).map((edit) => [edit.section, edit]),
  );
  const hashes = JSON.parse(row.section_hashes) as SectionHashes;
  return {
    vorlageId,
    textHash: row.text_hash,
    contentRevision: row.content_revision,
    updatedAt: row.updated_at,
    updateCount: row.update_count,
    locked: row.locked === 1,
    fassungen: JSON.parse(row.fassungen) as NamedFassung[],
    sections: TEXT_SECTIONS.map((section) => {
      const edit = edits.get(section.key);
      return {
        section: section.key,
        label: section.label,
        hash: hashes[section.key],
        lastEditedAt: edit?.edited_at ?? null,
        lastEditedBy: edit ? (JSON.parse(edit.authors) as TextAuthor[]) : [],
        lastEditRevision: edit?.revision ?? null,
      };
    }),
  };
}

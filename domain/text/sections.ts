// The sections of a Vorlage's text (seed 000: the numbered template). Shared by the editor, the
// collab server and the canonical text form, so every part names them alike.
//
// In the Yjs document each text section is one Y.XmlFragment named by its key. Rich sections hold
// Tiptap/ProseMirror block content; plain sections hold a single paragraph of unmarked text.
// Sections 9 (publication) and 10 (coSignedBy) are not text: 9 comes from the Published event,
// 10 is generated from the sign-off events.

export const TEXT_SECTIONS = [
  { key: 'subject', number: 1, label: 'Gegenstand der Vorlage', kind: 'plain' },
  { key: 'rapporteur', number: 2, label: 'Berichterstatter/in', kind: 'plain' },
  { key: 'draftResolution', number: 3, label: 'Beschlussentwurf', kind: 'rich' },
  { key: 'justification', number: 4, label: 'Begründung', kind: 'rich' },
  { key: 'legalBasis', number: 5, label: 'Rechtsgrundlagen', kind: 'plain' },
  { key: 'policyArea', number: 6, label: 'Politik-/Querschnittsfeld', kind: 'plain' },
  { key: 'financialImpact', number: 7, label: 'Finanzielle Auswirkungen', kind: 'plain' },
  {
    key: 'sustainabilityImpact',
    number: 8,
    label: 'Auswirkungen auf eine nachhaltige Entwicklung',
    kind: 'plain',
  },
] as const;

export type TextSection = (typeof TEXT_SECTIONS)[number];
export type SectionKey = TextSection['key'];

export const SECTION_KEYS: readonly SectionKey[] = TEXT_SECTIONS.map((section) => section.key);

export const GENERATED_SECTIONS = [
  { key: 'publication', number: 9, label: 'Veröffentlichung' },
  { key: 'coSignedBy', number: 10, label: 'Die Vorlage hat mitgezeichnet' },
] as const;

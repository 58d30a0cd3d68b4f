// The default office catalogue: the 13 standing members of the AG Planung (seed 000), the SPK that
// runs the process (seed 004) and the Bezirksamt board itself (home of rapporteurs, auditors and
// admins). Ids are stable slugs: they appear in stream names (`office-<id>`) and in every event.
import { z } from 'zod';

export const OFFICE_KINDS = [
  'office',
  'delegate',
  'serviceUnit',
  'coordination',
  'board',
  /** D-164: an employee representation (Personalrat, …): takes part by Beteiligung, never signs. */
  'representation',
] as const;
export type OfficeKind = (typeof OFFICE_KINDS)[number];

export interface CatalogueOffice {
  readonly id: string;
  /** Full German name as the Bezirksamt writes it. */
  readonly name: string;
  /** Short name for tables and badges. */
  readonly shortName: string;
  readonly kind: OfficeKind;
  /** Takes part in Vorlagen as a co-writing / co-signing office (the AG Planung members and SPK). */
  readonly signsOff: boolean;
  /** One of the 13 standing members of the AG Planung (seed 000). */
  readonly agPlanung?: true;
  /**
   * D-157: a cross-cutting unit (Serviceeinheiten, Rechtsamt, Steuerungsdienst) that signs the
   * consolidated text after the specialist offices — the request form puts it in stage 2.
   */
  readonly crossCutting?: true;
}

export const OfficeIdSchema = z
  .string()
  .min(2)
  .max(60)
  .regex(
    /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/,
    'Die Kennung eines Amtes besteht aus Kleinbuchstaben, Ziffern und Bindestrichen.',
  );
export type OfficeId = z.infer<typeof OfficeIdSchema>;

export const SPK_OFFICE_ID = 'spk';
export const BOARD_OFFICE_ID = 'bezirksamt';

export const OFFICE_CATALOGUE = [
  {
    id: 'wirtschaftsfoerderung',
    name: 'Wirtschaftsförderung',
    shortName: 'WiFö',
    kind: 'office',
    signsOff: true,
    agPlanung: true,
  },
  {
    id: 'schul-und-sportamt',
    name: 'Schul- und Sportamt',
    shortName: 'SchuSport',
    kind: 'office',
    signsOff: true,
    agPlanung: true,
  },
  {
    id: 'jugendamt',
    name: 'Jugendamt',
    shortName: 'Jug',
    kind: 'office',
    signsOff: true,
    agPlanung: true,
  },
  {
    id: 'weiterbildung-und-kultur',
    name: 'Amt für Weiterbildung und Kultur',
    shortName: 'WbKult',
    kind: 'office',
    signsOff: true,
    agPlanung: true,
  },
  {
    id: 'soziales',
    name: 'Amt für Soziales',
    shortName: 'Soz',
    kind: 'office',
    signsOff: true,
    agPlanung: true,
  },
  {
    id: 'umwelt-und-naturschutz',
    name: 'Umwelt- und Naturschutzamt',
    shortName: 'UmNat',
    kind: 'office',
    signsOff: true,
    agPlanung: true,
  },
  {
    id: 'strassen-und-gruenflaechen',
    name: 'Straßen- und Grünflächenamt',
    shortName: 'SGA',
    kind: 'office',
    signsOff: true,
    agPlanung: true,
  },
  {
    id: 'stadtentwicklung',
    name: 'Stadtentwicklungsamt',
    shortName: 'Stapl',
    kind: 'office',
    signsOff: true,
    agPlanung: true,
  },
  {
    id: 'qpk',
    name: 'Qualitätsentwicklung, Planung und Koordination des öffentlichen Gesundheitsdienstes (QPK)',
    shortName: 'QPK',
    kind: 'office',
    signsOff: true,
    agPlanung: true,
  },
  {
    id: 'integration-und-partizipation',
    name: 'Beauftragte für Integration und Partizipation',
    shortName: 'IntPart',
    kind: 'delegate',
    signsOff: true,
    agPlanung: true,
  },
  {
    id: 'klimaschutz',
    name: 'Beauftragte für Klimaschutz',
    shortName: 'Klima',
    kind: 'delegate',
    signsOff: true,
    agPlanung: true,
  },
  {
    id: 'fm-hochbau',
    name: 'Serviceeinheit Facility Management - Hochbau',
    shortName: 'FM Hochbau',
    kind: 'serviceUnit',
    signsOff: true,
    agPlanung: true,
  },
  {
    id: 'fm-objektmanagement',
    name: 'Serviceeinheit Facility Management - Objektmanagement',
    shortName: 'FM Objekt',
    kind: 'serviceUnit',
    signsOff: true,
    agPlanung: true,
  },
  {
    id: 'se-finanzen',
    name: 'Serviceeinheit Finanzen',
    shortName: 'SE Fin',
    kind: 'serviceUnit',
    signsOff: true,
    crossCutting: true,
  },
  {
    id: 'se-personal',
    name: 'Serviceeinheit Personal',
    shortName: 'SE Pers',
    kind: 'serviceUnit',
    signsOff: true,
    crossCutting: true,
  },
  {
    id: 'se-facility-management',
    name: 'Serviceeinheit Facility Management',
    shortName: 'SE FM',
    kind: 'serviceUnit',
    signsOff: true,
    crossCutting: true,
  },
  {
    id: 'steuerungsdienst',
    name: 'Steuerungsdienst (Qualitätsentwicklung, Planung und Koordination)',
    shortName: 'SteuD',
    kind: 'serviceUnit',
    signsOff: true,
    crossCutting: true,
  },
  {
    id: 'rechtsamt',
    name: 'Rechtsamt',
    shortName: 'Recht',
    kind: 'office',
    signsOff: true,
    crossCutting: true,
  },
  {
    id: SPK_OFFICE_ID,
    name: 'Sozialraumorientierte Planungskoordination (Bezirkliche Planung und Koordinierung)',
    shortName: 'SPK',
    kind: 'coordination',
    signsOff: true,
  },
  {
    id: 'personalrat',
    name: 'Personalrat',
    shortName: 'PR',
    kind: 'representation',
    signsOff: false,
  },
  {
    id: 'frauenvertretung',
    name: 'Frauenvertretung',
    shortName: 'FrV',
    kind: 'representation',
    signsOff: false,
  },
  {
    id: 'schwerbehindertenvertretung',
    name: 'Schwerbehindertenvertretung',
    shortName: 'SBV',
    kind: 'representation',
    signsOff: false,
  },
  {
    id: 'jav',
    name: 'Jugend- und Auszubildendenvertretung',
    shortName: 'JAV',
    kind: 'representation',
    signsOff: false,
  },
  { id: BOARD_OFFICE_ID, name: 'Bezirksamt', shortName: 'BA', kind: 'board', signsOff: false },
] as const satisfies readonly CatalogueOffice[];

export type CatalogueOfficeId = (typeof OFFICE_CATALOGUE)[number]['id'];

/** The 13 standing members of the AG Planung, in the seed's order. */
export const MEMBER_OFFICE_IDS: readonly string[] = OFFICE_CATALOGUE.filter(
  (office: CatalogueOffice) => office.agPlanung === true,
).map((office) => office.id);

/** D-164: the employee representations, in catalogue order. */
export const REPRESENTATION_IDS: readonly string[] = OFFICE_CATALOGUE.filter(
  (office: CatalogueOffice) => office.kind === 'representation',
).map((office) => office.id);

/** D-157: whether an office is one of the cross-cutting units that sign in a later stage. */
export function isCrossCutting(officeId: string): boolean {
  return findCatalogueOffice(officeId)?.crossCutting === true;
}

export function findCatalogueOffice(id: string): CatalogueOffice | undefined {
  return OFFICE_CATALOGUE.find((office) => office.id === id);
}

import { describe, expect, it } from 'vitest';
import {
  BOARD_OFFICE_ID,
  isCrossCutting,
  MEMBER_OFFICE_IDS,
  OFFICE_CATALOGUE,
  OfficeIdSchema,
  SPK_OFFICE_ID,
} from './catalogue';

describe('office catalogue (D-60)', () => {
  it('D-60: holds the 13 AG Planung members of seed 000 plus SPK and the Bezirksamt', () => {
    expect(MEMBER_OFFICE_IDS).toHaveLength(13);
    expect(OFFICE_CATALOGUE).toHaveLength(24);
    expect(OFFICE_CATALOGUE.map((office) => office.id)).toContain(SPK_OFFICE_ID);
    expect(OFFICE_CATALOGUE.map((office) => office.id)).toContain(BOARD_OFFICE_ID);
  });

  it('D-157: the Serviceeinheiten and the Rechtsamt are cross-cutting; no AG Planung member is', () => {
    expect(OFFICE_CATALOGUE.filter((office) => isCrossCutting(office.id)).map((o) => o.id)).toEqual(
      ['se-finanzen', 'se-personal', 'se-facility-management', 'steuerungsdienst', 'rechtsamt'],
    );
    expect(MEMBER_OFFICE_IDS.some(isCrossCutting)).toBe(false);
  });

  it('D-60: ids are unique, valid slugs usable in stream names', () => {
    const ids = OFFICE_CATALOGUE.map((office) => office.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(OfficeIdSchema.safeParse(id).success).toBe(true);
    const shortNames = OFFICE_CATALOGUE.map((office) => office.shortName);
    expect(new Set(shortNames).size).toBe(shortNames.length);
  });

  it('D-60: names follow the seed verbatim', () => {
    expect(OFFICE_CATALOGUE.map((office) => office.name).slice(0, 13)).toEqual([
      'Wirtschaftsförderung',
      'Schul- und Sportamt',
      'Jugendamt',
      'Amt für Weiterbildung und Kultur',
      'Amt für Soziales',
      'Umwelt- und Naturschutzamt',
      'Straßen- und Grünflächenamt',
      'Stadtentwicklungsamt',
      'Qualitätsentwicklung, Planung und Koordination des öffentlichen Gesundheitsdienstes (QPK)',
      'Beauftragte für Integration und Partizipation',
      'Beauftragte für Klimaschutz',
      'Serviceeinheit Facility Management - Hochbau',
      'Serviceeinheit Facility Management - Objektmanagement',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { OFFICE_CATALOGUE } from '../domain/offices/catalogue';
import {
  coSignedByText,
  officialDocument,
  officialPlainText,
  splitRapporteur,
} from './official-document';
import { diffTexts } from './text-diff';
import { fassung, hash, sectionHashesOf } from '../domain/testing/fixtures';
import type { SectionKey } from '../domain/text/sections';

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

const input = {
  title: 'Einsetzung der AG Planung',
  sessionDate: '2026-05-19',
  rapporteurName: 'Bezirksstadträtin Carolina Böhm',
  text: {
    subject: [paragraph('Einsetzung der AG Planung')],
    rapporteur: [paragraph('Bezirksstadträtin Carolina Böhm')],
    legalBasis: [paragraph('§ 36 Abs. 2 Buchst. h) Bezirksverwaltungsgesetz')],
  },
  fassungHash: 'a'.repeat(64),
  bvvNumber: '471/V',
  coSignedByText: './.',
};

describe('official layout (seed 000)', () => {
  it('has the seed header, sections 1–10 in order and the signature block', () => {
    const document = officialDocument(input);
    expect(document.heading).toBe(
      'Vorlage zur Beschlussfassung für die Bezirksamtssitzung am 19.05.2026',
    );
    expect(document.sections.map((section) => `${section.number}. ${section.label}`)).toEqual([
      '1. Gegenstand der Vorlage',
      '2. Berichterstatter/in',
      '3. Beschlussentwurf',
      '4. Begründung',
      '5. Rechtsgrundlagen',
      '6. Politik-/Querschnittsfeld',
      '7. Finanzielle Auswirkungen',
      '8. Auswirkungen auf eine nachhaltige Entwicklung',
      '9. Veröffentlichung (BVV-BNr: 471/V)',
      '10. Die Vorlage hat mitgezeichnet',
    ]);
    expect(document.signature).toEqual({ name: 'Carolina Böhm', title: 'Bezirksstadträtin' });
    const text = officialPlainText(document);
    expect(
      text.startsWith('Vorlage\nzur Beschlussfassung\nfür die Bezirksamtssitzung am 19.05.2026\n'),
    ).toBe(true);
    expect(text).toContain(
      '5. Rechtsgrundlagen:\n§ 36 Abs. 2 Buchst. h) Bezirksverwaltungsgesetz\n',
    );
    expect(text).toContain('9. Veröffentlichung (BVV-BNr: 471/V):\nja\n');
    // Empty sections print the seed's placeholder.
    expect(text).toContain('8. Auswirkungen auf eine nachhaltige Entwicklung:\n./.\n');
    expect(text.endsWith('Carolina Böhm\nBezirksstadträtin\n')).toBe(true);
  });

  it('says "nein" for section 9 before publication', () => {
    const document = officialDocument({ ...input, bvvNumber: null });
    expect(document.sections[8]).toMatchObject({ label: 'Veröffentlichung', text: 'nein' });
  });

  it('keeps a rapporteur without a known title whole', () => {
    expect(splitRapporteur('Dr. Erika Muster')).toEqual({ name: 'Dr. Erika Muster', title: null });
    expect(splitRapporteur('Bezirksbürgermeisterin Anna Beispiel')).toEqual({
      name: 'Anna Beispiel',
      title: 'Bezirksbürgermeisterin',
    });
  });

  it('section 10 lists only approvals of exactly the printed Fassung, in catalogue order', () => {
    const printed = fassung('b');
    const signOffs = [
      { officeId: 'soziales', status: 'approved' as const, fassung: printed },
      { officeId: 'jugendamt', status: 'approvedWithRemarks' as const, fassung: printed },
      { officeId: 'wirtschaftsfoerderung', status: 'approved' as const, fassung: fassung('c') },
      { officeId: 'umwelt-und-naturschutz', status: 'refused' as const, fassung: printed },
      { officeId: 'schul-und-sportamt', status: 'pending' as const, fassung: null },
    ];
    expect(coSignedByText(signOffs, printed, OFFICE_CATALOGUE)).toBe('Jugendamt, Amt für Soziales');
    expect(coSignedByText([], printed, OFFICE_CATALOGUE)).toBe('./.');
  });

  it('D-152: section 10 names a scope that is not the whole text; an edit outside it keeps the office', () => {
    const signed = fassung('b');
    const printed = {
      textHash: hash('d'),
      sectionHashes: sectionHashesOf('b', { justification: 'e' }),
    };
    const signOffs = [
      {
        officeId: 'jugendamt',
        status: 'approved' as const,
        fassung: signed,
        scope: ['legalBasis', 'financialImpact'] as SectionKey[],
      },
      { officeId: 'soziales', status: 'approved' as const, fassung: signed },
    ];
    expect(coSignedByText(signOffs, printed, OFFICE_CATALOGUE)).toBe(
      'Jugendamt (Abschnitte 5 (Rechtsgrundlagen), 7 (Finanzielle Auswirkungen))',
    );
  });
});

describe('diff between Fassungen', () => {
  it('marks inserted and removed words per section and counts them', () => {
    const sections = diffTexts(
      { justification: [paragraph('Die AG tagt monatlich.')] },
      { justification: [paragraph('Die AG tagt alle zwei Monate.')] },
    );
    const justification = sections.find((section) => section.section === 'justification')!;
    expect(justification.changed).toBe(true);
    expect(
      justification.parts
        .filter((p) => p.kind === 'removed')
        .map((p) => p.value)
        .join(''),
    ).toContain('monatlich');
    expect(
      justification.parts
        .filter((p) => p.kind === 'added')
        .map((p) => p.value)
        .join(''),
    ).toContain('zwei');
    expect(justification.addedWords).toBeGreaterThanOrEqual(2);
    expect(sections.filter((section) => section.changed)).toHaveLength(1);
  });
});

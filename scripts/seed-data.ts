// The demo data of the embedded default setup: one user per role (and a co-writer plus a signer for
// every member office), and the Vorlage of seed 000 ("Einsetzung der AG Planung") as the example.
import {
  BOARD_OFFICE_ID,
  OFFICE_CATALOGUE,
  SPK_OFFICE_ID,
  type CatalogueOffice,
} from '../domain/offices/catalogue';
import type { Role } from '../domain/shared/actor';
import type { PmNode, VorlageText } from '../domain/text/canonical';

export const DEMO_PASSWORD = 'vorlagen-demo';

export interface DemoUser {
  readonly login: string;
  readonly displayName: string;
  readonly officeId: string;
  readonly role: Role;
  /** German, for the start banner. */
  readonly description: string;
}

// Demo people carry person names, as real accounts do: carets, presence and the audit trail then
// read "Anna Krüger · Jugendamt", not "Bearbeitung Jug". The name of the n-th demo account is
// first name n mod 24 with surname n mod 25, which stays unique for far more accounts than exist.
const FIRST_NAMES = [
  'Anna',
  'Lukas',
  'Sabine',
  'Thomas',
  'Miriam',
  'Kemal',
  'Julia',
  'Stefan',
  'Aylin',
  'Peter',
  'Katrin',
  'Jan',
  'Nadine',
  'Markus',
  'Leonie',
  'Deniz',
  'Birgit',
  'Frank',
  'Sophie',
  'Tobias',
  'Elif',
  'Michael',
  'Ines',
  'Oliver',
] as const;
const SURNAMES = [
  'Krüger',
  'Schulz',
  'Yılmaz',
  'Hoffmann',
  'Wagner',
  'Becker',
  'Schmidt',
  'Neumann',
  'Lehmann',
  'Koch',
  'Klein',
  'Wolf',
  'Schröder',
  'Braun',
  'Zimmermann',
  'Hartmann',
  'Krause',
  'Lange',
  'Schmitt',
  'Werner',
  'Meier',
  'Lorenz',
  'Kaya',
  'Fischer',
  'Nowak',
] as const;

/** The n-th demo person's name (deterministic, so logins keep their names across restarts). */
export function demoPersonName(index: number): string {
  return `${FIRST_NAMES[index % FIRST_NAMES.length]} ${SURNAMES[index % SURNAMES.length]}`;
}

const PRINCIPAL_USERS: readonly DemoUser[] = [
  {
    login: 'spk',
    displayName: 'Dana Richter',
    officeId: SPK_OFFICE_ID,
    role: 'coordination',
    description: 'SPK (Koordination)',
  },
  {
    login: 'boehm',
    displayName: 'Carolina Böhm',
    officeId: BOARD_OFFICE_ID,
    role: 'rapporteur',
    description: 'Berichterstatterin (Bezirksstadträtin)',
  },
  {
    login: 'pruefung',
    displayName: 'Jonas Weber',
    officeId: BOARD_OFFICE_ID,
    role: 'auditor',
    description: 'Prüfung (nur lesen)',
  },
  {
    login: 'admin',
    displayName: 'Ralf Günther',
    officeId: BOARD_OFFICE_ID,
    role: 'admin',
    description: 'Benutzer und Ämter verwalten',
  },
];

/** D-164: one member account per employee representation (login = its id), for Stellungnahmen. */
const REPRESENTATIONS = OFFICE_CATALOGUE.filter(
  (office: CatalogueOffice) => office.kind === 'representation',
);
const REPRESENTATION_USERS: readonly DemoUser[] = REPRESENTATIONS.map((office, index) => ({
  login: office.id,
  // After the two accounts of every co-signing office (below).
  displayName: demoPersonName(200 + index),
  officeId: office.id,
  role: 'member' as const,
  description: `${office.name}: Beteiligung`,
}));

const OFFICE_USERS: readonly DemoUser[] = OFFICE_CATALOGUE.filter(
  (office) => office.signsOff && office.id !== SPK_OFFICE_ID,
).flatMap((office, index) => [
  {
    login: office.id,
    displayName: demoPersonName(2 * index),
    officeId: office.id,
    role: 'member' as const,
    description: `${office.name}: Bearbeitung`,
  },
  {
    login: `${office.id}.zeichnung`,
    displayName: demoPersonName(2 * index + 1),
    officeId: office.id,
    role: 'signer' as const,
    description: `${office.name}: Mitzeichnung`,
  },
]);

export const DEMO_USERS: readonly DemoUser[] = [
  ...PRINCIPAL_USERS,
  ...OFFICE_USERS,
  ...REPRESENTATION_USERS,
];

/** What the start banner lists: the principal logins and one office as an example of the pattern. */
export const BANNER_USERS: readonly DemoUser[] = [
  ...PRINCIPAL_USERS,
  ...OFFICE_USERS.filter((user) => user.officeId === 'jugendamt'),
];

export const EXAMPLE_VORLAGE_ID = 'ag-planung-2026';

const paragraph = (text: string): PmNode => ({
  type: 'paragraph',
  content: [{ type: 'text', text }],
});
const bulletList = (items: readonly string[]): PmNode => ({
  type: 'bulletList',
  content: items.map((item) => ({ type: 'listItem', content: [paragraph(item)] })),
});

/** Seed 000's sections 1–8, verbatim. */
export const EXAMPLE_VORLAGE_TEXT: VorlageText = {
  subject: [paragraph('Einsetzung der AG Planung')],
  rapporteur: [paragraph('Bezirksstadträtin Carolina Böhm')],
  draftResolution: [
    paragraph(
      'Das Bezirksamt beschließt, die AG Planung als ständiges Unterstützungs-, Vernetzungs- und Koordinationsgremium des Bezirksamtes einzurichten.',
    ),
  ],
  justification: [
    paragraph(
      'Ziel der Arbeit der AG Planung ist es, eine bessere Kooperation und Koordination bei ämterübergreifenden Maßnahmen der Ämter, Fachbereiche und bezirklichen Beauftragten zu erreichen. Zudem wird die Vernetzung und der Wissensaustausch verbessert.',
    ),
    paragraph(
      'Grundsätzlich nimmt die AG Planung im Hinblick auf die Erarbeitung von Handlungsempfehlungen, Planung und Umsetzung von ämterübergreifenden Maßnahmen z.B. zur Aufwertung der Stadtteile sowie der Schaffung neuer sozialer und grüner Infrastruktur für das Bezirksamt eine beratende und entscheidungsvorbereitende Funktion ein.',
    ),
    paragraph('Die AG Planung hat die folgenden Aufgaben:'),
    bulletList([
      'Beratung des Bezirksamtes und der Amts- und SE-Leitungen in Fragen sozialraumorientierter Strukturen und Handlungsweisen und im Hinblick auf die Durchführung von Förderprogrammen.',
      'Ressortübergreifende Information, Kooperation und Planungsabstimmung in enger Rückkopplung mit politischer und fachlicher Leitung.',
      'Fachliche Abstimmung und Weiterentwicklung des bezirklichen Soziale Infrastruktur Konzepts (SiKo) in enger Kooperation mit der bezirklichen SIKo-Koordination.',
      'Ressortübergreifende Information über Vorhaben und Planungen (Förderkulissen, Ressortprogramme, Fachplanungen und ausgewählte Aktivitäten der Ressorts auf Landesebene).',
      'Erarbeitung von Planungs- und Entscheidungsgrundlagen zur Umsetzung der Sozialraumorientierung.',
      'Mitwirkung bei der Erarbeitung der Bezirksregionenprofile Teil 1 und 2.',
      'Prüfung und Abstimmung des bezirklichen Datenpools zur dauerhaften Sicherstellung eines datenbasierten Verwaltungshandelns.',
      'Vorbereitung und inhaltliche Abstimmung von Bezirksamtsvorlagen nach Auftrag des Bezirksamtes.',
    ]),
    paragraph(
      'Das Bezirksamt kann der AG Planung auch explizit einen Auftrag z.B. zur Beratung eines konkreten Projektes zuweisen.',
    ),
    paragraph(
      'Die AG Planung trifft sich regelmäßig alle zwei Monate. Die Leitung der SPK lädt zu den Sitzungen ein und ist für die Vorbereitung, Durchführung sowie Nachbereitung der Termine inkl. Protokollführung zuständig. Über die Arbeit der AG Planung berichtet die Leitung der SPK dem Bezirksamt regelmäßig.',
    ),
    paragraph(
      'Zur genaueren Aufgabenbeschreibung kann sich die AG Planung im Auftrag des Bezirksamtes eine Geschäftsordnung geben.',
    ),
    paragraph(
      'Ständige Mitglieder der AG Planung sind folgende Ämter/Organisationseinheiten/Beauftragte:',
    ),
    bulletList(
      OFFICE_CATALOGUE.filter((office: CatalogueOffice) => office.agPlanung === true).map(
        (office) => office.name,
      ),
    ),
    paragraph('Die Mitglieder entsenden eine dauerhafte Vertretung zu den Sitzungen.'),
    paragraph(
      'Weitere Ämter, Organisationseinheiten und Beauftragte können an den Sitzungen teilnehmen oder bei Bedarf themenbezogen eingeladen werden.',
    ),
  ],
  legalBasis: [paragraph('§ 36 Abs. 2 Buchst. h) Bezirksverwaltungsgesetz')],
  policyArea: [paragraph('Organisation, Prozesse, Digitalisierung')],
  financialImpact: [paragraph('Keine')],
  sustainabilityImpact: [paragraph('./.')],
};

export const EXAMPLE_VORLAGE = {
  vorlageId: EXAMPLE_VORLAGE_ID,
  title: 'Einsetzung der AG Planung',
  leadOfficeId: SPK_OFFICE_ID,
  rapporteur: { name: 'Bezirksstadträtin Carolina Böhm', userId: null },
  /** Replaced by the seed with an upcoming session of the calendar. */
  targetSessionDate: '2026-05-19',
  initialText: EXAMPLE_VORLAGE_TEXT,
} as const;

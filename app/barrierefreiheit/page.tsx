// Erklärung zur Barrierefreiheit (BITV 2.0 / BIKTG Berlin): state of compliance, known barriers,
// how the statement was made, and the feedback form. Public: no sign-in needed.
import type { Metadata } from 'next';
import { FeedbackForm } from '../_features/feedback/feedback-form';
import './statement.css';

export const metadata: Metadata = { title: 'Erklärung zur Barrierefreiheit' };
export const dynamic = 'force-dynamic';

/** When the statement was last reviewed; update it with every review (BITV 2.0 § 7). */
const STATEMENT_DATE = '21.11.2026';

type SearchParams = Record<string, string | string[] | undefined>;

export default async function AccessibilityStatementPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const query = await searchParams;
  return (
    <div className="stack accessibility-statement">
      <div className="page-head">
        <h1>Erklärung zur Barrierefreiheit</h1>
        <p className="lead">
          Das Bezirksamt ist bemüht, die Anwendung „Vorlagen“ im Einklang mit dem
          Barrierefreie-IKT-Gesetz Berlin (BIKTG) und der
          Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu machen.
        </p>
      </div>

      <section aria-labelledby="geltung" className="card">
        <h2 id="geltung" className="card__title">
          Geltungsbereich
        </h2>
        <p>
          Diese Erklärung gilt für die Web-Anwendung zum gemeinsamen Erarbeiten, Mitzeichnen und
          Prüfen von Vorlagen zur Beschlussfassung des Bezirksamtes: Anmeldung, Liste der Vorlagen,
          Bearbeitung einer Vorlage, Übersicht der SPK, Eingang der Ämter, Historie mit Prüfung,
          Druckansicht und Export.
        </p>
      </section>

      <section aria-labelledby="stand" className="card">
        <h2 id="stand" className="card__title">
          Stand der Vereinbarkeit mit den Anforderungen
        </h2>
        <p>
          Die Anwendung ist mit den Anforderungen der BITV 2.0 (WCAG 2.1, Stufe AA){' '}
          <strong>weitgehend vereinbar</strong>. Alle Funktionen sind mit der Tastatur bedienbar,
          der Tastaturfokus ist sichtbar, die Sprache der Seiten ist als Deutsch ausgezeichnet, alle
          Eingabefelder sind beschriftet, und Zustände (etwa „überfällig“ oder „abgelehnt“) werden
          nicht allein durch Farbe vermittelt.
        </p>
      </section>

      <section aria-labelledby="nicht-barrierefrei" className="card">
        <h2 id="nicht-barrierefrei" className="card__title">
          Nicht barrierefreie Inhalte
        </h2>
        <ul>
          <li>
            Beim gemeinsamen Bearbeiten werden die Schreibmarken anderer Personen nur visuell
            angezeigt; Screenreader erhalten dazu keine fortlaufende Ansage. Wer gerade an der
            Vorlage arbeitet, steht als Liste über dem Text.
          </li>
          <li>
            Die Matrix „Vorlagen × Ämter“ der Übersicht ist auf kleinen Bildschirmen nur mit
            waagerechtem Blättern vollständig lesbar. Dieselben Angaben stehen in der Listenansicht.
          </li>
          <li>
            Die PDF-Fassung entsteht über die Druckfunktion des Browsers und ist nicht als
            barrierefreies PDF/UA ausgezeichnet. Der Text steht zusätzlich als HTML-Druckansicht und
            als maschinenlesbarer Export bereit.
          </li>
        </ul>
      </section>

      <section aria-labelledby="erstellung" className="card">
        <h2 id="erstellung" className="card__title">
          Erstellung dieser Erklärung
        </h2>
        <p>
          Diese Erklärung wurde am {STATEMENT_DATE} erstellt. Sie beruht auf einer Selbstbewertung.
          Jede Seite wird bei jeder Änderung automatisiert mit axe-core geprüft; die Arbeitsabläufe
          werden zusätzlich allein mit der Tastatur durchgespielt.
        </p>
      </section>

      <section aria-labelledby="rueckmeldung" className="card">
        <h2 id="rueckmeldung" className="card__title">
          Rückmeldung und Kontakt
        </h2>
        <p>
          Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Dann teilen Sie uns diese bitte
          mit. Wir antworten innerhalb von sechs Wochen, wenn Sie uns eine Kontaktmöglichkeit
          nennen. Eine Anmeldung ist dafür nicht nötig.
        </p>
        <FeedbackForm
          sentWithoutJs={query.gesendet === '1'}
          failedWithoutJs={query.fehler === '1'}
        />
      </section>

      <section aria-labelledby="durchsetzung" className="card">
        <h2 id="durchsetzung" className="card__title">
          Durchsetzungsverfahren
        </h2>
        <p>
          Wenn Sie auf Ihre Rückmeldung keine oder keine zufriedenstellende Antwort erhalten, können
          Sie sich an die Landesbeauftragte oder den Landesbeauftragten für digitale
          Barrierefreiheit des Landes Berlin wenden. Das Verfahren ist kostenfrei.
        </p>
      </section>
    </div>
  );
}

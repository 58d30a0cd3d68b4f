// "Ämter" (Verwaltung): the office catalogue with the people in each office, and every deputy
// arrangement (Vertretung) that is in force or planned. Arrangements are made in the account of the
// represented signer. Admins only (D-57).
import type { Metadata } from 'next';
import Link from 'next/link';
import { formatDate } from '../../../wording/format';
import { ARRANGEMENT_STATUS_LABELS, labelOf, OFFICE_KIND_LABELS } from '../../../wording/labels';
import { allUsers } from '../../_lib/directory-reads';
import { guardAdminPage } from '../../_lib/page-guard';
import {
  arrangementStatus,
  berlinToday,
  officeEntries,
} from '../../_features/directory/directory-view';
import { NewOfficeForm } from '../../_features/directory/new-office-form';
import { OFFICE_KINDS } from '../../../domain/offices/catalogue';
import '../../_features/directory/directory.css';

export const metadata: Metadata = { title: 'Ämter · Verwaltung' };
export const dynamic = 'force-dynamic';

const yesNo = (flag: boolean | null) => (flag === null ? '–' : flag ? 'ja' : 'nein');

export default async function OfficesPage() {
  await guardAdminPage();
  const [offices, users] = await Promise.all([officeEntries(), allUsers()]);
  const today = berlinToday();
  const showsCrossCutting = offices.some((office) => office.crossCutting !== null);
  const activeIn = (officeId: string) =>
    users.filter((user) => user.status === 'active' && user.officeId === officeId).length;
  const names = new Map(users.map((user) => [user.userId, user.displayName]));
  const officeNames = new Map(offices.map((office) => [office.id, office.name]));
  const arrangements = users.flatMap((principal) =>
    principal.arrangements
      .map((arrangement) => ({
        principal,
        arrangement,
        status: arrangementStatus(arrangement, today),
      }))
      .filter(({ status }) => status === 'inForce' || status === 'upcoming'),
  );

  return (
    <div className="stack">
      <div className="page-head">
        <h1>Ämter</h1>
        <p className="lead">
          Der Ämterkatalog des Bezirksamts mit der Zahl der aktiven Konten je Amt, und die geltenden
          und geplanten Vertretungen.
        </p>
      </div>

      <section className="card" aria-labelledby="aemter-katalog">
        <h2 id="aemter-katalog" className="card__title">
          Ämterkatalog
        </h2>
        <div className="table-wrap">
          <table className="table admin-table">
            <caption className="visually-hidden">Ämterkatalog</caption>
            <thead>
              <tr>
                <th scope="col">Amt</th>
                <th scope="col">Kurzname</th>
                <th scope="col">Art</th>
                <th scope="col">Zeichnet mit</th>
                {showsCrossCutting ? <th scope="col">Querschnitt</th> : null}
                <th scope="col">Aktive Konten</th>
              </tr>
            </thead>
            <tbody>
              {offices.map((office) => (
                <tr key={office.id}>
                  <th scope="row">{office.name}</th>
                  <td>{office.shortName}</td>
                  <td>{labelOf(OFFICE_KIND_LABELS, office.kind)}</td>
                  <td>{yesNo(office.signsOff)}</td>
                  {showsCrossCutting ? <td>{yesNo(office.crossCutting)}</td> : null}
                  <td>
                    <Link
                      href={`/verwaltung/benutzer?suche=${encodeURIComponent(office.name)}`}
                      aria-label={`${activeIn(office.id)} aktive Konten im Amt ${office.name} anzeigen`}
                    >
                      {activeIn(office.id)}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <NewOfficeForm
        kinds={OFFICE_KINDS.map((kind) => ({
          value: kind,
          label: labelOf(OFFICE_KIND_LABELS, kind),
        }))}
      />

      <section className="card" aria-labelledby="aemter-vertretungen">
        <h2 id="aemter-vertretungen" className="card__title">
          Vertretungen
        </h2>
        <p className="muted">
          Eine Person mit der Rolle „Zeichnung“ kann für einen Zeitraum durch eine andere desselben
          Amtes vertreten werden. Eintragen und widerrufen Sie Vertretungen im Konto der vertretenen
          Person.
        </p>
        {arrangements.length > 0 ? (
          <div className="table-wrap">
            <table className="table admin-table">
              <caption className="visually-hidden">Geltende und geplante Vertretungen</caption>
              <thead>
                <tr>
                  <th scope="col">Amt</th>
                  <th scope="col">Vertreten wird</th>
                  <th scope="col">durch</th>
                  <th scope="col">Zeitraum</th>
                  <th scope="col">Stand</th>
                </tr>
              </thead>
              <tbody>
                {arrangements.map(({ principal, arrangement, status }) => (
                  <tr key={arrangement.arrangementId}>
                    <td>{officeNames.get(arrangement.officeId) ?? arrangement.officeId}</td>
                    <td>
                      <Link href={`/verwaltung/benutzer/${principal.userId}`}>
                        {principal.displayName}
                      </Link>
                    </td>
                    <td>{names.get(arrangement.deputyUserId) ?? 'unbekanntes Konto'}</td>
                    <td>
                      {formatDate(arrangement.validFrom)} bis {formatDate(arrangement.validUntil)}
                    </td>
                    <td>{labelOf(ARRANGEMENT_STATUS_LABELS, status)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="empty-state">Zurzeit gilt keine Vertretung und keine ist geplant.</p>
        )}
      </section>
    </div>
  );
}

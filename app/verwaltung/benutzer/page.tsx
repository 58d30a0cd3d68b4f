// "Benutzer" (Verwaltung): every account with search and paging, and the form for a new one.
// Admins only (D-57) — the guard answers everyone else with 403 before anything is read.
import type { Metadata } from 'next';
import Link from 'next/link';
import { labelOf, ROLE_LABELS, USER_STATUS_LABELS } from '../../../wording/labels';
import { guardAdminPage } from '../../_lib/page-guard';
import { PageNav, readPageParams } from '../../_components/page-nav';
import { firstParam, type SearchParams } from '../../_components/page-params';
import { NewUserForm } from '../../_features/directory/new-user-form';
import {
  officeChoices,
  officeEntries,
  roleChoices,
  usersPage,
} from '../../_features/directory/directory-view';
import '../../_features/directory/directory.css';

export const metadata: Metadata = { title: 'Benutzer · Verwaltung' };
export const dynamic = 'force-dynamic';

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await guardAdminPage();
  const params = await searchParams;
  const search = firstParam(params.suche).slice(0, 200);
  const paging = readPageParams(params);
  const offices = await officeEntries();
  const names = new Map(offices.map((office) => [office.id, office.name]));
  const officeNameOf = (officeId: string) => names.get(officeId) ?? officeId;
  const page = await usersPage(search, paging, officeNameOf);
  const query = new URLSearchParams(search ? { suche: search } : {});

  return (
    <div className="stack">
      <div className="page-head">
        <h1>Benutzer</h1>
        <p className="lead">
          Benutzerkonten anlegen, Rolle ändern, deaktivieren und Passwörter zurücksetzen.
          Vertretungen regeln Sie im Konto der vertretenen Person.
        </p>
      </div>

      <NewUserForm offices={officeChoices(offices)} roles={roleChoices()} />

      <section className="card" aria-labelledby="benutzer-liste">
        <h2 id="benutzer-liste" className="card__title">
          Alle Benutzerkonten
        </h2>
        <form method="get" action="/verwaltung/benutzer" className="filter-form" role="search">
          <div className="field">
            <label htmlFor="benutzer-suche">Suche nach Name, Anmeldename oder Amt</label>
            <input id="benutzer-suche" name="suche" type="search" defaultValue={search} />
          </div>
          <div className="filter-form__actions">
            <button type="submit" className="button button--secondary">
              Suchen
            </button>
            {search ? (
              <Link href="/verwaltung/benutzer" className="link-button">
                Suche zurücksetzen
              </Link>
            ) : null}
          </div>
        </form>
        <p className="muted" aria-live="polite">
          {page.total === 1 ? '1 Benutzerkonto' : `${page.total} Benutzerkonten`}
          {search ? ` zu „${search}“` : ''}
        </p>
        {page.users.length > 0 ? (
          <div className="table-wrap">
            <table className="table admin-table">
              <caption className="visually-hidden">Benutzerkonten</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Anmeldename</th>
                  <th scope="col">Amt</th>
                  <th scope="col">Rolle</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {page.users.map((user) => (
                  <tr key={user.userId}>
                    <td>
                      <Link href={`/verwaltung/benutzer/${user.userId}`}>{user.displayName}</Link>
                    </td>
                    <td className="admin-table__login">{user.login}</td>
                    <td>{officeNameOf(user.officeId)}</td>
                    <td>{labelOf(ROLE_LABELS, user.role)}</td>
                    <td>{labelOf(USER_STATUS_LABELS, user.status)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="empty-state">Kein Benutzerkonto gefunden.</p>
        )}
        <PageNav
          path="/verwaltung/benutzer"
          query={query}
          page={paging}
          shown={page.users.length}
          total={page.total}
          nextCursor={page.nextCursor}
          label="Seiten der Benutzerliste"
        />
      </section>
    </div>
  );
}

// Paging of the long lists (Vorlagen, overview, history) through the query string: plain links
// (page-params.ts reads them). Keyset paging goes forward only; "Erste Seite" starts over with the
// same filter.
import Link from 'next/link';
import { LIST_PAGE_SIZE, type PageParams } from './page-params';

export { LIST_PAGE_SIZE, readPageParams } from './page-params';

function hrefWith(path: string, query: URLSearchParams, extra: Record<string, string>): string {
  const params = new URLSearchParams(query);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * "Seite 2 · 51–100 von 2.000" and the links to the first and the next page. `query` holds the
 * filter (without paging parameters); it is kept on every link.
 */
export function PageNav({
  path,
  query,
  page,
  shown,
  total,
  nextCursor,
  label,
}: {
  path: string;
  query: URLSearchParams;
  page: PageParams;
  shown: number;
  total: number;
  nextCursor: string | null;
  /** What the list holds, for the navigation's accessible name ("Seiten der Vorlagenliste"). */
  label: string;
}) {
  if (page.page === 1 && nextCursor === null) return null;
  const first = (page.page - 1) * LIST_PAGE_SIZE + 1;
  const number = new Intl.NumberFormat('de-DE');
  return (
    <nav className="page-nav" aria-label={label}>
      <p className="page-nav__status">
        Seite {number.format(page.page)} · {number.format(first)}–{number.format(first + shown - 1)}{' '}
        von {number.format(total)}
      </p>
      <ul className="page-nav__links">
        {page.page > 1 ? (
          <li>
            <Link href={hrefWith(path, query, {})} className="link-button">
              Erste Seite
            </Link>
          </li>
        ) : null}
        {nextCursor ? (
          <li>
            <Link
              href={hrefWith(path, query, { ab: nextCursor, seite: String(page.page + 1) })}
              className="button button--secondary"
              rel="next"
            >
              Nächste Seite
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

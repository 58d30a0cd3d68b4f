// Paging of the long lists (Vorlagen, overview, history) through the query string, so it works
// without JavaScript: `ab` carries the list's keyset cursor, `seite` the page number shown.
// Keyset paging goes forward only; "Erste Seite" starts over with the same filter.
import Link from 'next/link';
import { firstParam, type SearchParams } from './vorlagen-filter';

/** Rows per page of the long lists. */
export const LIST_PAGE_SIZE = 50;

export interface PageParams {
  /** The cursor of the page to show; absent on the first page. */
  readonly cursor?: string;
  /** 1-based; only labels the page (the cursor decides which rows it holds). */
  readonly page: number;
}

const CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,2000}$/;

/** The paging parameters of a request; malformed ones fall back to the first page. */
export function readPageParams(params: SearchParams): PageParams {
  const cursor = firstParam(params.ab);
  const page = Number(firstParam(params.seite));
  if (!CURSOR_PATTERN.test(cursor)) return { page: 1 };
  return { cursor, page: Number.isInteger(page) && page > 1 && page < 1_000_000 ? page : 2 };
}

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

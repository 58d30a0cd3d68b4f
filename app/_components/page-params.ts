// The paging parameters of the long lists' query strings (no React, so benchmarks can use them):
// `ab` carries the list's keyset cursor, `seite` the page number shown.

export type SearchParams = Record<string, string | string[] | undefined>;

export const firstParam = (value: string | string[] | undefined): string =>
  Array.isArray(value) ? (value[0] ?? '') : (value ?? '');

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

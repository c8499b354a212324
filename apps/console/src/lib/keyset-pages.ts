// Keyset paging as a person moves through a list: the cursors of the pages seen so far, so
// "Next page" asks for what follows the last row and "Previous page" goes back without offsets.

export interface KeysetPages {
  /** `after` of each page visited, the first page's being null; the last is the page shown. */
  readonly afters: readonly (string | null)[];
}

export const FIRST_PAGE: KeysetPages = { afters: [null] };

/** The `after` of the page shown. */
export function currentAfter(pages: KeysetPages): string | null {
  return pages.afters[pages.afters.length - 1] ?? null;
}

/** The page after the one shown, read from the shown page's `endCursor`; unchanged without one. */
export function nextPage(pages: KeysetPages, endCursor: string | null | undefined): KeysetPages {
  if (!endCursor) return pages;
  return { afters: [...pages.afters, endCursor] };
}

/** The page before the one shown; the first page stays the first. */
export function previousPage(pages: KeysetPages): KeysetPages {
  return pages.afters.length > 1 ? { afters: pages.afters.slice(0, -1) } : pages;
}

/** 1 for the first page. */
export function pageNumber(pages: KeysetPages): number {
  return pages.afters.length;
}

// Keyset paging as a person moves through it: the cursors of the pages already seen, so that
// "Previous" goes back to exactly the page it came from. Starting over (a new filter) forgets them.

export interface CursorStack {
  /** The `after` of the pages before this one; the current page's `after` is the last. */
  readonly cursors: readonly (string | null)[];
}

export const FIRST_PAGE: CursorStack = { cursors: [null] };

export function currentCursor(stack: CursorStack): string | null {
  return stack.cursors.at(-1) ?? null;
}

export function pageNumber(stack: CursorStack): number {
  return stack.cursors.length;
}

/** On to the page after `endCursor` (the current page's last row). */
export function nextPage(stack: CursorStack, endCursor: string | null | undefined): CursorStack {
  return endCursor ? { cursors: [...stack.cursors, endCursor] } : stack;
}

export function previousPage(stack: CursorStack): CursorStack {
  return stack.cursors.length > 1 ? { cursors: stack.cursors.slice(0, -1) } : stack;
}

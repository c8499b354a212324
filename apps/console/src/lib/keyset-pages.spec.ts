import { currentAfter, FIRST_PAGE, nextPage, pageNumber, previousPage } from './keyset-pages';

describe('keyset pages', () => {
  it('goes forward by the end cursor of the page shown and back by the cursors seen', () => {
    let pages = FIRST_PAGE;
    expect([currentAfter(pages), pageNumber(pages)]).toEqual([null, 1]);
    pages = nextPage(pages, 'c20');
    pages = nextPage(pages, 'c40');
    expect([currentAfter(pages), pageNumber(pages)]).toEqual(['c40', 3]);
    pages = previousPage(pages);
    expect([currentAfter(pages), pageNumber(pages)]).toEqual(['c20', 2]);
    pages = previousPage(previousPage(pages));
    expect([currentAfter(pages), pageNumber(pages)]).toEqual([null, 1]);
  });

  it('stays on the page shown without an end cursor', () => {
    expect(nextPage(FIRST_PAGE, null)).toBe(FIRST_PAGE);
    expect(nextPage(FIRST_PAGE, undefined)).toBe(FIRST_PAGE);
  });
});

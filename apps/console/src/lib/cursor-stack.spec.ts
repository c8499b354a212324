import { currentCursor, FIRST_PAGE, nextPage, pageNumber, previousPage } from './cursor-stack';

describe('keyset paging through a list', () => {
  it('starts on the first page, without a cursor', () => {
    expect(currentCursor(FIRST_PAGE)).toBeNull();
    expect(pageNumber(FIRST_PAGE)).toBe(1);
    expect(previousPage(FIRST_PAGE)).toBe(FIRST_PAGE);
  });

  it('goes forward by the end cursor and back to exactly the page it came from', () => {
    const second = nextPage(FIRST_PAGE, 'c1');
    const third = nextPage(second, 'c2');
    expect([currentCursor(third), pageNumber(third)]).toEqual(['c2', 3]);
    expect(currentCursor(previousPage(third))).toBe('c1');
    expect(currentCursor(previousPage(previousPage(third)))).toBeNull();
  });

  it('stays put when there is no end cursor', () => {
    expect(nextPage(FIRST_PAGE, null)).toBe(FIRST_PAGE);
    expect(nextPage(FIRST_PAGE, undefined)).toBe(FIRST_PAGE);
  });
});

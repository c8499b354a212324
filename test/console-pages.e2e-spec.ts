import { navOf } from '@apps/console/lib/navigation';
import type { AgencyType } from '@apps/console/lib/roles';
import { policyCast } from './support/case-fixtures';
import { ConsoleHarness, journey, PHONE, seriousViolations, startConsole } from './support/console';

type Cast = Awaited<ReturnType<typeof policyCast>>;

// Between them, their menus hold every page: a supervisor's has the caseworker's pages, a police
// supervisor's the liaison's. Each area's own spec checks its pages at both widths with data in them;
// this sweep checks the narrow width, where a layout breaks first.
const PERSONAS: { name: string; person: keyof Cast['people']; agencyType: AgencyType | null; caseToo: boolean }[] = [
  { name: 'supervisor', person: 'cwSup', agencyType: 'CHILD_WELFARE', caseToo: true },
  { name: 'police supervisor', person: 'pdSup', agencyType: 'LAW_ENFORCEMENT', caseToo: false },
  { name: 'auditor', person: 'auditor', agencyType: null, caseToo: false },
  { name: 'agency admin', person: 'cwAdmin', agencyType: 'CHILD_WELFARE', caseToo: false },
  { name: 'system admin', person: 'sysadmin', agencyType: null, caseToo: false },
];

// Every page of every role's menu, on a phone: it is there (not "Page not found"),
// it has its heading, axe-core finds no serious or critical violation, and the page logs no error
// (a script or style the content policy refused would be one).
describe('console: every page of every menu', () => {
  let h: ConsoleHarness;
  let cast: Cast;

  beforeAll(async () => {
    h = await startConsole();
    cast = await policyCast(h.t);
  }, 90_000);

  afterAll(async () => {
    await h?.close();
  });

  describe.each(PERSONAS)('$name', ({ name, person, agencyType, caseToo }) => {
    it('opens each page of the menu at 390 px, accessible and without errors', async () => {
      const viewport = PHONE;
      const user = cast.people[person];
      const paths = [...navOf({ role: user.role, agencyType }).map((item) => item.to), ...(caseToo ? [`/cases/${cast.K.id}`] : [])];
      const failures: string[] = [];
      const { page, problems, context } = await h.open('/sign-in', viewport);
      await journey(page, `pages-${name}-${viewport.width}`, () => h.signIn(page, user));
      for (const path of paths) {
        await page.goto(path);
        const heading = page.locator('main h2').first();
        const title = await heading.waitFor({ timeout: 8_000 }).then(() => heading.textContent(), () => '(no heading)');
        if (title === 'Page not found' || title === '(no heading)') failures.push(`${path}: ${title}`);
        for (const v of await seriousViolations(page)) failures.push(`${path}: ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
      }
      failures.push(...problems);
      await context.close();
      expect(failures).toEqual([]);
    }, 180_000);
  });
});

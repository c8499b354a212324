import { AgencyType, Role, Viewer } from '@tandem/authz';
import { Tx } from '@tandem/platform';

/** A demo user as the services see a signed-in viewer, so demo data goes through the same rules as the API. */
export async function demoViewer(tx: Tx, email: string): Promise<Viewer> {
  const [row] = await tx.query(
    `SELECT u.id AS "userId", u.email, u.display_name AS "displayName", u.role, u.agency_id AS "agencyId",
            a.type AS "agencyType", a.jurisdiction_id AS "jurisdictionId"
       FROM app_user u LEFT JOIN agency a ON a.id = u.agency_id WHERE u.email = $1`,
    [email],
  );
  if (!row) throw new Error(`demo user ${email} is missing`);
  return { ...row, sessionId: 'demo-seed', role: row.role as Role, agencyType: row.agencyType as AgencyType };
}

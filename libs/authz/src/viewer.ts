import { AgencyType, Role } from './vocabulary';

/** The signed-in user as every access decision sees them, re-read from the database on each request. */
export interface Viewer {
  userId: string;
  sessionId: string;
  email: string;
  displayName: string;
  role: Role;
  agencyId: string | null;
  agencyType: AgencyType | null;
  jurisdictionId: string | null;
}

export function seesCaseContent(viewer: Viewer): boolean {
  return viewer.role === Role.STAFF || viewer.role === Role.SUPERVISOR;
}

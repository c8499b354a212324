import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer, Viewer } from '@tandem/authz';
import { BadInputError } from '@tandem/platform';
import { AccountSession, AccountSessions } from '../account-sessions';
import { EndsBrowserSession } from '../browser-session';
import { SessionPolicy } from '../session.policies';
import { Session } from './session.model';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const toSession = (session: AccountSession): Session => ({ ...session, address: session.clientAddress });

/** A user's own sessions. */
@Resolver(() => Session)
export class SessionResolver {
  constructor(private readonly accountSessions: AccountSessions) {}

  @Query(() => [Session], { description: 'Your sessions still in force (not ended, expired or idle-locked), most recently used first' })
  @Allow(SessionPolicy.list)
  async sessions(@CurrentViewer() viewer: Viewer): Promise<Session[]> {
    return (await this.accountSessions.list(viewer)).map(toSession);
  }

  @Mutation(() => Boolean, {
    description: "Ends one of your sessions: its access and refresh tokens stop working at once. Another user's session, or one already ended, is NOT_FOUND",
  })
  @Allow(SessionPolicy.end)
  @EndsBrowserSession('when its id is the current session')
  async endSession(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    if (!UUID.test(id)) throw BadInputError.field('id', 'must be a session id');
    await this.accountSessions.end(viewer, id.toLowerCase());
    return true;
  }

  @Mutation(() => Int, { description: 'Ends every one of your sessions but this one; answers how many ended' })
  @Allow(SessionPolicy.end)
  endOtherSessions(@CurrentViewer() viewer: Viewer): Promise<number> {
    return this.accountSessions.endOthers(viewer);
  }
}

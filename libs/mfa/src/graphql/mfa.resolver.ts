import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer, Viewer } from '@tandem/authz';
import { BadInputError } from '@tandem/platform';
import { AllowedBeforeMfaEnrollment } from '../mfa.decorators';
import { MfaAdministrationService } from '../mfa-administration.service';
import { MfaEnrollmentService } from '../mfa-enrollment.service';
import { MfaPolicy } from '../mfa.policies';
import { MfaEnrollment, MfaRecoveryCodes, MfaStatus } from './mfa.model';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkId(path: string, value: string): void {
  if (!UUID.test(value)) throw BadInputError.field(path, 'must be an id');
}

@Resolver()
export class MfaResolver {
  constructor(
    private readonly enrollment: MfaEnrollmentService,
    private readonly administration: MfaAdministrationService,
  ) {}

  @Query(() => MfaStatus, { description: 'Whether you have a second factor, whether your account requires one, and how many recovery codes are left' })
  @Allow(MfaPolicy.manageOwn)
  @AllowedBeforeMfaEnrollment()
  myMfa(@CurrentViewer() viewer: Viewer): Promise<MfaStatus> {
    return this.enrollment.status(viewer);
  }

  @Mutation(() => MfaEnrollment, { description: 'Starts enrolling a time-based code app; confirm it with confirmMfaEnrollment and a first code' })
  @Allow(MfaPolicy.manageOwn)
  @AllowedBeforeMfaEnrollment()
  async startMfaEnrollment(@CurrentViewer() viewer: Viewer): Promise<MfaEnrollment> {
    const started = await this.enrollment.start(viewer);
    return { otpauthUri: started.uri, secret: started.secret };
  }

  @Mutation(() => MfaRecoveryCodes, { description: 'Confirms the enrolment with the code the app shows; answers the recovery codes, once' })
  @Allow(MfaPolicy.manageOwn)
  @AllowedBeforeMfaEnrollment()
  async confirmMfaEnrollment(@CurrentViewer() viewer: Viewer, @Args('code') code: string): Promise<MfaRecoveryCodes> {
    if (!/^\s*\d{6}\s*$/.test(code)) throw BadInputError.field('code', 'must be the 6 digits your app shows');
    return { recoveryCodes: await this.enrollment.confirm(viewer, code) };
  }

  @Mutation(() => Boolean, { description: "Removes a user's second factor and ends their sessions; they enrol again at the next sign-in. True when they had one" })
  @Allow(MfaPolicy.reset)
  resetUserMfa(@CurrentViewer() viewer: Viewer, @Args('userId', { type: () => ID }) userId: string): Promise<boolean> {
    checkId('userId', userId);
    return this.administration.reset(viewer, userId);
  }

  @Mutation(() => Boolean, { description: 'Whether the agency requires a second factor of all its users, on top of the roles and agency types that always do; answers the rule set' })
  @Allow(MfaPolicy.setAgencyRule)
  setAgencyMfaRequired(
    @CurrentViewer() viewer: Viewer,
    @Args('agencyId', { type: () => ID }) agencyId: string,
    @Args('required') required: boolean,
  ): Promise<boolean> {
    checkId('agencyId', agencyId);
    return this.administration.setAgencyRule(viewer, agencyId, required);
  }
}

import { SetMetadata } from '@nestjs/common';

/** Metadata key of the access policy every GraphQL operation and HTTP route declares. */
export const ACCESS_POLICY = 'tandem:access-policy';

/** An HTTP endpoint open without sign-in, on purpose (health probes, metrics scraping). */
export const OpenEndpoint = (why: string) => SetMetadata(ACCESS_POLICY, { kind: 'public', why });

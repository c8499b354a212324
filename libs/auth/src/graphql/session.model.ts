import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One of your sessions still in force (one per sign-in)' })
export class Session {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: 'The browser or client and its operating system, coarsely ("Firefox on Windows"), from when it signed in' })
  device!: string | null;
  @Field(() => String, { nullable: true, description: 'The client address it signed in from' })
  address!: string | null;
  @Field({ description: 'When it signed in' }) createdAt!: Date;
  @Field({ description: 'When it was last used (refreshed); unused for SESSION_IDLE_MINUTES, it is locked and ends' }) lastUsedAt!: Date;
  @Field({ description: 'When it ends however active it is (SESSION_MAX_HOURS after signing in)' }) expiresAt!: Date;
  @Field({ description: 'Its refresh token travels in a browser cookie' }) browser!: boolean;
  @Field({ description: 'The session this request is signed in with' }) current!: boolean;
}

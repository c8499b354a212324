import { Args, Context, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { readLog } from '@tandem/audit';
import { Allow, CurrentViewer, Viewer } from '@tandem/authz';
import { Connection, CursorCodec, GraphQLContext, pageSize } from '@tandem/platform';
import { CaseNotesService } from '../case-notes.service';
import { NOTE_ADD } from '../case.policies';
import { NoteRecord } from '../cases.types';
import { AddNoteInput } from './case.input';
import { CaseLoaders } from './case.loaders';
import { Case, Note, NoteConnection } from './case.model';
import { CaseNode } from './case.resolver';

/** A case's notes: the page a viewer reads, and adding one. */
@Resolver(() => Case)
export class CaseNotesResolver {
  constructor(
    private readonly service: CaseNotesService,
    private readonly loaders: CaseLoaders,
    private readonly cursors: CursorCodec,
  ) {}

  @ResolveField(() => NoteConnection, { description: 'Notes you see: GENERAL with SERVICES, INVESTIGATION with INVESTIGATION, CLINICAL only from your agency' })
  async notes(
    @Parent() node: CaseNode,
    @CurrentViewer() viewer: Viewer,
    @Context() context: GraphQLContext,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<NoteRecord>> {
    const view = await this.loaders.view(context, node.id);
    const limit = pageSize(first);
    const scope = `notes:${node.id}`;
    const key = this.cursors.decode(scope, after) as [string, string] | null;
    if (!view) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
    const rows = await this.service.pageNotes(viewer, view, key, limit, readLog(context));
    return this.cursors.connection(scope, rows, limit, (row) => [row.createdAt.toISOString(), row.id], (row) => row);
  }

  @Mutation(() => Note)
  @Allow(NOTE_ADD)
  addNote(@CurrentViewer() viewer: Viewer, @Args('input') input: AddNoteInput): Promise<NoteRecord> {
    return this.service.addNote(viewer, input);
  }
}

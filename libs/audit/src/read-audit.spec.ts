import type { GraphQLRequestContextWillSendResponse, GraphQLRequestListener } from '@apollo/server';
import { ConflictError, GraphQLContext } from '@tandem/platform';
import { AuditService } from './audit.service';
import { AuditEntry } from './audit.types';
import { readAuditPlugin, readLog, recordRead } from './read-audit';

const ENTRY = (action: string): AuditEntry => ({ actor: { type: 'USER', userId: 'u-1', agencyId: 'a-1' }, action });

/** An audit writer that keeps what it was given, or fails the way it is told to. */
function writer(fail?: Error) {
  const calls: AuditEntry[][] = [];
  const audit = {
    recordNow: async (...entries: AuditEntry[]) => {
      if (fail) throw fail;
      calls.push(entries);
    },
  } as unknown as AuditService;
  return { calls, plugin: readAuditPlugin(audit) };
}

function context(): GraphQLContext {
  return { req: {} as GraphQLContext['req'], res: {} as GraphQLContext['res'], redacted: [], state: new Map() };
}

type Response = { body: { kind: 'single'; singleResult: { data?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] } } };

let seenByOthers: unknown = null;

/** Runs one operation through the plugin: `resolve` plays the resolvers, then the answer is sent. */
async function operation(plugin: ReturnType<typeof writer>['plugin'], resolve: (context: GraphQLContext) => void, kind: 'query' | 'mutation' = 'query'): Promise<Response> {
  const contextValue = context();
  const listener = (await plugin.requestDidStart!({ contextValue } as never)) as GraphQLRequestListener<GraphQLContext>;
  resolve(contextValue);
  const response: Response = { body: { kind: 'single', singleResult: { data: { case: { id: 'c-1', child: { legalName: 'disclosed' } } } } } };
  const execution = (await listener.executionDidStart!({} as never)) as { executionDidEnd?: () => Promise<void> };
  await execution.executionDidEnd!();
  const sending = listener.willSendResponse!({ contextValue, response, operation: { operation: kind } } as unknown as GraphQLRequestContextWillSendResponse<GraphQLContext>);
  // What another plugin's last hook, started in the same turn, would read.
  seenByOthers = response.body.singleResult;
  await sending;
  return response;
}

describe('read events of one operation (readAuditPlugin)', () => {
  it('writes every read of the operation in one call, in the order they were recorded, and leaves the answer as it was', async () => {
    const { calls, plugin } = writer();
    const response = await operation(plugin, (context) => {
      recordRead(context, ENTRY('CASE_VIEW'));
      const log = readLog(context);
      log(ENTRY('NOTE_VIEW'));
      log(ENTRY('TIMELINE_VIEW'));
    });
    expect(calls.map((entries) => entries.map((entry) => entry.action))).toEqual([['CASE_VIEW', 'NOTE_VIEW', 'TIMELINE_VIEW']]);
    expect(response.body.singleResult.data).toEqual({ case: { id: 'c-1', child: { legalName: 'disclosed' } } });
    expect(response.body.singleResult.errors).toBeUndefined();
  });

  it('writes nothing for an operation that read nothing', async () => {
    const { calls, plugin } = writer();
    await operation(plugin, () => undefined);
    expect(calls).toEqual([]);
  });

  it('withholds the answer when the events cannot be written: no data, an INTERNAL error without the cause', async () => {
    const { plugin } = writer(new Error('insert into audit_event failed: connection reset'));
    const response = await operation(plugin, (context) => recordRead(context, ENTRY('CASE_VIEW')));
    expect(response.body.singleResult.data).toBeNull();
    expect(response.body.singleResult.errors).toEqual([{ message: expect.stringContaining('withheld'), extensions: { code: 'INTERNAL' } }]);
    expect(JSON.stringify(response)).not.toContain('audit_event');
    expect(JSON.stringify(response)).not.toContain('disclosed');
    // The other plugins' last hooks (the metrics) see the withheld answer, not the data.
    expect(seenByOthers).toEqual(response.body.singleResult);
  });

  it('passes a known refusal on with its code (a busy trail is CONFLICT), still without the data', async () => {
    const { plugin } = writer(new ConflictError('The audit trail is busy; try again'));
    const response = await operation(plugin, (context) => recordRead(context, ENTRY('CASE_LIST')));
    expect(response.body.singleResult).toEqual({ data: null, errors: [{ message: 'The audit trail is busy; try again', extensions: { code: 'CONFLICT' } }] });
  });

  it("after a mutation, says the change was saved, so that the client reads again instead of repeating it", async () => {
    const { plugin } = writer(new ConflictError('The audit trail is busy; try again'));
    const response = await operation(plugin, (context) => recordRead(context, ENTRY('TIMELINE_VIEW')), 'mutation');
    expect(response.body.singleResult.data).toBeNull();
    expect(response.body.singleResult.errors).toEqual([{ message: expect.stringMatching(/change was saved.*instead of repeating/), extensions: { code: 'CONFLICT' } }]);
  });

  it('refuses a read recorded outside an operation the plugin opened (it would never be written)', () => {
    expect(() => recordRead(context(), ENTRY('CASE_VIEW'))).toThrow(/only inside a GraphQL operation/);
  });
});

import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLContext } from './graphql-context';

/** Adds `extensions.requestId` to every response and `extensions.redacted` when fields were withheld. */
export const responseExtensionsPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return;
        const extensions: Record<string, unknown> = { ...(response.body.singleResult.extensions ?? {}) };
        if (contextValue.req?.requestId) extensions.requestId = contextValue.req.requestId;
        if (contextValue.redacted?.length) extensions.redacted = [...new Set(contextValue.redacted)].sort();
        response.body.singleResult.extensions = extensions;
      },
    };
  },
};

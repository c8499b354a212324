import { ApolloDriverConfig } from '@nestjs/apollo';
import {
  AppConfig,
  formatGraphQLError,
  GraphQLContext,
  MetricsService,
  metricsPlugin,
  queryLimitsPlugin,
  responseExtensionsPlugin,
} from '@tandem/platform';
import type { Request, Response } from 'express';

/** Apollo Server 5, code-first, with Tandem's error contract and limits. */
export function graphqlOptions(config: AppConfig, metrics: MetricsService): ApolloDriverConfig {
  const development = config.isDevelopment;
  return {
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    playground: false,
    graphiql: false,
    introspection: config.values.GRAPHQL_INTROSPECTION ?? !config.isProduction,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: !development,
    csrfPrevention: true,
    formatError: formatGraphQLError,
    context: ({ req, res }: { req: Request; res: Response }): GraphQLContext => ({
      req,
      res,
      redacted: [],
      state: new Map(),
    }),
    plugins: [
      queryLimitsPlugin({ maxDepth: config.values.GRAPHQL_MAX_DEPTH, maxCost: config.values.GRAPHQL_MAX_COST }),
      responseExtensionsPlugin,
      metricsPlugin(metrics),
    ],
  } as ApolloDriverConfig;
}

import type { ApolloServerPlugin } from '@apollo/server';
import { MetricsService } from './metrics.service';

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Times each GraphQL operation by its (client-chosen, length-limited) name. */
export function metricsPlugin(metrics: MetricsService): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      const stop = metrics.operationDuration.startTimer();
      let type = 'unknown';
      let operationName = request.operationName;
      return {
        async didResolveOperation({ operation }) {
          type = operation?.operation ?? 'unknown';
          operationName ??= operation?.name?.value;
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const name = operationName && OPERATION_NAME.test(operationName) ? operationName : 'anonymous';
          const labels = { operation: name, type, outcome: errors?.length ? 'error' : 'ok' };
          stop(labels);
          metrics.operations.inc(labels);
        },
      };
    },
  };
}

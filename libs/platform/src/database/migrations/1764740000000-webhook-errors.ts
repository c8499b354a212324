import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook deliveries stored a network error code or a timeout as their last error, so the dead
 * letters told an agency administrator which ports of a host were open, closed or filtered. The
 * worker now stores one generic reason; this rewrites the reasons stored before it in the same
 * words. Nothing to undo: the codes are not worth keeping.
 */
export class WebhookErrors1764740000000 implements MigrationInterface {
  name = 'WebhookErrors1764740000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `UPDATE webhook_delivery
          SET last_error = CASE WHEN last_error ~ '^HTTP [0-9]{3}$' THEN 'delivery failed: ' || last_error
                                ELSE 'delivery failed: could not connect' END
        WHERE last_error IS NOT NULL
          AND last_error NOT LIKE 'delivery failed: %'
          AND last_error NOT IN ('webhook disabled', 'secret could not be opened')`,
    );
  }

  async down(): Promise<void> {
    // The error codes are gone on purpose.
  }
}

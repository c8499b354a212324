import { Client } from 'pg';

const CHANNEL_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Opens a connection of its own (named `applicationName` on the server) that listens on a
 * notification channel and calls `onNotify` on each notification; the caller ends it. Errors on the
 * connection once it listens are ignored: a listener is a shortcut, its owner also polls.
 */
export async function listenOn(databaseUrl: string, applicationName: string, channel: string, onNotify: () => void): Promise<Client> {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`not a channel name: ${channel}`);
  const client = new Client({ connectionString: databaseUrl, application_name: applicationName });
  client.on('error', () => undefined);
  await client.connect();
  client.on('notification', onNotify);
  await client.query(`LISTEN ${channel}`);
  return client;
}

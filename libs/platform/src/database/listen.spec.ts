import { listenOn } from './listen';

describe('listenOn', () => {
  it('refuses a channel that is not a plain name before it connects', async () => {
    // An unreachable address: a connection attempt would fail with another message.
    for (const channel of ['outbox; DROP TABLE outbox', 'Outbox', '1outbox', '']) {
      await expect(listenOn('postgres://127.0.0.1:1/none', 'test', channel, () => undefined)).rejects.toThrow(`not a channel name: ${channel}`);
    }
  });
});

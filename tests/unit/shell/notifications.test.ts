import { describe, expect, it } from 'vitest';
import type { EventListener } from '../../../electron/core/api/host';
import { watchForNotifications } from '../../../electron/main/notifications';

function fakeApi() {
  let listener: EventListener | null = null;
  return {
    api: {
      invoke: async () => ({ ok: true as const, value: null }),
      subscribe: (l: EventListener) => {
        listener = l;
        return () => (listener = null);
      },
      close: async () => {},
    },
    emit: (event: string, payload: unknown) => (listener as unknown as (e: string, p: unknown) => void)(event, payload),
    subscribed: () => listener !== null,
  };
}

const fill = (symbol: string) => ({ id: 'f', orderId: 'o', clientOrderId: 'c', accountId: 'paper', symbol, side: 'buy', qty: '10', price: '42.1', fee: '0', feeCurrency: 'USD', liquidity: 'taker', venueTradeId: 't', at: 1 });
const bot = (state: string) => ({ id: 'b1', name: 'Trend', status: { state, reason: state === 'errored' ? 'ma-cross threw: boom' : null } });
const risk = (engaged: boolean) => ({ accountId: 'paper', stateReason: engaged ? 'Kill switch engaged by menu' : null, killSwitch: { engaged } });

describe('desktop notifications', () => {
  it('tells of fills (one or a burst), a bot that errored (once), and a halt and its end', () => {
    const f = fakeApi();
    const shown: string[] = [];
    const stop = watchForNotifications(f.api, (title, body) => shown.push(`${title} | ${body}`));
    f.emit('fills.added', { fills: [fill('ACME')] });
    f.emit('fills.added', { fills: [fill('ACME'), fill('BOLT'), fill('ACME')] });
    f.emit('bots.changed', { bots: [bot('running')] });
    f.emit('bots.changed', { bots: [bot('errored')] });
    f.emit('bots.changed', { bots: [bot('errored')] });
    f.emit('risk.changed', risk(false));
    f.emit('risk.changed', risk(true));
    f.emit('risk.changed', risk(true));
    f.emit('risk.changed', risk(false));
    f.emit('market.barsUpdated', { bars: [] });
    expect(shown).toEqual([
      'Filled: buy 10 ACME | at 42.1',
      '3 fills | ACME, BOLT',
      'Bot Trend stopped with an error | ma-cross threw: boom',
      'Trading halted | Kill switch engaged by menu',
      'Trading resumed | The kill switch was lifted',
    ]);
    stop();
    expect(f.subscribed()).toBe(false);
  });
});

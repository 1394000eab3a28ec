import type { EventName, PayloadOf } from '../../shared/contract';
import type { ApiHost } from '../core/api/host';

export type ShowNotification = (title: string, body: string) => void;

/**
 * Desktop notifications for what a trader must not miss while looking elsewhere: fills,
 * a bot that errored, and trading halted (kill switch). Built on the engine's pushed
 * events, in main, so they work whatever the window is doing. Fills are grouped so a
 * burst (a bot closing many positions) is one notification, not fifty.
 */
export function watchForNotifications(api: ApiHost, show: ShowNotification): () => void {
  const erroredBots = new Set<string>();
  let halted: boolean | null = null;
  return api.subscribe(<E extends EventName>(event: E, raw: PayloadOf<E>) => {
    if (event === 'fills.added') {
      const { fills } = raw as PayloadOf<'fills.added'>;
      if (fills.length === 0) return;
      if (fills.length === 1) {
        const f = fills[0]!;
        show(`Filled: ${f.side} ${f.qty} ${f.symbol}`, `at ${f.price}${f.fee !== '0' ? ` · fee ${f.fee} ${f.feeCurrency}` : ''}`);
      } else {
        const symbols = [...new Set(fills.map((f) => f.symbol))];
        show(`${fills.length} fills`, symbols.slice(0, 5).join(', ') + (symbols.length > 5 ? ' …' : ''));
      }
    } else if (event === 'bots.changed') {
      const { bots } = raw as PayloadOf<'bots.changed'>;
      for (const b of bots) {
        const errored = b.status.state === 'errored';
        if (errored && !erroredBots.has(b.id)) show(`Bot ${b.name} stopped with an error`, b.status.reason ?? 'See the Bots panel');
        if (errored) erroredBots.add(b.id);
        else erroredBots.delete(b.id);
      }
    } else if (event === 'risk.changed') {
      const status = raw as PayloadOf<'risk.changed'>;
      const now = status.killSwitch.engaged;
      if (now && halted === false) show('Trading halted', status.stateReason ?? 'The kill switch is engaged');
      if (!now && halted === true) show('Trading resumed', 'The kill switch was lifted');
      halted = now;
    }
  });
}

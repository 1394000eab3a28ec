/** The bots channels (shared/contract/bots.ts), answered by the supervisor. */
import type { Handlers } from '../api/dispatcher';
import type { BotSupervisor } from './supervisor';

type BotChannels =
  | 'bots.list'
  | 'bots.get'
  | 'bots.create'
  | 'bots.update'
  | 'bots.duplicate'
  | 'bots.delete'
  | 'bots.start'
  | 'bots.stop'
  | 'bots.pause'
  | 'bots.strategies'
  | 'bots.decisions'
  | 'bots.exportDecisions'
  | 'bots.versions'
  | 'bots.holding';

export function botHandlers(bots: BotSupervisor, defaultAccount: string): Pick<Handlers, BotChannels> {
  const actor = (caller: string) => `operator@${caller}`;
  return {
    'bots.list': () => bots.list(),
    'bots.get': (input) => bots.get(input.botId),
    'bots.create': (input, ctx) => bots.create(input, actor(ctx.caller)),
    'bots.update': (input, ctx) => bots.update(input.botId, input.config, actor(ctx.caller)),
    'bots.duplicate': (input, ctx) => bots.duplicate(input.botId, input.name, actor(ctx.caller)),
    'bots.delete': (input, ctx) => {
      bots.delete(input.botId, actor(ctx.caller));
      return { deleted: true as const };
    },
    'bots.start': (input, ctx) => bots.start(input.botId, { confirmLive: input.confirmLive }, actor(ctx.caller)),
    'bots.stop': (input, ctx) => bots.stop(input.botId, actor(ctx.caller)),
    'bots.pause': (input, ctx) => bots.pause(input.botId, actor(ctx.caller)),
    'bots.strategies': () => bots.strategies(),
    'bots.decisions': (input) => bots.decisionList(input),
    'bots.exportDecisions': (input) => bots.exportDecisions(input.botId),
    'bots.versions': (input) => bots.versions(input.botId),
    'bots.holding': (input) => bots.holding(input.accountId ?? defaultAccount, input.symbol),
  };
}

import type { Handlers } from '../api/dispatcher';
import type { ConnectionService } from './connectionService';

type ConnectionChannels =
  | 'connections.list'
  | 'connections.add'
  | 'connections.test'
  | 'connections.rename'
  | 'connections.delete'
  | 'connections.enableLive'
  | 'connections.disableLive'
  | 'connections.exchanges'
  | 'vault.status';

const actorOf = (caller: string) => `operator@${caller}`;

/** The connection channels; inputs arrive parsed by the dispatcher, replies are masked by construction. */
export function connectionHandlers(service: ConnectionService): Pick<Handlers, ConnectionChannels> {
  return {
    'connections.list': () => service.list(),
    'connections.add': (input, ctx) => service.add(input, actorOf(ctx.caller)),
    'connections.test': (input, ctx) => service.test(input.id, actorOf(ctx.caller)),
    'connections.rename': (input, ctx) => service.rename(input.id, input.name, actorOf(ctx.caller)),
    'connections.delete': (input, ctx) => service.delete(input.id, actorOf(ctx.caller)),
    'connections.enableLive': (input, ctx) => service.enableLive(input.id, input.confirmName, actorOf(ctx.caller)),
    'connections.disableLive': (input, ctx) => service.disableLive(input.id, actorOf(ctx.caller)),
    'connections.exchanges': () => service.exchanges(),
    'vault.status': () => service.vaultStatus(),
  };
}

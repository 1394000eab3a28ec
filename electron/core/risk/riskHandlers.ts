import { randomBytes } from 'node:crypto';
import type { RiskGroup } from '../../../shared/contract';
import type { Handlers } from '../api/dispatcher';
import { ApiError } from '../api/errors';
import { decStr, parseUserDecimal } from '../domain/decimal';
import type { AuditRepo } from '../store/repos/auditRepo';
import { applyLimitsInput, limitsToDto } from './limits';
import type { RiskEngine } from './riskEngine';
import type { RiskStore } from './riskStore';

type RiskChannels =
  | 'risk.status'
  | 'risk.limits.get'
  | 'risk.limits.set'
  | 'risk.groups.list'
  | 'risk.groups.save'
  | 'risk.groups.delete'
  | 'risk.setState'
  | 'risk.killSwitch'
  | 'risk.releaseKillSwitch';

export interface RiskHandlerDeps {
  risk: RiskEngine;
  store: RiskStore;
  audit: AuditRepo;
  defaultAccount: string;
  /** Whether a symbol exists on any account (groups may only name known symbols). */
  knownSymbol: (symbol: string) => boolean;
  knownAccount: (accountId: string) => boolean;
  onGroupsChanged: () => void;
  now: () => number;
}

export function riskHandlers(d: RiskHandlerDeps): Pick<Handlers, RiskChannels> {
  const account = (id: string | undefined) => {
    const a = id ?? d.defaultAccount;
    if (!d.knownAccount(a)) throw new ApiError('NOT_FOUND', 'There is no such account');
    return a;
  };
  const audit = (actor: string, action: string, subject: string | null, detail: Record<string, unknown>) =>
    d.audit.append({ at: d.now(), actor, action, subject, outcome: 'ok', detail });
  return {
    'risk.status': (input) => d.risk.status(account(input.accountId)),
    'risk.limits.get': (input) => limitsToDto(d.risk.limitsFor(input)),
    'risk.limits.set': (input, ctx) => {
      if ('accountId' in input.scope) account(input.scope.accountId);
      const scopeKey = 'accountId' in input.scope ? `account:${input.scope.accountId}` : `bot:${input.scope.botId}`;
      let next;
      try {
        next = applyLimitsInput(d.risk.limitsFor(input.scope), input.limits);
      } catch (err) {
        if (err instanceof ApiError) d.audit.append({ at: d.now(), actor: `operator@${ctx.caller}`, action: 'risk.limits.set', subject: scopeKey, outcome: 'refused', detail: { reason: err.message } });
        throw err;
      }
      const dto = limitsToDto(next);
      d.store.setLimits(scopeKey, dto, d.now());
      audit(`operator@${ctx.caller}`, 'risk.limits.set', scopeKey, { limits: dto });
      if ('accountId' in input.scope) d.risk.status(input.scope.accountId);
      return dto;
    },
    'risk.groups.list': () => d.store.groups(),
    'risk.groups.save': (input, ctx) => {
      const unknown = input.symbols.filter((s) => !d.knownSymbol(s));
      if (unknown.length) {
        throw new ApiError('BAD_REQUEST', `Unknown symbol${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Groups may only name symbols you can trade`, { symbols: `Unknown: ${unknown.join(', ')}` });
      }
      let max: string | null = null;
      if (input.maxGrossNotional !== undefined && input.maxGrossNotional !== null && input.maxGrossNotional !== '') {
        const m = parseUserDecimal(input.maxGrossNotional);
        if (m === null || m.lte(0)) throw new ApiError('BAD_REQUEST', 'The group limit must be a number above zero (leave it empty for none)', { maxGrossNotional: 'Must be above zero' });
        max = decStr(m);
      }
      const clash = d.store.groups().find((g) => g.name.toLowerCase() === input.name.toLowerCase() && g.id !== input.id);
      if (clash) throw new ApiError('CONFLICT', `A group called ${clash.name} exists already`, { name: 'Name taken' });
      const group: RiskGroup = {
        id: input.id ?? `grp-${randomBytes(5).toString('hex')}`,
        name: input.name,
        kind: input.kind,
        symbols: [...new Set(input.symbols)],
        maxGrossNotional: max,
      };
      d.store.saveGroup(group);
      audit(`operator@${ctx.caller}`, 'risk.groups.save', group.id, { group });
      d.onGroupsChanged();
      return group;
    },
    'risk.groups.delete': (input, ctx) => {
      if (!d.store.deleteGroup(input.id)) throw new ApiError('NOT_FOUND', 'No such group');
      audit(`operator@${ctx.caller}`, 'risk.groups.delete', input.id, {});
      d.onGroupsChanged();
      return { deleted: true as const };
    },
    'risk.setState': (input, ctx) => {
      const a = account(input.accountId);
      d.risk.setManualState(a, input.state);
      audit(`operator@${ctx.caller}`, 'risk.setState', a, { state: input.state });
      return d.risk.status(a);
    },
    'risk.killSwitch': async (input, ctx) => {
      const k = await d.risk.engageKillSwitch({ cancelOpen: input.cancelOpen, flatten: input.flatten, reason: input.reason }, `operator@${ctx.caller}`);
      audit(`operator@${ctx.caller}`, 'risk.killSwitch', null, { cancelOpen: input.cancelOpen, flatten: input.flatten, reason: input.reason ?? null });
      return k;
    },
    'risk.releaseKillSwitch': (input, ctx) => {
      const k = d.risk.releaseKillSwitch(input.confirm, `operator@${ctx.caller}`);
      audit(`operator@${ctx.caller}`, 'risk.releaseKillSwitch', null, {});
      return k;
    },
  };
}

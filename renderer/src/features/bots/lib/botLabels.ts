import type { BotMode, BotState, BotSummary } from '../../../../../shared/contract';

export const MODE_LABEL: Record<BotMode, string> = { paper: 'PAPER', shadow: 'SHADOW', live: 'LIVE' };

export const STATE_LABEL: Record<BotState, string> = {
  stopped: 'Stopped',
  warming_up: 'Warming up',
  running: 'Running',
  paused: 'Paused',
  errored: 'Errored',
};

/** The status line: the state and why (what warm-up waits for, the error, who paused it). */
export function statusDetail(bot: BotSummary): string | null {
  const { status } = bot;
  const parts: string[] = [];
  if (status.state === 'warming_up' && status.warmup) parts.push(`${status.warmup.have}/${status.warmup.need} bars`);
  if (status.reason) parts.push(status.reason);
  if (status.restartAt !== null) parts.push(`restarts at ${formatBotTime(status.restartAt)}`);
  return parts.length ? parts.join(' · ') : null;
}

/** Date and time to the second, in local time: decisions are minutes apart at replay speed. */
export function formatBotTime(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Start is offered when stopped, paused or errored; stop whenever not stopped; pause while it runs or warms up. */
export function canStart(bot: BotSummary): boolean {
  return bot.status.state === 'stopped' || bot.status.state === 'paused' || bot.status.state === 'errored';
}
export function canStop(bot: BotSummary): boolean {
  return bot.status.state !== 'stopped';
}
export function canPause(bot: BotSummary): boolean {
  return bot.status.state === 'running' || bot.status.state === 'warming_up';
}

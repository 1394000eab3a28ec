import { useBotHolding } from '../../bots/api/getBotHolding';
import '../../bots/bots.css';

/**
 * Above the ticket's submit button: bots that hold or target this symbol on this account.
 * A manual order there may fight the bot (it would trade the position back to its target).
 */
export function BotHoldingWarning({ accountId, symbol }: { accountId: string; symbol: string | null }) {
  const holding = useBotHolding(accountId, symbol);
  const bots = holding.data ?? [];
  if (!symbol || bots.length === 0) return null;
  return (
    <div className="ticket-bot-warning" role="note" aria-label="Bots trading this symbol">
      {bots.map((bot) => {
        const holds = Number(bot.position) !== 0;
        const verb = holds && bot.targetUnits !== null ? 'holds and targets' : holds ? 'holds' : 'targets';
        return (
          <p key={bot.botId}>
            Bot {bot.name} ({bot.mode}) {verb} {symbol}: a manual order may fight it.
          </p>
        );
      })}
    </div>
  );
}

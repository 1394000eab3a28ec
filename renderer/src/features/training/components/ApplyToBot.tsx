import { useState } from 'react';
import type { TrainingLeaderboardRow } from '../../../../../shared/contract';
import { describeError } from '../../../api';
import { useApplyTrialToBot } from '../api/applyTrialToBot';
import { useBotsForTraining } from '../api/listBots';
import { fmtParams } from '../lib/format';

const NEW = '__new__';

/** Apply the selected trial's params to a bot of the same strategy, or create a bot from them. */
export function ApplyToBot({ runId, trialId, row, strategyId }: { runId: string; trialId: string; row: TrainingLeaderboardRow | null; strategyId: string }) {
  const bots = useBotsForTraining();
  const apply = useApplyTrialToBot();
  const candidates = (bots.data ?? []).filter((b) => b.strategyId === strategyId);
  const [target, setTarget] = useState<string>(NEW);
  const [name, setName] = useState('Trained bot');
  const chosen = target === NEW || candidates.some((b) => b.id === target) ? target : NEW;

  const onApply = () =>
    apply.mutate(chosen === NEW ? { runId, trialId, createBot: { name, accountId: 'paper', mode: 'paper' } } : { runId, trialId, botId: chosen });

  return (
    <section className="training-card training-apply" aria-label="Apply to bot">
      <h4>
        Apply to bot <span className="training-card__hint">{row ? `#${row.rank}: ${fmtParams(row.params)}` : trialId}</span>
      </h4>
      <div className="training-apply__row">
        <div className="field">
          <label htmlFor="tw-apply-target">Bot</label>
          <select id="tw-apply-target" className="input" value={chosen} onChange={(e) => setTarget(e.target.value)}>
            <option value={NEW}>New paper bot…</option>
            {candidates.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name} (v{b.version}, {b.mode})
              </option>
            ))}
          </select>
        </div>
        {chosen === NEW ? (
          <div className="field">
            <label htmlFor="tw-apply-name">New bot name</label>
            <input id="tw-apply-name" className="input" value={name} onChange={(e) => setName(e.target.value)} />
          </div>
        ) : null}
        <button type="button" className="button button--primary" onClick={onApply} disabled={apply.isPending}>
          Apply params to bot
        </button>
      </div>
      {apply.isError ? (
        <p className="form-error" role="alert">
          {describeError(apply.error)}
        </p>
      ) : apply.data ? (
        <p className="form-confirmation" role="status">
          {`Bot "${apply.data.config.name}" is now on version ${apply.data.config.version} with ${fmtParams(apply.data.config.params)} (${apply.data.summary.status.state}).`}
        </p>
      ) : null}
    </section>
  );
}

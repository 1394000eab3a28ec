import { useState, type ReactNode } from 'react';
import type { RiskStatus } from '../../../../../shared/contract';
import { ErrorState, LoadingState } from '../../../components/States';
import { useRiskLimits } from '../api/getRiskLimits';
import { useRiskStatus } from '../api/getRiskStatus';
import { DenialsTable } from './DenialsTable';
import { DrawdownCard } from './DrawdownCard';
import { GroupsEditor } from './GroupsEditor';
import { LimitsEditor } from './LimitsEditor';
import type { PanelComponent } from './panelSlot';
import { ResumeTradingDialog } from './ResumeTradingDialog';
import { TradingStateCard } from './TradingStateCard';
import { UsageBars } from './UsageBars';
import '../risk.css';

interface RiskViewProps {
  accountId: string;
  accountName: string;
  currency: string;
  Panel: PanelComponent;
}

/**
 * The risk engine of the selected account: its trading state and why, limit usage,
 * drawdown, the last denials, and the editors of limits and groups. Status is pushed by
 * risk.changed and read again every few seconds while the view is open (prices move
 * equity and exposure between events).
 */
export function RiskView({ accountId, accountName, currency, Panel }: RiskViewProps) {
  const status = useRiskStatus(accountId, { live: true });
  const limits = useRiskLimits({ accountId });
  const [resuming, setResuming] = useState(false);

  const statusBody = (render: (data: RiskStatus) => ReactNode) =>
    status.isPending ? (
      <LoadingState>Loading the risk status…</LoadingState>
    ) : status.isError ? (
      <ErrorState error={status.error} what="the risk status" onRetry={() => void status.refetch()} />
    ) : (
      render(status.data)
    );

  return (
    <div className="risk-view">
      <div className="risk-view__column risk-view__column--status">
        <Panel title="Trading state" className="risk-view__state" resetKey={accountId}>
          {statusBody((data) => (
            <TradingStateCard status={data} accountName={accountName} onResume={() => setResuming(true)} />
          ))}
        </Panel>
        <Panel title="Drawdown" className="risk-view__drawdown" resetKey={accountId}>
          {statusBody((data) => (
            <DrawdownCard status={data} currency={currency} limits={limits.data} />
          ))}
        </Panel>
        <Panel title="Limit usage" className="risk-view__usage" resetKey={accountId}>
          {statusBody((data) => (
            <UsageBars usage={data.usage} currency={currency} />
          ))}
        </Panel>
      </div>
      <div className="risk-view__column risk-view__column--denials">
        <Panel title="Recent denials" className="risk-view__denials" resetKey={accountId}>
          {statusBody((data) => (
            <DenialsTable denials={data.recentDenials} />
          ))}
        </Panel>
        <Panel title="Groups" className="risk-view__groups">
          <GroupsEditor currency={currency} />
        </Panel>
      </div>
      <div className="risk-view__column risk-view__column--limits">
        <Panel title="Limits" className="risk-view__limits" resetKey={accountId}>
          <LimitsEditor key={accountId} accountId={accountId} accountName={accountName} currency={currency} />
        </Panel>
      </div>
      {resuming ? <ResumeTradingDialog onClose={() => setResuming(false)} /> : null}
    </div>
  );
}

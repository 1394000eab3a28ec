import { useRiskStatus } from '../api/getRiskStatus';
import { KillSwitchDialog } from './KillSwitchDialog';
import '../risk.css';

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const KILL_SWITCH_KEYS = IS_MAC ? '⌘⇧K' : 'Ctrl+Shift+K';

interface KillSwitchButtonProps {
  /** The account on screen: the kill switch is one for all, its status comes with any account's. */
  accountId: string;
  dialogOpen: boolean;
  onDialogOpenChange(open: boolean): void;
}

/** The red button in the top bar, and the confirmation it (or the shortcut) opens. */
export function KillSwitchButton({ accountId, dialogOpen, onDialogOpenChange }: KillSwitchButtonProps) {
  const status = useRiskStatus(accountId);
  const engaged = status.data?.killSwitch.engaged ?? false;
  return (
    <>
      <button
        type="button"
        className={`kill-switch${engaged ? ' kill-switch--engaged' : ''}`}
        aria-haspopup="dialog"
        aria-keyshortcuts="Control+Shift+K Meta+Shift+K"
        title={`Halt all trading on every account (${KILL_SWITCH_KEYS})`}
        onClick={() => onDialogOpenChange(true)}
      >
        <span className="kill-switch__icon" aria-hidden="true">
          ■
        </span>
        {engaged ? 'HALTED' : 'Kill switch'}
        <span className="sr-only">{engaged ? ': engaged, all trading is halted' : ''}</span>
      </button>
      {dialogOpen ? <KillSwitchDialog engaged={engaged} onClose={() => onDialogOpenChange(false)} /> : null}
    </>
  );
}

import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { TradingAccount } from '../../../../../shared/contract';
import { accountStateLabel, describeAccountState, venueLabel } from '../lib/describeAccount';
import '../accounts.css';

interface AccountPickerProps {
  accounts: readonly TradingAccount[];
  selected: TradingAccount | undefined;
  onSelect(accountId: string): void;
}

/**
 * The account the trading view works on: a button with the account's name and connection
 * state, opening a list of every account (paper first) with its state, PAPER/LIVE and,
 * where it cannot trade, why. A listbox popup: arrows move, Enter picks, Esc closes.
 */
export function AccountPicker({ accounts, selected, onSelect }: AccountPickerProps) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);

  const optionId = (index: number) => `${listId}-option-${index}`;

  const openList = () => {
    const index = Math.max(0, accounts.findIndex((account) => account.accountId === selected?.accountId));
    setActive(index);
    setOpen(true);
  };

  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  };

  const choose = (account: TradingAccount) => {
    onSelect(account.accountId);
    close(true);
  };

  useEffect(() => {
    if (!open) return;
    listRef.current?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  useEffect(() => {
    if (open) document.getElementById(`${listId}-option-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [open, active, listId]);

  const onListKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const last = accounts.length - 1;
    switch (event.key) {
      case 'ArrowDown':
        setActive((index) => Math.min(last, index + 1));
        break;
      case 'ArrowUp':
        setActive((index) => Math.max(0, index - 1));
        break;
      case 'Home':
        setActive(0);
        break;
      case 'End':
        setActive(last);
        break;
      case 'Enter':
      case ' ': {
        const account = accounts[active];
        if (account) choose(account);
        break;
      }
      case 'Escape':
        close(true);
        break;
      case 'Tab':
        setOpen(false);
        return;
      default:
        // Letters are not the workstation's shortcuts (B, S, /) while the list has the focus.
        event.stopPropagation();
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  const state = selected?.state ?? 'connecting';
  const name = selected?.name ?? 'Paper account';
  const stateText = selected ? describeAccountState(selected) : 'Loading accounts';
  const cannotTrade = selected && !selected.canTrade && selected.state === 'connected' ? selected.reason : null;

  return (
    <div className="account-picker" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className={`account-picker__button account-state--${state}`}
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-label={`Trading account: ${name}, ${stateText}${cannotTrade ? `. Cannot trade: ${cannotTrade}` : ''}`}
        title={`${stateText}${cannotTrade ? ` · cannot trade: ${cannotTrade}` : ''}`}
        onClick={() => (open ? close(false) : openList())}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            openList();
          }
        }}
      >
        <span className="account-state__dot" aria-hidden="true" />
        <span className="account-picker__name">{name}</span>
        {state !== 'connected' ? <span className="account-picker__state">{accountStateLabel(state)}</span> : null}
        {cannotTrade ? <span className="account-picker__state account-picker__state--blocked">trading off</span> : null}
        <span className="account-picker__caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {open ? (
        <ul
          ref={listRef}
          id={listId}
          role="listbox"
          aria-label="Trading accounts"
          aria-activedescendant={optionId(active)}
          tabIndex={-1}
          className="account-picker__list"
          onKeyDown={onListKeyDown}
        >
          {accounts.map((account, index) => (
            <AccountOption
              key={account.accountId}
              id={optionId(index)}
              account={account}
              selected={account.accountId === selected?.accountId}
              active={index === active}
              onPointerEnter={() => setActive(index)}
              onChoose={() => choose(account)}
            />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

interface AccountOptionProps {
  id: string;
  account: TradingAccount;
  selected: boolean;
  active: boolean;
  onPointerEnter(): void;
  onChoose(): void;
}

function AccountOption({ id, account, selected, active, onPointerEnter, onChoose }: AccountOptionProps) {
  const stateText = describeAccountState(account);
  const blocked = account.canTrade ? null : account.reason;
  return (
    <li
      id={id}
      role="option"
      aria-selected={selected}
      aria-label={`${account.name}, ${account.mode === 'live' ? 'live' : 'paper'}, ${stateText}${blocked ? `. Cannot trade: ${blocked}` : ''}`}
      title={stateText}
      className={`account-option account-state--${account.state}${active ? ' is-active' : ''}${selected ? ' is-selected' : ''}`}
      onPointerEnter={onPointerEnter}
      onClick={onChoose}
    >
      <span className="account-state__dot" aria-hidden="true" />
      <span className="account-option__main">
        <span className="account-option__name">{account.name}</span>
        <span className="account-option__venue">{venueLabel(account.venue)}</span>
      </span>
      <span className={`account-option__mode account-option__mode--${account.mode}`}>{account.mode === 'live' ? 'Live' : 'Paper'}</span>
      <span className="account-option__state">{accountStateLabel(account.state)}</span>
      {blocked ? <span className="account-option__reason">{blocked}</span> : null}
    </li>
  );
}

import { useEffect, useRef } from 'react';

export interface ShortcutHandlers {
  focusSearch(): void;
  buy(): void;
  sell(): void;
}

/** Typing in a field, or a modal over the page, means letters are text, not commands. */
function shortcutsBlocked(target: EventTarget | null): boolean {
  if (document.querySelector('dialog[open]')) return true;
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return target.isContentEditable || tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

/**
 * Workstation-wide keys: / focuses symbol search, B and S put the ticket on buy or sell with
 * the cursor in the quantity. Enter (send) and Esc (clear) belong to the ticket form itself.
 */
export function useKeyboardShortcuts(handlers: ShortcutHandlers, enabled = true): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (shortcutsBlocked(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === '/') latest.current.focusSearch();
      else if (key === 'b') latest.current.buy();
      else if (key === 's') latest.current.sell();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}

/** Ctrl+Shift+K (Cmd+Shift+K on a Mac): the kill switch, the same keys as the Electron menu's item. */
export function isKillSwitchShortcut(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && (event.key.toLowerCase() === 'k' || event.code === 'KeyK');
}

/**
 * The kill switch's shortcut, on every view and whatever has the focus (a field, a dialog):
 * unlike the single-letter keys it is never text, and it must work when it matters most.
 * Listened for in the capture phase, so no handler further down can swallow it.
 */
export function useKillSwitchShortcut(onKillSwitch: () => void): void {
  const latest = useRef(onKillSwitch);
  useEffect(() => {
    latest.current = onKillSwitch;
  });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isKillSwitchShortcut(event) || event.repeat) return;
      event.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, []);
}

import { useEffect, useRef, useState } from 'react';
import type { IndicatorSpec } from '../../../../../shared/contract';
import { describeError } from '../../../api';
import { useDeleteIndicatorPreset } from '../api/deleteIndicatorPreset';
import { useIndicatorPresets } from '../api/listIndicatorPresets';
import { useSaveIndicatorPreset } from '../api/saveIndicatorPreset';
import { indicatorPalette } from '../chart/chartTheme';
import {
  INDICATORS,
  MAX_INDICATORS,
  defaultSpec,
  indicatorDef,
  indicatorLabel,
  isValidSpec,
  paramError,
  paramOf,
  type IndicatorType,
} from '../lib/indicatorSpecs';

interface IndicatorEditorProps {
  indicators: readonly IndicatorSpec[];
  onChange(indicators: IndicatorSpec[]): void;
  onClose(): void;
}

/** Text typed in a parameter field, by `${index}:${param}`, until it is a valid value. */
type Drafts = Record<string, string>;

/**
 * The chart's indicators with their settings: add, change a period or color, remove; apply,
 * save or delete a named preset. A setting applies as soon as it is valid; an invalid one is
 * marked and the chart keeps the last valid value.
 */
export function IndicatorEditor({ indicators, onChange, onClose }: IndicatorEditorProps) {
  const [drafts, setDrafts] = useState<Drafts>({});
  const [presetName, setPresetName] = useState('');
  const [chosenPreset, setChosenPreset] = useState('');
  const presets = useIndicatorPresets();
  const savePreset = useSaveIndicatorPreset();
  const deletePreset = useDeleteIndicatorPreset();
  const rootRef = useRef<HTMLDivElement>(null);

  const addRef = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    rootRef.current?.querySelector<HTMLElement>('select, input, button')?.focus();
  }, []);

  // Esc closes the editor wherever the focus is (it may be on the page after a removal),
  // unless something inside used the key first.
  const latestClose = useRef(onClose);
  useEffect(() => {
    latestClose.current = onClose;
  });
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      latestClose.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  /** A change of the list itself (add, remove, preset): typed drafts no longer line up. */
  const replaceAll = (next: IndicatorSpec[]) => {
    setDrafts({});
    onChange(next);
  };

  const add = (type: IndicatorType) => {
    if (indicators.length >= MAX_INDICATORS) return;
    const used = new Set(indicators.map((spec) => spec.color));
    const color = indicatorPalette.find((c) => !used.has(c)) ?? indicatorPalette[indicators.length % indicatorPalette.length];
    replaceAll([...indicators, defaultSpec(type, color)]);
  };

  const setParam = (index: number, key: string, text: string) => {
    const next = { ...drafts, [`${index}:${key}`]: text };
    setDrafts(next);
    const spec = indicators[index];
    if (!spec) return;
    const typed = withDrafts(spec, index, next);
    // MACD's fast and slow are checked together: a field may become valid by changing the other.
    if (errorsOf(typed, index, next).size > 0) return;
    onChange(indicators.map((s, i) => (i === index ? typed : s)));
  };

  const setColor = (index: number, color: string) => {
    onChange(indicators.map((s, i) => (i === index ? { ...s, color } : s)));
  };

  const remove = (index: number) => {
    replaceAll(indicators.filter((_, i) => i !== index));
    // The removed row's button goes away with it: keep the focus in the editor.
    addRef.current?.focus();
  };

  const presetList = presets.data ?? [];
  const selectedPreset = presetList.find((p) => p.name === chosenPreset);
  const trimmedName = presetName.trim();

  return (
    <div
      ref={rootRef}
      id="chart-indicator-editor"
      className="indicator-editor"
      role="dialog"
      aria-label="Indicators"
    >
      <header className="indicator-editor__header">
        <h3>Indicators</h3>
        <button type="button" className="button button--small button--icon" aria-label="Close indicators" onClick={onClose}>
          ×
        </button>
      </header>

      {indicators.length === 0 ? <p className="indicator-editor__empty">No indicators on the chart yet.</p> : null}
      <ul className="indicator-editor__list" aria-label="Chart indicators">
        {indicators.map((spec, index) => {
          const def = indicatorDef(spec.type);
          const label = indicatorLabel(spec);
          const errors = errorsOf(withDrafts(spec, index, drafts), index, drafts);
          return (
            <li key={`${index}-${spec.type}`} className="indicator-editor__item">
              <input
                type="color"
                className="indicator-editor__color"
                aria-label={`${label} color`}
                value={spec.color ?? indicatorPalette[index % indicatorPalette.length]}
                onChange={(event) => setColor(index, event.target.value)}
              />
              <span className="indicator-editor__name" title={def.name}>
                {def.name}
              </span>
              {def.params.map((param) => {
                const draftKey = `${index}:${param.key}`;
                const text = drafts[draftKey] ?? String(paramOf(spec, param.key));
                const error = drafts[draftKey] === undefined ? null : (errors.get(draftKey) ?? null);
                const errorId = `indicator-${index}-${param.key}-error`;
                return (
                  <label key={param.key} className="indicator-editor__param">
                    <span>{param.label}</span>
                    <input
                      className="input input--compact num"
                      inputMode={param.integer ? 'numeric' : 'decimal'}
                      aria-label={`${def.name} ${param.label.toLowerCase()}`}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? errorId : undefined}
                      value={text}
                      size={4}
                      onChange={(event) => setParam(index, param.key, event.target.value)}
                    />
                    {error ? (
                      <span id={errorId} className="field-error indicator-editor__error">
                        {error}
                      </span>
                    ) : null}
                  </label>
                );
              })}
              <button
                type="button"
                className="button button--small button--icon indicator-editor__remove"
                aria-label={`Remove ${label}`}
                onClick={() => remove(index)}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>

      <select
        ref={addRef}
        className="input input--compact indicator-editor__add"
        aria-label="Add indicator"
        value=""
        disabled={indicators.length >= MAX_INDICATORS}
        onChange={(event) => {
          if (event.target.value) add(event.target.value as IndicatorType);
        }}
      >
        <option value="">{indicators.length >= MAX_INDICATORS ? `At most ${MAX_INDICATORS} indicators` : 'Add indicator…'}</option>
        {INDICATORS.map((def) => (
          <option key={def.type} value={def.type}>
            {def.name}
            {def.placement === 'pane' ? ' (own pane)' : ''}
          </option>
        ))}
      </select>

      <section className="indicator-editor__presets" aria-label="Indicator presets">
        <h4>Presets</h4>
        {presets.isError ? (
          <p className="field-error" role="alert">
            Presets are not available: {describeError(presets.error)}
          </p>
        ) : (
          <div className="indicator-editor__row">
            <select
              className="input input--compact"
              aria-label="Preset"
              value={chosenPreset}
              onChange={(event) => setChosenPreset(event.target.value)}
            >
              <option value="">{presets.isPending ? 'Loading presets…' : presetList.length ? 'Choose a preset…' : 'No presets saved'}</option>
              {presetList.map((preset) => (
                <option key={preset.name} value={preset.name}>
                  {preset.name} ({preset.indicators.length})
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button--small"
              disabled={!selectedPreset}
              onClick={() => selectedPreset && replaceAll(selectedPreset.indicators.filter(isValidSpec))}
            >
              Apply
            </button>
            <button
              type="button"
              className="button button--small button--danger"
              disabled={!selectedPreset || deletePreset.isPending}
              onClick={() =>
                selectedPreset && deletePreset.mutate(selectedPreset.name, { onSuccess: () => setChosenPreset('') })
              }
            >
              Delete
            </button>
          </div>
        )}
        <form
          className="indicator-editor__row"
          aria-label="Save preset"
          onSubmit={(event) => {
            event.preventDefault();
            if (!trimmedName) return;
            savePreset.mutate(
              { name: trimmedName, indicators: [...indicators] },
              {
                onSuccess: (saved) => {
                  setPresetName('');
                  setChosenPreset(saved.name);
                },
              },
            );
          }}
        >
          <input
            className="input input--compact"
            aria-label="Preset name"
            placeholder="Name these indicators"
            maxLength={64}
            value={presetName}
            onChange={(event) => setPresetName(event.target.value)}
          />
          <button type="submit" className="button button--small" disabled={!trimmedName || savePreset.isPending}>
            Save preset
          </button>
        </form>
        {savePreset.isError ? (
          <p className="field-error" role="alert">
            Could not save the preset: {describeError(savePreset.error)}
          </p>
        ) : null}
        {deletePreset.isError ? (
          <p className="field-error" role="alert">
            Could not delete the preset: {describeError(deletePreset.error)}
          </p>
        ) : null}
      </section>
    </div>
  );
}

/** The spec with the numbers typed in its fields (text that is not a number stays as NaN). */
function withDrafts(spec: IndicatorSpec, index: number, drafts: Drafts): IndicatorSpec {
  const params = { ...spec.params };
  for (const param of indicatorDef(spec.type).params) {
    const text = drafts[`${index}:${param.key}`];
    if (text !== undefined) params[param.key] = text.trim() === '' ? Number.NaN : Number(text);
  }
  return { ...spec, params };
}

/** Field errors of one indicator, by draft key, judged on what is typed. */
function errorsOf(typed: IndicatorSpec, index: number, drafts: Drafts): Map<string, string> {
  const errors = new Map<string, string>();
  for (const param of indicatorDef(typed.type).params) {
    const key = `${index}:${param.key}`;
    const error = paramError(typed, param, drafts[key] ?? String(paramOf(typed, param.key)));
    if (error) errors.set(key, error);
  }
  return errors;
}

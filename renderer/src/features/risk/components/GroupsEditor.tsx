import { useId, useState, type FormEvent } from 'react';
import type { RiskGroup } from '../../../../../shared/contract';
import { describeError, isApiError } from '../../../api';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { formatMoney } from '../../../lib/format';
import { useDeleteRiskGroup } from '../api/deleteRiskGroup';
import { useRiskGroups } from '../api/listRiskGroups';
import { useSaveRiskGroup } from '../api/saveRiskGroup';

interface GroupDraft {
  id?: string;
  name: string;
  kind: RiskGroup['kind'];
  symbols: string;
  maxGrossNotional: string;
}

const EMPTY_DRAFT: GroupDraft = { name: '', kind: 'sector', symbols: '', maxGrossNotional: '' };
const KIND_LABEL: Record<RiskGroup['kind'], string> = { sector: 'Sector', correlation: 'Correlated names' };

/** "acme, bolt crux" -> ["ACME", "BOLT", "CRUX"]: commas or spaces, as people type lists. */
export function parseSymbols(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim().toUpperCase()).filter(Boolean))];
}

/**
 * Sector and correlation groups: symbols whose combined gross exposure has a limit. Sectors
 * also give the Portfolio view its exposure by sector. The engine refuses unknown symbols
 * and a name that is taken; the refusal shows beside the field.
 */
export function GroupsEditor({ currency }: { currency: string }) {
  const groups = useRiskGroups();
  const [draft, setDraft] = useState<GroupDraft>(EMPTY_DRAFT);
  const save = useSaveRiskGroup();
  const remove = useDeleteRiskGroup();
  const formId = useId();
  const fields = save.error && isApiError(save.error) ? save.error.fields : {};
  const [nameError, setNameError] = useState<string | null>(null);
  const errors: Record<string, string | undefined> = { ...fields, ...(nameError ? { name: nameError } : {}) };
  const errorId = (field: string) => `${formId}-${field}-error`;

  const edit = (patch: Partial<GroupDraft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    setNameError(null);
    if (save.isError || save.isSuccess) save.reset();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (draft.name.trim() === '') {
      setNameError('Give the group a name, e.g. Semiconductors');
      return;
    }
    save.mutate(
      {
        ...(draft.id ? { id: draft.id } : {}),
        name: draft.name.trim(),
        kind: draft.kind,
        symbols: parseSymbols(draft.symbols),
        maxGrossNotional: draft.maxGrossNotional.trim() === '' ? null : draft.maxGrossNotional.trim(),
      },
      { onSuccess: () => setDraft(EMPTY_DRAFT) },
    );
  };

  const fieldProps = (field: string) => ({
    id: `${formId}-${field}`,
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': errors[field] ? errorId(field) : undefined,
  });
  const fieldError = (field: string) =>
    errors[field] ? (
      <p id={errorId(field)} className="field-error">
        {errors[field]}
      </p>
    ) : null;

  return (
    <div className="risk-groups">
      {groups.isPending ? (
        <LoadingState>Loading groups…</LoadingState>
      ) : groups.isError ? (
        <ErrorState error={groups.error} what="the groups" onRetry={() => void groups.refetch()} />
      ) : groups.data.length === 0 ? (
        <EmptyState>No groups yet. Add a sector or a set of correlated symbols below to limit their combined exposure.</EmptyState>
      ) : (
        <div className="risk-groups__list">
          <table className="data-table data-table--compact" aria-label="Risk groups">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Symbols</th>
                <th scope="col" className="num">
                  Max gross
                </th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {groups.data.map((group) => (
                <tr key={group.id} className={`data-table__row${draft.id === group.id ? ' is-selected' : ''}`}>
                  <td className="symbol-cell">{group.name}</td>
                  <td>{KIND_LABEL[group.kind]}</td>
                  <td className="detail-text">{group.symbols.join(', ') || '—'}</td>
                  <td className="num">{group.maxGrossNotional ? formatMoney(group.maxGrossNotional, currency) : 'no limit'}</td>
                  <td className="actions-cell">
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`Edit group ${group.name}`}
                      onClick={() => {
                        save.reset();
                        setNameError(null);
                        setDraft({
                          id: group.id,
                          name: group.name,
                          kind: group.kind,
                          symbols: group.symbols.join(', '),
                          maxGrossNotional: group.maxGrossNotional ?? '',
                        });
                      }}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="button button--small button--danger"
                      aria-label={`Delete group ${group.name}`}
                      disabled={remove.isPending}
                      onClick={() => {
                        remove.mutate(group.id);
                        if (draft.id === group.id) setDraft(EMPTY_DRAFT);
                      }}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {remove.isError ? (
        <p className="form-error" role="alert">
          Could not delete the group: {describeError(remove.error)}
        </p>
      ) : null}

      <form className="risk-groups__form" aria-label={draft.id ? `Edit group ${draft.name}` : 'New group'} noValidate onSubmit={onSubmit}>
        <div className="risk-groups__row">
          <div className="field">
            <label htmlFor={`${formId}-name`}>Group name</label>
            <input {...fieldProps('name')} className="input" autoComplete="off" value={draft.name} onChange={(e) => edit({ name: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${formId}-kind`}>Kind</label>
            <select id={`${formId}-kind`} className="input" value={draft.kind} onChange={(e) => edit({ kind: e.target.value === 'correlation' ? 'correlation' : 'sector' })}>
              <option value="sector">Sector</option>
              <option value="correlation">Correlated names</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${formId}-maxGrossNotional`}>Max gross ({currency})</label>
            <input
              {...fieldProps('maxGrossNotional')}
              className="input num"
              inputMode="decimal"
              autoComplete="off"
              placeholder="no limit"
              value={draft.maxGrossNotional}
              onChange={(e) => edit({ maxGrossNotional: e.target.value })}
            />
          </div>
        </div>
        {fieldError('name')}
        {fieldError('maxGrossNotional')}
        <div className="field">
          <label htmlFor={`${formId}-symbols`}>Symbols (comma or space separated)</label>
          <input
            {...fieldProps('symbols')}
            className="input"
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. ACME, BOLT"
            value={draft.symbols}
            onChange={(e) => edit({ symbols: e.target.value })}
          />
        </div>
        {fieldError('symbols')}
        {save.isError ? (
          <p className="form-error" role="alert">
            Not saved: {describeError(save.error)}
          </p>
        ) : null}
        {save.isSuccess ? (
          <p className="form-confirmation" role="status">
            Saved group {save.data.name}.
          </p>
        ) : null}
        <div className="risk-limits__actions">
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : draft.id ? 'Save group' : 'Add group'}
          </button>
          {draft.id ? (
            <button
              type="button"
              className="button"
              onClick={() => {
                setDraft(EMPTY_DRAFT);
                save.reset();
              }}
            >
              New group
            </button>
          ) : null}
        </div>
      </form>
    </div>
  );
}

import { useRef, useState } from 'react';
import type { ConnectionInfo } from '../../../../../shared/contract';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { useConnections } from '../api/listConnections';
import { ConnectionRow } from './ConnectionRow';
import { DeleteConnectionDialog } from './DeleteConnectionDialog';
import { EnableLiveDialog } from './EnableLiveDialog';
import '../connections.css';

type OpenDialog = { kind: 'delete' | 'enableLive'; id: string } | null;

export const NO_CONNECTIONS_TEXT =
  'No broker connected — the paper session needs none. Add an Alpaca account or a crypto exchange to trade them.';

/** The saved broker and exchange accounts with their actions. Dialogs live here so they outlive a deleted row. */
export function ConnectionsList() {
  const connections = useConnections();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const tableRef = useRef<HTMLDivElement>(null);

  if (connections.isPending) return <LoadingState>Loading connections…</LoadingState>;
  if (connections.isError) {
    return <ErrorState error={connections.error} what="connections" onRetry={() => void connections.refetch()} />;
  }

  const list = connections.data;
  const shown: ConnectionInfo | undefined = dialog ? list.find((c) => c.id === dialog.id) : undefined;
  const closeDialog = () => setDialog(null);

  return (
    <div className="connections-list" ref={tableRef} tabIndex={-1}>
      {list.length === 0 ? (
        <EmptyState>{NO_CONNECTIONS_TEXT}</EmptyState>
      ) : (
        <div className="table-scroll">
          <table className="data-table connections-table" aria-label="Connections">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Venue</th>
                <th scope="col">Account</th>
                <th scope="col">Key</th>
                <th scope="col">Status · last test</th>
                <th scope="col">Tested</th>
                <th scope="col">Storage</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((connection) => (
                <ConnectionRow
                  key={connection.id}
                  connection={connection}
                  onDelete={() => setDialog({ kind: 'delete', id: connection.id })}
                  onEnableLive={() => setDialog({ kind: 'enableLive', id: connection.id })}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog?.kind === 'delete' && shown ? (
        <DeleteConnectionDialog
          connection={shown}
          onClose={closeDialog}
          onDeleted={() => {
            closeDialog();
            // The row and its buttons are gone: the list keeps the focus instead of the page.
            requestAnimationFrame(() => tableRef.current?.focus());
          }}
        />
      ) : null}
      {dialog?.kind === 'enableLive' && shown ? <EnableLiveDialog connection={shown} onClose={closeDialog} /> : null}
    </div>
  );
}

import { AddConnectionForm } from '../features/connections/components/AddConnectionForm';
import { ConnectionsList } from '../features/connections/components/ConnectionsList';
import { VaultBanner } from '../features/connections/components/VaultBanner';
import { Panel } from './Panel';

/** Broker and exchange accounts: the list with its actions, and the form to add one. */
export function ConnectionsView() {
  return (
    <main className="connections-view" aria-label="Connections">
      <VaultBanner />
      <div className="connections-layout">
        <Panel title="Connections" className="connections-layout__list">
          <ConnectionsList />
        </Panel>
        <Panel title="Add a connection" className="connections-layout__add">
          <AddConnectionForm />
        </Panel>
      </div>
    </main>
  );
}

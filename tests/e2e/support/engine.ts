// The engine side of the e2e fixture, as ONE module graph: the fixture loads this file with a
// single tsImport. Separate tsImport calls each get their own copy of every module, and then
// `err instanceof VenueError` fails between a venue factory from one copy and the engine of
// another (the engine would report a venue's refusal as "unavailable").
export { createWorkstation } from '../../../electron/core/workstation';
export { startHeadlessHost } from '../../../electron/headless/server';
export { createVenueFactory } from '../../../electron/core/connections/venueFactory';
export { SessionVault } from '../../../electron/core/secrets/sessionVault';

import { z } from 'zod';
import { invoke } from './define';
import { EpochMs } from './common';

export const SessionStatus = z.object({
  kind: z.enum(['paper']),
  /** How many market minutes pass per wall-clock minute in the sample replay. */
  speed: z.number(),
  paused: z.boolean(),
  /** The simulated market clock, epoch ms. */
  marketTime: EpochMs,
  seed: z.number().int(),
});
export type SessionStatus = z.infer<typeof SessionStatus>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** Where the store lives, so a user can back it up. */
  dataDir: z.string(),
  schemaVersion: z.number().int(),
  startedAt: EpochMs,
  session: SessionStatus,
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appChannels = {
  'app.info': invoke('Version, data folder and session.', z.object({}).strict().default({}), AppInfo),
  'session.control': invoke(
    'Pause, resume or change the speed of the local paper session replay.',
    z
      .object({
        paused: z.boolean().optional(),
        speed: z.number().min(1).max(10_000).optional(),
      })
      .strict(),
    SessionStatus,
  ),
} as const;

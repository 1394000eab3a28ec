import type { z } from 'zod';
import { accountChannels, accountEvents } from './account';
import { accountsChannels, accountsEvents } from './accounts';
import { appChannels } from './app';
import { botsChannels, botsEvents } from './bots';
import { connectionsChannels, connectionsEvents } from './connections';
import { marketChannels, marketEvents } from './market';
import { marketDataChannels, marketDataEvents } from './marketdata';
import { riskChannels, riskEvents } from './risk';
import { portfolioChannels } from './portfolio';
import { ordersChannels, ordersEvents } from './orders';
import { trainingChannels, trainingEvents } from './training';

export * from './account';
export * from './accounts';
export * from './app';
export * from './bots';
export * from './common';
export * from './connections';
export * from './define';
export * from './envelope';
export * from './market';
export * from './marketdata';
export * from './orders';
export * from './risk';
export * from './portfolio';
export * from './training';

/** Every request/reply channel. Adding a channel anywhere else is a bug. */
export const invokeChannels = {
  ...appChannels,
  ...marketChannels,
  ...marketDataChannels,
  ...ordersChannels,
  ...accountChannels,
  ...connectionsChannels,
  ...accountsChannels,
  ...riskChannels,
  ...portfolioChannels,
  ...botsChannels,
  ...trainingChannels,
} as const;

/** Every pushed event. */
export const eventChannels = {
  ...marketEvents,
  ...marketDataEvents,
  ...ordersEvents,
  ...accountEvents,
  ...connectionsEvents,
  ...accountsEvents,
  ...riskEvents,
  ...botsEvents,
  ...trainingEvents,
} as const;

export type InvokeName = keyof typeof invokeChannels;
export type EventName = keyof typeof eventChannels;

/** What a caller may send (before defaults are applied). */
export type InputOf<N extends InvokeName> = z.input<(typeof invokeChannels)[N]['input']>;
/** What the handler receives (after parsing and defaults). */
export type ParsedInputOf<N extends InvokeName> = z.output<(typeof invokeChannels)[N]['input']>;
export type OutputOf<N extends InvokeName> = z.output<(typeof invokeChannels)[N]['output']>;
export type PayloadOf<E extends EventName> = z.output<(typeof eventChannels)[E]['payload']>;

export const invokeNames = Object.keys(invokeChannels) as InvokeName[];
export const eventNames = Object.keys(eventChannels) as EventName[];

export function isInvokeName(name: unknown): name is InvokeName {
  return typeof name === 'string' && Object.hasOwn(invokeChannels, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(eventChannels, name);
}

/** The bridge the preload script exposes as window.workstation, and the WebSocket client mimics. */
export interface WorkstationBridge {
  invoke(channel: string, input: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

/** Wire format of the headless host's WebSocket (same contract as IPC). */
export type WsClientMessage = { id: number; channel: string; input: unknown };
export type WsServerMessage =
  /** id is null when the request's id could not be read (as in JSON-RPC). */
  | { id: number | null; reply: unknown }
  | { event: string; payload: unknown }
  | { hello: { version: string } };

import type { WebhookEndpoint } from '../integrations/schema.ts';

/** How an endpoint is doing, as a badge: delivering, failing since a time (retries go on), or disabled after 24 hours of failures. */
export function endpointStatus(endpoint: Pick<WebhookEndpoint, 'failingSince' | 'disabledAt'>): { label: string; tone: 'ok' | 'warn' | 'off' } {
  const when = (time: number) => new Date(time).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  if (endpoint.disabledAt !== null) return { label: `Disabled ${when(endpoint.disabledAt)} after 24 hours of failures`, tone: 'off' };
  if (endpoint.failingSince !== null) return { label: `Failing since ${when(endpoint.failingSince)} (retrying)`, tone: 'warn' };
  return { label: 'Delivering', tone: 'ok' };
}

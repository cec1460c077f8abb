import fs from 'node:fs';
import type http from 'node:http';
import type { HubConfig } from '../lib/config/schema.ts';
import type { MomentumEvent, Touched } from '../lib/momentum/create-momentum.ts';
import { createHandlers } from './create-handlers.ts';
import { createHubServices, type HubServices } from './create-hub-services.ts';
import { createForwarder } from './http/create-forwarder.ts';
import { createHttpApp } from './http/create-http-app.ts';
import { sendErrorPage } from './http/send-error-page.ts';
import { routeTable } from './route-table.ts';

/**
 * What one process of the hub is: `all` answers every route itself (tests, and any embedding);
 * `counting` answers the hot paths and the built site and forwards the routes that `runsIn: 'app'`
 * to `appSocket`; `app` answers everything, on `appSocket` (a Unix socket only the hub's own
 * processes reach, so it trusts their X-Forwarded-For).
 */
export type HubRole = { kind: 'all' } | { kind: 'counting'; appSocket: string } | { kind: 'app'; appSocket: string };

export type RunningHub = {
  server: http.Server;
  url: string;
  services: HubServices;
  close(): Promise<void>;
};

/** Why a 401 was answered, and what would let the caller in. */
function unauthorizedMessage(config: HubConfig) {
  return (auth: 'token' | 'editor') => {
    if (auth === 'editor') return 'Sign in at /dashboard/login, or send Authorization: Bearer <HUB_ADMIN_TOKEN>.';
    return config.adminToken ? 'Send Authorization: Bearer <HUB_ADMIN_TOKEN>.' : 'Stats are off: set HUB_ADMIN_TOKEN on the server.';
  };
}

async function listen(app: ReturnType<typeof createHttpApp>, config: HubConfig, role: HubRole) {
  if (role.kind === 'app') {
    fs.rmSync(role.appSocket, { force: true });
    await app.listen({ path: role.appSocket });
    fs.chmodSync(role.appSocket, 0o600);
    return;
  }
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`port ${config.port} on ${config.host} is already in use (EADDRINUSE): stop the other server or set PORT`, { cause: error });
    }
    throw error;
  }
}

/**
 * Builds the hub's services over the build in `distDir`, mounts the route table and listens;
 * then starts the background jobs. Resolves once the server accepts connections.
 * `relayTouches`: milestone checks happen elsewhere (see createHubServices).
 */
export async function startHub(config: HubConfig, distDir: string, role: HubRole = { kind: 'all' }, relayTouches?: (event: MomentumEvent, changed: Touched) => void): Promise<RunningHub> {
  // The app process is reached only through the counting processes, which say who the client is.
  const effective = role.kind === 'app' ? { ...config, trustProxy: true } : config;
  const services = await createHubServices(effective, distDir, { relayTouches, maintenance: role.kind !== 'counting' });
  const forwarder = role.kind === 'counting' ? createForwarder({ socketPath: role.appSocket, trustProxy: config.trustProxy, siteUrl: config.siteUrl }) : undefined;
  const { auth } = services;
  const app = createHttpApp(routeTable, createHandlers(services, forwarder?.forward), {
    siteUrl: effective.siteUrl,
    trustProxy: effective.trustProxy,
    authenticate: (request) => auth.authenticate(request.raw),
    checkCsrf: (request, fields) => auth.checkCsrf(request.raw, fields),
    takeLimits: (request, names) => services.limits.take(request, names),
    unauthorizedMessage: unauthorizedMessage(config),
    sendErrorPage: (_request, reply, error) => sendErrorPage(reply, error, services.staticFiles.notFound),
    forwarder,
  });
  try {
    await listen(app, config, role);
  } catch (error) {
    await services.close();
    throw error;
  }
  for (const job of services.jobs) job.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  return {
    server: app.server,
    url: role.kind === 'app' ? `unix:${role.appSocket}` : `http://${host}:${port}`,
    services,
    async close() {
      app.server.closeAllConnections();
      await app.close();
      await services.close();
    },
  };
}

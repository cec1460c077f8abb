import type http from 'node:http';
import type { HubConfig } from '../lib/config/schema.ts';
import { createHandlers } from './create-handlers.ts';
import { createHubServices, type HubServices } from './create-hub-services.ts';
import { createHttpApp } from './http/create-http-app.ts';
import { sendErrorPage } from './http/send-error-page.ts';
import { routeTable } from './route-table.ts';

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

/**
 * Builds the hub's services over the build in `distDir`, mounts the route table and listens;
 * then starts the background jobs. Resolves once the server accepts connections.
 */
export async function startHub(config: HubConfig, distDir: string): Promise<RunningHub> {
  const services = await createHubServices(config, distDir);
  const { auth } = services;
  const app = createHttpApp(routeTable, createHandlers(services), {
    siteUrl: config.siteUrl,
    trustProxy: config.trustProxy,
    authenticate: (request) => auth.authenticate(request.raw),
    checkCsrf: (request, fields) => auth.checkCsrf(request.raw, fields),
    unauthorizedMessage: unauthorizedMessage(config),
    sendErrorPage: (_request, reply, error) => sendErrorPage(reply, error, services.staticFiles.notFound),
  });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await services.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`port ${config.port} on ${config.host} is already in use (EADDRINUSE): stop the other server or set PORT`, { cause: error });
    }
    throw error;
  }
  for (const job of services.jobs) job.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  return {
    server: app.server,
    url: `http://${host}:${port}`,
    services,
    async close() {
      app.server.closeAllConnections();
      await app.close();
      await services.close();
    },
  };
}

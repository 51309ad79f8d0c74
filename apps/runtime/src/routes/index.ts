/** The route table: every HTTP route of the runtime, in registration order. The app, OpenAPI and the auth test walk it. */
import type { RuntimeContext } from '../context';
import { flowsDirRoutes } from '../flows-dir/index';
import type { Route } from '../http/route';
import type { HookAnswer, HookRequest } from '../webhooks/hook-handler';
import { hookRoutes } from '../webhooks/hook-route';
import { connectionRoutes } from './connections';
import { eventRoutes } from './events';
import { flowTriggerRoutes } from './flow-triggers';
import { flowRoutes } from './flows';
import { nodeTypeRoutes } from './node-types';
import { runRoutes } from './runs';
import { systemRoutes } from './system';

export function allRoutes(c: RuntimeContext, handleHook: (req: HookRequest) => Promise<HookAnswer>): Route[] {
  const routes: Route[] = [];
  routes.push(
    ...systemRoutes(c, () => routes),
    ...flowRoutes(c),
    ...flowsDirRoutes(c),
    ...flowTriggerRoutes(c),
    ...runRoutes(c),
    ...connectionRoutes(c),
    ...nodeTypeRoutes(c),
    ...eventRoutes(c),
    ...hookRoutes(handleHook),
  );
  return routes;
}

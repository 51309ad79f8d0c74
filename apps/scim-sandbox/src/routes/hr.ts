// Demo HR feed: GET /hr/hires and /hr/terminations (token optional; a wrong token is refused), PUT to replace (token required).
import { randomUUID } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import { type ZodError, z } from 'zod';
import { ScimError } from '../errors';
import { hireEventSchema, terminationEventSchema } from '../hr-feed';
import { tokenMatches } from '../http';
import type { AppContext } from './context';

const hiresBody = z.object({ events: z.array(hireEventSchema) });
const terminationsBody = z.object({ events: z.array(terminationEventSchema) });

const refuse = (res: Response, error: ScimError): void => {
  res.status(error.status).json(error.toBody());
};

const invalid = (res: Response, error: ZodError): void => {
  const issue = error.issues[0];
  refuse(
    res,
    new ScimError(
      400,
      `body must be {"events":[…]}: ${issue?.path.join('.')} ${issue?.message}`,
      'invalidValue',
    ),
  );
};

const withIds = <T extends { eventId?: string }>(events: T[], prefix: string): T[] =>
  events.map((e) => ({ ...e, eventId: e.eventId ?? `${prefix}-${randomUUID()}` }));

export function hrRouter(ctx: AppContext): Router {
  const router = Router();
  const { store, options } = ctx;
  const authorized = (req: Request) => tokenMatches(req.get('authorization'), options.token);
  const readable = (req: Request, res: Response): boolean => {
    if (req.get('authorization') === undefined || authorized(req)) return true;
    refuse(res, new ScimError(401, 'The bearer token is not valid (it is optional on GET /hr/*).'));
    return false;
  };
  const writable = (req: Request, res: Response): boolean => {
    if (authorized(req)) return true;
    refuse(res, new ScimError(401, 'PUT /hr/* needs Authorization: Bearer <token>.'));
    return false;
  };

  router.get('/hires', (req, res) => {
    if (readable(req, res)) res.json({ events: store.getHrFeed().hires });
  });
  router.get('/terminations', (req, res) => {
    if (readable(req, res)) res.json({ events: store.getHrFeed().terminations });
  });
  router.put('/hires', (req, res) => {
    if (!writable(req, res)) return;
    const parsed = hiresBody.safeParse(req.body);
    if (!parsed.success) return invalid(res, parsed.error);
    store.setHrFeed({ hires: withIds(parsed.data.events, 'hire') });
    res.json({ events: store.getHrFeed().hires });
  });
  router.put('/terminations', (req, res) => {
    if (!writable(req, res)) return;
    const parsed = terminationsBody.safeParse(req.body);
    if (!parsed.success) return invalid(res, parsed.error);
    store.setHrFeed({ terminations: withIds(parsed.data.events, 'term') });
    res.json({ events: store.getHrFeed().terminations });
  });
  return router;
}

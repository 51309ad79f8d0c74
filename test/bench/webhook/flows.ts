/** The webhook bench's payload, the mapping both servers answer with, and the idflow flows that do it. */

export const PAYLOAD = {
  email: 'Ada.Lovelace@Example.COM',
  firstName: 'Ada',
  lastName: 'Lovelace',
  status: 'active',
  department: 'R&D',
  groups: ['eng', 'admins'],
};

/** What the bare Express baseline computes by hand; the flow's transform.map computes the same with JSONata. */
export function mapUser(body: typeof PAYLOAD) {
  return {
    userName: body.email.toLowerCase(),
    displayName: `${body.firstName} ${body.lastName}`,
    active: body.status === 'active',
    department: body.department,
  };
}

const MAP_EXPRESSION =
  '={ "userName": $lowercase(trigger.body.email), "displayName": trigger.body.firstName & " " & trigger.body.lastName, "active": trigger.body.status = "active", "department": trigger.body.department }';

export type RespondMode = 'onCompletion' | 'accepted';

/** trigger.webhook → transform.map → flow.respond, listening on /hooks/<id>. */
export function benchFlow(id: string, respond: RespondMode) {
  return {
    schemaVersion: 1,
    id,
    name: `Webhook bench (${respond})`,
    nodes: [
      {
        id: 'hook',
        type: 'trigger.webhook',
        position: { x: 0, y: 0 },
        config: { path: id, respond, auth: 'token' },
      },
      { id: 'map', type: 'transform.map', position: { x: 280, y: 0 }, config: { value: MAP_EXPRESSION } },
      {
        id: 'reply',
        type: 'flow.respond',
        position: { x: 560, y: 0 },
        config: { status: 200, body: '=steps.map' },
      },
    ],
    edges: [
      { from: 'hook', to: 'map' },
      { from: 'map', to: 'reply' },
    ],
  };
}

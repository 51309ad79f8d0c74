// SandboxStore: users, groups and the HR feed in memory or in a lowdb JSON file (written after each mutation).
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LowSync, MemorySync } from 'lowdb';
import { JSONFileSync } from 'lowdb/node';
import { defaultHrFeed, type HrFeed } from './hr-feed';
import { createResource, type Repo } from './mutations';
import { type RenderEnv, render } from './resource/render';
import { GROUP_TYPE, USER_TYPE } from './schema/defs';
import { isObj, type Obj } from './schema/resolve';
import type { ResourceTypeDef } from './schema/types';
import { DEFAULT_GROUPS, DEFAULT_USERS } from './seed';

export interface SeedData {
  users?: object[];
  groups?: object[];
  hrFeed?: HrFeed;
}

/** A rendered SCIM resource (plain JSON, never containing `password`). */
export type ScimResource = Record<string, unknown>;

/**
 * Programmatic access to the sandbox's data. **All methods are synchronous.**
 * Reads return rendered resources (as GET would, with `groups`, `meta.location`, `meta.version`).
 */
export interface SandboxStore {
  listUsers(): ScimResource[];
  listGroups(): ScimResource[];
  getUser(id: string): ScimResource | undefined;
  getGroup(id: string): ScimResource | undefined;
  /** Back to the initial seed (options.seed, else the default demo seed), HR feed included. */
  reset(): void;
  /** Removes every user and group (the HR feed is kept). */
  clear(): void;
  /**
   * Adds users and groups through the same validation as POST. A seed item may carry its own `id`;
   * group members may name users by id or by userName, and groups by displayName.
   */
  seed(data: { users?: object[]; groups?: object[] }): { users: ScimResource[]; groups: ScimResource[] };
  /** Deep copies of all users and groups, rendered. */
  snapshot(): { users: ScimResource[]; groups: ScimResource[] };
  getHrFeed(): HrFeed;
  setHrFeed(feed: Partial<HrFeed>): void;
}

interface StoreData {
  users: Obj[];
  groups: Obj[];
  hrFeed: HrFeed;
}

/** The store implementation; the app uses its Repo side, callers see SandboxStore. */
export class SandboxStoreImpl implements SandboxStore, Repo {
  private readonly db: LowSync<StoreData>;
  /** Base URL used when rendering outside a request (set by startSandbox once the port is known). */
  baseUrl = '/scim/v2';

  constructor(
    private readonly initial: SeedData,
    private readonly etag: boolean,
    dataFile?: string,
  ) {
    const empty: StoreData = { users: [], groups: [], hrFeed: { hires: [], terminations: [] } };
    if (dataFile) mkdirSync(dirname(dataFile), { recursive: true });
    const existing = dataFile !== undefined && existsSync(dataFile);
    this.db = new LowSync<StoreData>(
      dataFile ? new JSONFileSync<StoreData>(dataFile) : new MemorySync(),
      empty,
    );
    this.db.read();
    const loaded = this.db.data;
    // A new (or unusable) data file and in-memory stores start from the seed; an existing file is kept as is.
    if (!existing || !Array.isArray(loaded?.users) || !Array.isArray(loaded?.groups)) this.reset();
    else loaded.hrFeed ??= initial.hrFeed ?? defaultHrFeed();
  }

  items(rt: ResourceTypeDef): Obj[] {
    return rt.id === 'User' ? this.db.data.users : this.db.data.groups;
  }

  findAny(id: string): { rt: ResourceTypeDef; stored: Obj } | undefined {
    const user = this.db.data.users.find((u) => u.id === id);
    if (user) return { rt: USER_TYPE, stored: user };
    const group = this.db.data.groups.find((g) => g.id === id);
    return group ? { rt: GROUP_TYPE, stored: group } : undefined;
  }

  persist(): void {
    this.db.write();
  }

  /** Rendering context for a request's base URL. */
  env(base = this.baseUrl): RenderEnv {
    return {
      base,
      etag: this.etag,
      find: (id) => {
        const found = this.findAny(id);
        if (!found) return undefined;
        const display = found.stored.displayName ?? found.stored.userName;
        return { type: found.rt.name, display: typeof display === 'string' ? display : undefined };
      },
      groupsOf: (userId) =>
        this.db.data.groups.filter(
          (g) => Array.isArray(g.members) && g.members.some((m) => isObj(m) && m.value === userId),
        ),
    };
  }

  private renderAll(rt: ResourceTypeDef): ScimResource[] {
    const env = this.env();
    return this.items(rt).map((r) => render(rt, r, env));
  }

  listUsers(): ScimResource[] {
    return this.renderAll(USER_TYPE);
  }

  listGroups(): ScimResource[] {
    return this.renderAll(GROUP_TYPE);
  }

  getUser(id: string): ScimResource | undefined {
    const found = this.db.data.users.find((u) => u.id === id);
    return found ? render(USER_TYPE, found, this.env()) : undefined;
  }

  getGroup(id: string): ScimResource | undefined {
    const found = this.db.data.groups.find((g) => g.id === id);
    return found ? render(GROUP_TYPE, found, this.env()) : undefined;
  }

  clear(): void {
    this.db.data.users = [];
    this.db.data.groups = [];
    this.persist();
  }

  reset(): void {
    this.db.data = { users: [], groups: [], hrFeed: structuredClone(this.initial.hrFeed ?? defaultHrFeed()) };
    this.seed({ users: this.initial.users ?? DEFAULT_USERS, groups: this.initial.groups ?? DEFAULT_GROUPS });
    this.persist();
  }

  seed(data: { users?: object[]; groups?: object[] }): { users: ScimResource[]; groups: ScimResource[] } {
    const users = (data.users ?? []).map((u) => this.seedOne(USER_TYPE, u as Obj));
    const groups = (data.groups ?? []).map((g) =>
      this.seedOne(GROUP_TYPE, this.resolveSeedMembers(g as Obj)),
    );
    const env = this.env();
    return {
      users: users.map((u) => render(USER_TYPE, u, env)),
      groups: groups.map((g) => render(GROUP_TYPE, g, env)),
    };
  }

  private seedOne(rt: ResourceTypeDef, item: Obj): Obj {
    return createResource(this, rt, item, typeof item.id === 'string' ? { id: item.id } : {});
  }

  private resolveSeedMembers(group: Obj): Obj {
    if (!Array.isArray(group.members)) return group;
    const members = group.members.map((m) => {
      const ref = isObj(m) && typeof m.value === 'string' ? m.value : undefined;
      const lower = ref?.toLowerCase();
      const match =
        this.db.data.users.find((u) => u.id === ref || String(u.userName).toLowerCase() === lower) ??
        this.db.data.groups.find((g) => g.id === ref || String(g.displayName).toLowerCase() === lower);
      return match ? { value: match.id } : m;
    });
    return { ...group, members };
  }

  snapshot(): { users: ScimResource[]; groups: ScimResource[] } {
    return { users: this.listUsers(), groups: this.listGroups() };
  }

  getHrFeed(): HrFeed {
    return structuredClone(this.db.data.hrFeed);
  }

  setHrFeed(feed: Partial<HrFeed>): void {
    this.db.data.hrFeed = { ...this.db.data.hrFeed, ...structuredClone(feed) };
    this.persist();
  }
}

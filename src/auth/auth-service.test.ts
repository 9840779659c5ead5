import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configFrom } from '../config/index.js';
import { CairnError } from '../errors/index.js';
import { ChangeFeed, openDatabase, type StorageHandle } from '../storage/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../storage/test-support/test-databases.js';
import { createAuth, type AuthLimits, type AuthService } from './index.js';

const ADMIN_TOKEN = 'fixed-admin-token-for-tests-0123456789abcdef';
const logger = pino({ level: 'silent' });

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof CairnError) return error.code;
    throw error;
  }
  return undefined;
}

describe.each(testDialects)('auth service on %s', (dialect) => {
  // One database per dialect keeps the suite fast; tests that need an empty one ask for `fresh`.
  let shared: TestDatabase;
  const freshDatabases: TestDatabase[] = [];
  const cleanups: Array<() => Promise<void> | void> = [];
  let counter = 0;
  const unique = (name: string) => `${name}-${++counter}`;

  beforeAll(async () => {
    shared = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
    for (const database of freshDatabases.splice(0)) await database.cleanup();
  });
  afterAll(async () => {
    if (shared) await shared.cleanup();
  });

  /** One Cairn instance's auth; instances of a test share its database. `clock.now` is writable. */
  async function instance(options: { adminToken?: string | null; clock?: { now: number }; fresh?: boolean; limits?: AuthLimits } = {}) {
    let database = shared;
    if (options.fresh) {
      database = freshDatabases[0] ?? (await createTestDatabase(dialect));
      if (freshDatabases.length === 0) freshDatabases.push(database);
    }
    const storage: StorageHandle = await openDatabase(database.url, database.dataDir);
    const changeFeed = new ChangeFeed(storage.db, 60_000, logger);
    await changeFeed.start();
    const adminToken = options.adminToken === undefined ? ADMIN_TOKEN : (options.adminToken ?? undefined);
    const config = configFrom({ data_dir: database.dataDir, database_url: database.url, admin_token: adminToken });
    const clock = options.clock;
    const auth = await createAuth({ db: storage.db, changeFeed, logger, config, limits: options.limits, now: clock ? () => clock.now : undefined });
    cleanups.push(async () => {
      auth.close();
      changeFeed.stop();
      await storage.close();
    });
    return { auth, changeFeed, storage };
  }

  async function userWithToken(auth: AuthService, name: string, options: { lifetimeSeconds?: number } = {}) {
    const user = await auth.principals.create({ kind: 'user', name: unique(name) }, null);
    const token = await auth.tokens.create(user.id, { createdBy: null, lifetimeSeconds: options.lifetimeSeconds });
    return { user, token: token.value, tokenId: token.info.id };
  }

  it('bootstraps the configured admin token idempotently and rotates it when the configured value changes', async () => {
    const first = await instance({ fresh: true });
    const { principal, newToken } = await first.auth.bootstrapAdmin();
    expect(newToken).toBeNull();
    expect(principal).toMatchObject({ name: 'admin', isAdmin: true });
    expect(first.auth.authenticate(ADMIN_TOKEN)).toMatchObject({ id: principal.id, isAdmin: true });

    const again = await first.auth.bootstrapAdmin();
    expect(again.principal.id).toBe(principal.id);
    expect((await first.auth.tokens.list({ principalId: principal.id })).length).toBe(1);

    const rotatedToken = 'rotated-admin-token-for-tests-0123456789abcdef';
    const second = await instance({ adminToken: rotatedToken, fresh: true });
    await second.auth.bootstrapAdmin();
    expect(second.auth.authenticate(rotatedToken).id).toBe(principal.id);
    expect(codeOf(() => second.auth.authenticate(ADMIN_TOKEN))).toBe('UNAUTHENTICATED');
  });

  it('without a configured token creates an admin token once and never again', async () => {
    const auth = (await instance({ adminToken: null, fresh: true })).auth;
    const { newToken, principal } = await auth.bootstrapAdmin();
    expect(newToken).toMatch(/^cairn_[A-Za-z0-9_-]{43}$/);
    expect(auth.authenticate(newToken as string).id).toBe(principal.id);
    expect((await auth.bootstrapAdmin()).newToken).toBeNull();
  });

  it('SEC API2: stores tokens only as sha256 hashes', async () => {
    const { auth, storage } = await instance();
    const { token } = await userWithToken(auth, 'ada');
    expect(token).toMatch(/^cairn_/);
    const rows = await storage.db.selectFrom('tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash))).toBe(true);
  });

  it('SEC API2: missing, malformed, unknown, revoked and expired tokens are all UNAUTHENTICATED', async () => {
    const clock = { now: 1_700_000_000_000 };
    const { auth } = await instance({ clock });
    const live = await userWithToken(auth, 'ada');
    const expiring = await userWithToken(auth, 'bob', { lifetimeSeconds: 60 });
    const revoked = await userWithToken(auth, 'cy');
    await auth.tokens.revoke(revoked.tokenId, null);

    expect(auth.authenticate(live.token).id).toBe(live.user.id);
    expect(auth.authenticate(expiring.token).id).toBe(expiring.user.id);
    clock.now += 60_000;
    for (const token of [undefined, '', 'x'.repeat(5000), 'cairn_unknown', revoked.token, expiring.token]) {
      expect(codeOf(() => auth.authenticate(token))).toBe('UNAUTHENTICATED');
    }
    expect(auth.authenticate(live.token).id).toBe(live.user.id);
  });

  it('SEC API2: a token revoked on one instance is rejected by another after its change-feed poll', async () => {
    const a = await instance();
    const b = await instance();
    const { token, tokenId, user } = await userWithToken(a.auth, 'ada');
    await b.changeFeed.poll();
    await b.auth.refresh(); // the poll schedules a reload; wait for it deterministically
    expect(b.auth.authenticate(token).id).toBe(user.id);

    await a.auth.tokens.revoke(tokenId, null);
    expect(codeOf(() => a.auth.authenticate(token))).toBe('UNAUTHENTICATED');
    await b.changeFeed.poll();
    await b.auth.refresh();
    expect(codeOf(() => b.auth.authenticate(token))).toBe('UNAUTHENTICATED');
  });

  it('deactivating a principal stops its tokens; reactivating restores them', async () => {
    const { auth } = await instance();
    const { user, token } = await userWithToken(auth, 'ada');
    await auth.principals.update(user.id, { active: false }, null);
    expect(codeOf(() => auth.authenticate(token))).toBe('UNAUTHENTICATED');
    await auth.principals.update(user.id, { active: true }, null);
    expect(auth.authenticate(token).id).toBe(user.id);
  });

  it('SEC API2: too many distinct bad tokens from one source are refused with 429 and Retry-After', async () => {
    const clock = { now: 1_700_000_000_000 };
    const { auth } = await instance({ clock });
    const { token, user } = await userWithToken(auth, 'ada');
    for (let attempt = 0; attempt < 20; attempt++) {
      expect(codeOf(() => auth.authenticate(`cairn_guess_${attempt}`, '10.0.0.1'))).toBe('UNAUTHENTICATED');
    }
    let refusal: CairnError | undefined;
    try {
      auth.authenticate(token, '10.0.0.1');
    } catch (error) {
      refusal = error as CairnError;
    }
    expect(refusal?.code).toBe('REQUEST_LIMIT_EXCEEDED');
    expect(Number(refusal?.headers['retry-after'])).toBeGreaterThan(0);
    // other sources are unaffected, and the block lifts after the window
    expect(auth.authenticate(token, '10.0.0.2').id).toBe(user.id);
    clock.now += 61_000;
    expect(auth.authenticate(token, '10.0.0.1').id).toBe(user.id);
  });

  it('a client retrying one stale token is not mistaken for a brute-force attempt', async () => {
    const { auth } = await instance();
    for (let attempt = 0; attempt < 50; attempt++) {
      expect(codeOf(() => auth.authenticate('cairn_stale', '10.0.0.1'))).toBe('UNAUTHENTICATED');
    }
  });

  it('members inherit the grants of their groups, including nested groups', async () => {
    const { auth } = await instance();
    const { user, token } = await userWithToken(auth, 'ada');
    const team = await auth.principals.create({ kind: 'group', name: unique('team') }, null);
    const org = await auth.principals.create({ kind: 'group', name: unique('org') }, null);
    await auth.principals.addMembers(team.id, [user.id], null);
    await auth.principals.addMembers(org.id, [team.id], null);
    await auth.permissions.update('serving-endpoints', 'e1', [{ principalId: org.id, level: 'CAN_VIEW' }], { replace: false, actorId: null });
    await auth.permissions.update('serving-endpoints', 'e1', [{ principalId: team.id, level: 'CAN_QUERY' }], { replace: false, actorId: null });

    const principal = auth.authenticate(token);
    expect(principal.groupIds).toEqual([team.id]);
    expect(auth.levelOn(principal, 'serving-endpoints', 'e1')).toBe('CAN_QUERY');
    expect(auth.levelOn(principal, 'serving-endpoints', 'e2')).toBeNull();

    // leaving the group takes effect for a principal already authenticated
    await auth.principals.removeMembers(team.id, [user.id], null);
    expect(auth.levelOn(principal, 'serving-endpoints', 'e1')).toBeNull();
  });

  it('require() answers 404 to principals that cannot see the object and 403 to those that lack the level', async () => {
    const { auth } = await instance();
    await auth.bootstrapAdmin();
    const viewer = await userWithToken(auth, 'viewer');
    const stranger = await userWithToken(auth, 'stranger');
    await auth.permissions.update('registered-models', 'm1', [{ principalId: viewer.user.id, level: 'CAN_READ' }], {
      replace: false,
      actorId: null,
    });
    const asViewer = auth.authenticate(viewer.token);
    const asStranger = auth.authenticate(stranger.token);
    const admin = auth.authenticate(ADMIN_TOKEN);
    const check = (principal: typeof admin, level: 'CAN_READ' | 'CAN_EDIT' | 'CAN_MANAGE') =>
      codeOf(() => auth.require(principal, 'registered-models', 'm1', level, 'Model m1 does not exist.'));

    expect(check(asStranger, 'CAN_READ')).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(check(asViewer, 'CAN_READ')).toBeUndefined();
    expect(check(asViewer, 'CAN_EDIT')).toBe('PERMISSION_DENIED');
    expect(check(admin, 'CAN_MANAGE')).toBeUndefined();
  });

  it('grantOwner gives CAN_MANAGE, removeObject drops every grant', async () => {
    const { auth } = await instance();
    const owner = await userWithToken(auth, 'owner');
    await auth.grantOwner('serving-endpoints', 'e1', owner.user.id);
    const principal = auth.authenticate(owner.token);
    expect(auth.levelOn(principal, 'serving-endpoints', 'e1')).toBe('CAN_MANAGE');
    await auth.removeObject('serving-endpoints', 'e1');
    expect(auth.levelOn(principal, 'serving-endpoints', 'e1')).toBeNull();
  });

  it('canCreate: admins and users yes, service principals only when admin, groups never', async () => {
    const { auth } = await instance();
    const user = await auth.principals.create({ kind: 'user', name: unique('ada') }, null);
    const robot = await auth.principals.create({ kind: 'service_principal', name: unique('robot') }, null);
    const adminRobot = await auth.principals.create({ kind: 'service_principal', name: unique('admin-robot'), isAdmin: true }, null);
    const principalOf = async (id: string) => auth.authenticate((await auth.tokens.create(id, { createdBy: null })).value);
    expect(auth.canCreate(await principalOf(user.id), 'serving-endpoints')).toBe(true);
    expect(auth.canCreate(await principalOf(robot.id), 'serving-endpoints')).toBe(false);
    expect(auth.canCreate(await principalOf(adminRobot.id), 'registered-models')).toBe(true);
  });

  it('a group with the admin flag makes its members admins', async () => {
    const { auth } = await instance();
    const { user, token } = await userWithToken(auth, 'ada');
    const admins = await auth.principals.create({ kind: 'group', name: unique('admins'), isAdmin: true }, null);
    expect(auth.authenticate(token).isAdmin).toBe(false);
    await auth.principals.addMembers(admins.id, [user.id], null);
    expect(auth.authenticate(token).isAdmin).toBe(true);
    expect(auth.levelOn(auth.authenticate(token), 'serving-endpoints', 'anything')).toBe('CAN_MANAGE');
  });

  it('refuses to demote, deactivate or delete the last active admin', async () => {
    const { auth } = await instance({ fresh: true });
    const { principal } = await auth.bootstrapAdmin();
    await expect(auth.principals.update(principal.id, { isAdmin: false }, null)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(auth.principals.delete(principal.id, null)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const other = await auth.principals.create({ kind: 'user', name: 'second-admin', isAdmin: true }, null);
    await auth.principals.update(principal.id, { active: false }, null);
    await expect(auth.principals.delete(other.id, null)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('SEC API6: token creation is rate limited per creator and audited', async () => {
    const { auth, storage } = await instance({ limits: { tokenCreationsPerMinute: 5 } });
    const user = await auth.principals.create({ kind: 'user', name: unique('ada') }, null);
    const results: string[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      results.push(
        await auth.tokens.create(user.id, { createdBy: user.id }).then(
          () => 'ok',
          (error: CairnError) => error.code,
        ),
      );
    }
    expect(results.slice(0, 5).every((result) => result === 'ok')).toBe(true);
    expect(results[5]).toBe('REQUEST_LIMIT_EXCEEDED');
    const audited = await storage.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'token.create')
      .where('principal_id', '=', user.id)
      .execute();
    expect(audited).toHaveLength(5);
  });
});

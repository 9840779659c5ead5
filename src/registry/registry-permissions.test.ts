import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/types.js';
import { CairnError } from '../errors/index.js';
import { testDialects } from '../storage/test-support/test-databases.js';
import { principal } from './test-support/fake-authorizer.js';
import { openTestRegistry, type TestRegistry } from './test-support/test-registry.js';

/**
 * Authorisation at the service level, against a fake Authorizer that follows the `src/auth/types.ts`
 * contract (404 for a principal who may not view, 403 for one below the level).
 */

const admin = principal('admin-id', { isAdmin: true });
const owner = principal('owner');
const reader = principal('reader');
const editor = principal('editor');
const manager = principal('manager');
const stranger = principal('stranger');

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof CairnError) return error.code;
    throw error;
  }
}

describe.each(testDialects)('registry permissions on %s', (dialect) => {
  let t: TestRegistry;
  let modelId: string;
  beforeAll(async () => {
    t = await openTestRegistry(dialect);
    const model = await t.registry.registeredModels.create(owner, { name: 'guarded' });
    modelId = model.id;
    await t.registry.modelVersions.create(owner, { name: 'guarded', source: 's3://g/1' });
    await t.registry.modelVersions.create(owner, { name: 'guarded', source: 's3://g/2' });
    t.auth.grant(modelId, reader.id, 'CAN_READ');
    t.auth.grant(modelId, editor.id, 'CAN_EDIT');
    t.auth.grant(modelId, manager.id, 'CAN_MANAGE');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives the creator CAN_MANAGE and refuses creation to principals that may not create', async () => {
    expect(t.auth.levelOn(owner, 'registered-models', modelId)).toBe('CAN_MANAGE');
    t.auth.denyCreate.add('robot');
    expect(await codeOf(t.registry.registeredModels.create(principal('robot', { kind: 'service_principal' }), { name: 'robot-model' }))).toBe(
      'PERMISSION_DENIED',
    );
    expect(await codeOf(t.registry.registeredModels.get(admin, 'robot-model'))).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('answers a principal without any grant exactly as for a model that does not exist', async () => {
    const hidden = await t.registry.registeredModels.get(stranger, 'guarded').catch((error: CairnError) => error);
    const missing = await t.registry.registeredModels.get(stranger, 'no-such-model').catch((error: CairnError) => error);
    expect(hidden).toBeInstanceOf(CairnError);
    expect([(hidden as CairnError).status, (hidden as CairnError).message.replace('guarded', 'X')]).toEqual([
      (missing as CairnError).status,
      (missing as CairnError).message.replace('no-such-model', 'X'),
    ]);
    expect(await codeOf(t.registry.modelVersions.get(stranger, { name: 'guarded', version: '1' }))).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(await codeOf(t.registry.registeredModels.setTag(stranger, { name: 'guarded', key: 'k', value: 'v' }))).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  // [operation, lowest level that may do it]
  const operations: Array<[string, 'CAN_READ' | 'CAN_EDIT' | 'CAN_MANAGE', (who: Principal) => Promise<unknown>]> = [
    ['get model', 'CAN_READ', (who) => t.registry.registeredModels.get(who, 'guarded')],
    ['get version', 'CAN_READ', (who) => t.registry.modelVersions.get(who, { name: 'guarded', version: '1' })],
    ['latest versions', 'CAN_READ', (who) => t.registry.registeredModels.getLatestVersions(who, { name: 'guarded' })],
    ['update model', 'CAN_EDIT', (who) => t.registry.registeredModels.update(who, { name: 'guarded', description: who.id })],
    ['set model tag', 'CAN_EDIT', (who) => t.registry.registeredModels.setTag(who, { name: 'guarded', key: 'k', value: who.id })],
    ['delete model tag', 'CAN_EDIT', (who) => t.registry.registeredModels.deleteTag(who, { name: 'guarded', key: 'k' })],
    ['create version', 'CAN_EDIT', (who) => t.registry.modelVersions.create(who, { name: 'guarded', source: `s3://g/${who.id}` })],
    ['update version', 'CAN_EDIT', (who) => t.registry.modelVersions.update(who, { name: 'guarded', version: '1', description: who.id })],
    ['set version tag', 'CAN_EDIT', (who) => t.registry.modelVersions.setTag(who, { name: 'guarded', version: '1', key: 'k', value: 'v' })],
    ['set alias', 'CAN_EDIT', (who) => t.registry.registeredModels.setAlias(who, { name: 'guarded', alias: 'a', version: '1' })],
    ['delete alias', 'CAN_EDIT', (who) => t.registry.registeredModels.deleteAlias(who, { name: 'guarded', alias: 'a' })],
    ['stage to Staging', 'CAN_EDIT', (who) => t.registry.modelVersions.transitionStage(who, { name: 'guarded', version: '2', stage: 'Staging' })],
    ['stage to Production', 'CAN_MANAGE', (who) => t.registry.modelVersions.transitionStage(who, { name: 'guarded', version: '1', stage: 'Production' })],
  ];
  const levels = ['CAN_READ', 'CAN_EDIT', 'CAN_MANAGE'] as const;

  it.each(operations)('%s needs %s', async (_name, needed, run) => {
    for (const [who, level] of [
      [reader, 'CAN_READ'],
      [editor, 'CAN_EDIT'],
      [manager, 'CAN_MANAGE'],
    ] as const) {
      const allowed = levels.indexOf(level) >= levels.indexOf(needed);
      expect(`${who.id}: ${await codeOf(run(who))}`).toBe(`${who.id}: ${allowed ? 'OK' : 'PERMISSION_DENIED'}`);
    }
  });

  it('needs CAN_MANAGE to move a version out of Production, to rename and to delete', async () => {
    await t.registry.modelVersions.transitionStage(manager, { name: 'guarded', version: '1', stage: 'Production' });
    expect(await codeOf(t.registry.modelVersions.transitionStage(editor, { name: 'guarded', version: '1', stage: 'Archived' }))).toBe(
      'PERMISSION_DENIED',
    );
    expect(await codeOf(t.registry.registeredModels.rename(editor, { name: 'guarded', new_name: 'guarded-2' }))).toBe('PERMISSION_DENIED');
    expect(await codeOf(t.registry.modelVersions.delete(editor, { name: 'guarded', version: '2' }))).toBe('PERMISSION_DENIED');
    expect(await codeOf(t.registry.registeredModels.delete(editor, 'guarded'))).toBe('PERMISSION_DENIED');
    expect(await codeOf(t.registry.registeredModels.rename(manager, { name: 'guarded', new_name: 'guarded-2' }))).toBe('OK');
    // Grants follow the model id, so the rename keeps every principal's access.
    expect(await codeOf(t.registry.registeredModels.get(reader, 'guarded-2'))).toBe('OK');
    expect(await codeOf(t.registry.registeredModels.delete(manager, 'guarded-2'))).toBe('OK');
    expect(t.auth.removed).toContain(modelId);
  });

  it('search returns only readable models and versions, and pages through the unreadable ones', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 9; index += 1) {
      const model = await t.registry.registeredModels.create(admin, { name: `paged-${index}` });
      await t.registry.modelVersions.create(admin, { name: `paged-${index}`, source: `s3://p/${index}` });
      ids.push(model.id);
      if (index % 2 === 0) t.auth.grant(model.id, reader.id, 'CAN_READ');
    }
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await t.registry.registeredModels.search(reader, { filter: "name LIKE 'paged-%'", max_results: 2, page_token: pageToken });
      seen.push(...page.items.map((model) => model.name));
      pageToken = page.next_page_token;
      pages += 1;
    } while (pageToken);
    expect(seen).toEqual(['paged-0', 'paged-2', 'paged-4', 'paged-6', 'paged-8']);
    expect(pages).toBe(3);

    const versions = await t.registry.modelVersions.search(reader, { filter: "name LIKE 'paged-%'", order_by: ['name ASC'] });
    expect(versions.items.map((version) => version.name)).toEqual(['paged-0', 'paged-2', 'paged-4', 'paged-6', 'paged-8']);
    expect((await t.registry.registeredModels.search(stranger, {})).items).toEqual([]);
  });
});

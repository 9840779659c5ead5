import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnError } from '../errors/index.js';
import { testDialects } from '../storage/test-support/test-databases.js';
import { DEMO_MODEL_SOURCE } from './index.js';
import { principal } from './test-support/fake-authorizer.js';
import { openTestRegistry, type TestRegistry } from './test-support/test-registry.js';

const admin = principal('admin-id', { name: 'admin', isAdmin: true });

async function rejection(promise: Promise<unknown>): Promise<CairnError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CairnError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe.each(testDialects)('registry service on %s', (dialect) => {
  let t: TestRegistry;
  beforeAll(async () => {
    t = await openTestRegistry(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('numbers versions 1, 2, 3 per model and never hands a deleted number out again', async () => {
    const { registeredModels: models, modelVersions: versions } = t.registry;
    await models.create(admin, { name: 'numbering' });
    await models.create(admin, { name: 'numbering-other' });
    for (const expected of ['1', '2', '3']) {
      expect((await versions.create(admin, { name: 'numbering', source: `s3://b/${expected}` })).version).toBe(expected);
    }
    expect((await versions.create(admin, { name: 'numbering-other', source: 's3://x' })).version).toBe('1');
    await versions.delete(admin, { name: 'numbering', version: '3' });
    expect((await rejection(versions.get(admin, { name: 'numbering', version: '3' }))).code).toBe('RESOURCE_DOES_NOT_EXIST');
    // Version 3 meant s3://b/3 once; it must never come to mean something else.
    expect((await versions.create(admin, { name: 'numbering', source: 's3://b/4' })).version).toBe('4');
  });

  it('gives concurrent creates distinct, consecutive numbers', async () => {
    await t.registry.registeredModels.create(admin, { name: 'concurrent' });
    const created = await Promise.all(
      Array.from({ length: 6 }, (_, index) => t.registry.modelVersions.create(admin, { name: 'concurrent', source: `s3://c/${index}` })),
    );
    expect(created.map((version) => Number(version.version)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps source and run_id fixed: update changes only the description', async () => {
    await t.registry.registeredModels.create(admin, { name: 'immutable' });
    const created = await t.registry.modelVersions.create(admin, { name: 'immutable', source: 's3://orig', run_id: 'run-1', description: 'first' });
    // A caller smuggling fields past the type (as JSON would) changes nothing but the description.
    const smuggled = { name: 'immutable', version: '1', description: 'second', source: 's3://evil', run_id: 'run-evil' };
    const updated = await t.registry.modelVersions.update(admin, smuggled);
    expect(updated).toMatchObject({ source: 's3://orig', run_id: 'run-1', description: 'second', version: '1' });
    expect(updated.creation_timestamp).toBe(created.creation_timestamp);
    expect(await t.registry.getModelVersion('immutable', '1')).toMatchObject({ source: 's3://orig', run_id: 'run-1' });
  });

  it('archive_existing_versions archives only the versions in the target stage; latest_versions is per stage', async () => {
    const { registeredModels: models, modelVersions: versions } = t.registry;
    await models.create(admin, { name: 'staged' });
    for (let index = 0; index < 4; index += 1) await versions.create(admin, { name: 'staged', source: `s3://s/${index}` });
    await versions.transitionStage(admin, { name: 'staged', version: '1', stage: 'production' });
    await versions.transitionStage(admin, { name: 'staged', version: '2', stage: 'Staging' });
    const promoted = await versions.transitionStage(admin, { name: 'staged', version: '3', stage: 'Production', archive_existing_versions: true });
    expect(promoted.current_stage).toBe('Production');
    const stageOf = async (version: string) => (await versions.get(admin, { name: 'staged', version })).current_stage;
    expect([await stageOf('1'), await stageOf('2'), await stageOf('4')]).toEqual(['Archived', 'Staging', 'None']);

    const model = await models.get(admin, 'staged');
    expect(model.latest_versions.map((version) => [version.current_stage, version.version])).toEqual([
      ['Archived', '1'],
      ['Staging', '2'],
      ['Production', '3'],
      ['None', '4'],
    ]);
    const production = await models.getLatestVersions(admin, { name: 'staged', stages: ['Production'] });
    expect(production.map((version) => version.version)).toEqual(['3']);

    const badStage = await rejection(versions.transitionStage(admin, { name: 'staged', version: '4', stage: 'Prod' }));
    expect(badStage).toMatchObject({ code: 'INVALID_PARAMETER_VALUE', status: 400 });
    const archiveToNone = await rejection(versions.transitionStage(admin, { name: 'staged', version: '4', stage: 'None', archive_existing_versions: true }));
    expect(archiveToNone.message).toMatch(/Staging or Production/);
  });

  it('SEC-SC-1: alias moves, stage transitions and deletes write audit rows', async () => {
    const { registeredModels: models, modelVersions: versions } = t.registry;
    const model = await models.create(admin, { name: 'audited' });
    await versions.create(admin, { name: 'audited', source: 's3://a/1' });
    await versions.create(admin, { name: 'audited', source: 's3://a/2' });
    await models.setAlias(admin, { name: 'audited', alias: 'champion', version: '1' });
    await models.setAlias(admin, { name: 'audited', alias: 'champion', version: '2' });
    await versions.transitionStage(admin, { name: 'audited', version: '2', stage: 'Production' });
    await models.deleteAlias(admin, { name: 'audited', alias: 'champion' });
    await versions.delete(admin, { name: 'audited', version: '1' });
    await models.delete(admin, 'audited');

    const rows = await t.db.selectFrom('audit_log').selectAll().where('object_id', '=', model.id).orderBy('id').execute();
    expect(rows.every((row) => row.object_type === 'registered-models' && row.principal_id === admin.id)).toBe(true);
    expect(rows.map((row) => [row.action, JSON.parse(row.details)])).toEqual([
      ['registered-models/create', { name: 'audited' }],
      ['registered-models/alias.set', { name: 'audited', alias: 'champion', version: '1', previous_version: null }],
      ['registered-models/alias.set', { name: 'audited', alias: 'champion', version: '2', previous_version: '1' }],
      ['model-versions/transition-stage', { name: 'audited', version: '2', from: 'None', to: 'Production', archived_versions: [] }],
      ['registered-models/alias.delete', { name: 'audited', alias: 'champion', previous_version: '2' }],
      ['model-versions/delete', { name: 'audited', version: '1', stage: 'None', removed_aliases: [] }],
      ['registered-models/delete', { name: 'audited' }],
    ]);
  });

  it('deleting a version removes the aliases that pointed at it', async () => {
    const { registeredModels: models, modelVersions: versions } = t.registry;
    await models.create(admin, { name: 'aliased' });
    await versions.create(admin, { name: 'aliased', source: 's3://x/1' });
    await versions.create(admin, { name: 'aliased', source: 's3://x/2' });
    await models.setAlias(admin, { name: 'aliased', alias: 'champion', version: '1' });
    await models.setAlias(admin, { name: 'aliased', alias: 'challenger', version: '2' });
    expect((await models.getVersionByAlias(admin, { name: 'aliased', alias: 'champion' })).aliases).toEqual(['champion']);
    await versions.delete(admin, { name: 'aliased', version: '1' });
    expect((await rejection(models.getVersionByAlias(admin, { name: 'aliased', alias: 'champion' }))).code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect((await models.get(admin, 'aliased')).aliases).toEqual([{ alias: 'challenger', version: '2' }]);
    for (const reserved of ['latest', 'v3', 'V12']) {
      expect((await rejection(models.setAlias(admin, { name: 'aliased', alias: reserved, version: '2' }))).code).toBe('INVALID_PARAMETER_VALUE');
    }
    expect((await rejection(models.setAlias(admin, { name: 'aliased', alias: 'x', version: '9' }))).code).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('publishes a registry change after writes, naming both names on a rename', async () => {
    t.changes.length = 0;
    await t.registry.registeredModels.create(admin, { name: 'feed-a' });
    await t.registry.modelVersions.create(admin, { name: 'feed-a', source: 's3://f' });
    await t.registry.registeredModels.rename(admin, { name: 'feed-a', new_name: 'feed-b' });
    expect(t.changes).toEqual(['registry:feed-a', 'registry:feed-a', 'registry:feed-a', 'registry:feed-b']);
  });

  it('resolves versions for serving and answers MLflow error codes', async () => {
    await t.registry.registeredModels.create(admin, { name: 'resolved' });
    await t.registry.modelVersions.create(admin, { name: 'resolved', source: 's3://r' });
    expect(await t.registry.getModelVersion('resolved', '1')).toMatchObject({ name: 'resolved', version: '1', source: 's3://r', status: 'READY' });
    expect(await t.registry.getModelId('resolved')).toBe((await t.registry.registeredModels.get(admin, 'resolved')).id);
    expect((await rejection(t.registry.getModelVersion('resolved', '2'))).code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect((await rejection(t.registry.getModelVersion('nope', '1'))).status).toBe(404);
    expect((await rejection(t.registry.getModelVersion('resolved', 'abc'))).code).toBe('INVALID_PARAMETER_VALUE');
    expect((await rejection(t.registry.getModelId('nope'))).code).toBe('RESOURCE_DOES_NOT_EXIST');
    const duplicate = await rejection(t.registry.registeredModels.create(admin, { name: 'resolved' }));
    expect(duplicate).toMatchObject({ code: 'RESOURCE_ALREADY_EXISTS', status: 409 });
  });

  it('ensureDemoModel registers demo version 1 once, owned by the given principal', async () => {
    const first = await t.registry.ensureDemoModel('owner-1');
    const second = await t.registry.ensureDemoModel('owner-1');
    expect(first).toMatchObject({ name: 'demo', version: '1', source: DEMO_MODEL_SOURCE, status: 'READY' });
    expect(second).toEqual(first);
    const model = await t.registry.registeredModels.get(admin, 'demo');
    expect(model.description).toMatch(/demo/i);
    expect(model.description).toMatch(/not a real LLM/);
    expect(t.auth.levelOn(principal('owner-1'), 'registered-models', model.id)).toBe('CAN_MANAGE');
  });
});

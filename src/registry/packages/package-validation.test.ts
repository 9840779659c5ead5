import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CairnError } from '../../errors/index.js';
import type { PackageFile } from './manifest.js';
import { packageDigest, sha256Hex } from './package-digest.js';
import { normalizeEntryPath, packagePathProblem } from './package-paths.js';
import { validatePackageFiles } from './package-validation.js';
import { manifestWithLockfile, minimalManifest, packageFiles } from './test-support/package-fixtures.js';

function failure(action: () => unknown): CairnError {
  try {
    action();
  } catch (error) {
    if (error instanceof CairnError) return error;
    throw error;
  }
  throw new Error('expected validation to fail');
}

describe('package validation', () => {
  it('accepts a minimal js package and names its digest, entry and capabilities', () => {
    const validated = validatePackageFiles(packageFiles());
    expect(validated.js).toEqual({ entry: 'model.js', capabilities: ['predict'] });
    expect(validated.files.map((file) => file.path)).toEqual(['MLmodel', 'model.js']);
    expect(validated.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(validated.manifestSha256).toBe(sha256Hex(minimalManifest));
  });

  it('the digest is sha256 of "<sha256>  <path>\\n" lines sorted by path (sha256sum format)', () => {
    const files = packageFiles({ 'artifacts/z.txt': 'z' });
    const lines = [...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, bytes]) => `${sha256Hex(bytes)}  ${name}\n`).join('');
    expect(validatePackageFiles(files).digest).toBe(sha256Hex(lines));
  });

  it('a package without MLmodel, or with a manifest missing fields, is PACKAGE_INVALID naming the field', () => {
    expect(failure(() => validatePackageFiles(packageFiles({ MLmodel: undefined }))).message).toContain('no MLmodel manifest');
    const noFlavors = failure(() => validatePackageFiles(packageFiles({ MLmodel: 'signature: {inputs: {type: object}}\n' })));
    expect(noFlavors.code).toBe('PACKAGE_INVALID');
    expect(noFlavors.message).toContain('flavors: is missing');
    const noEntry = failure(() => validatePackageFiles(packageFiles({ MLmodel: 'flavors:\n  js: {capabilities: [predict]}\n' })));
    expect(noEntry.message).toContain('flavors.js.entry: is missing');
    const badCapability = failure(() => validatePackageFiles(packageFiles({ MLmodel: 'flavors:\n  js: {entry: model.js, capabilities: [train]}\n' })));
    expect(badCapability.message).toContain('flavors.js.capabilities.0');
    const typo = failure(() => validatePackageFiles(packageFiles({ MLmodel: `${minimalManifest}signatures: {}\n` })));
    expect(typo.message).toContain('unknown field(s) signatures');
    expect(failure(() => validatePackageFiles(packageFiles({ MLmodel: 'flavors: [oops\n' }))).message).toContain('MLmodel is not valid YAML');
  });

  it('an unknown flavour is refused by name, saying which flavours Cairn serves', () => {
    const error = failure(() => validatePackageFiles(packageFiles({ MLmodel: 'flavors:\n  python_function: {loader_module: x}\n' })));
    expect(error.code).toBe('PACKAGE_INVALID');
    expect(error.message).toContain('unknown flavour python_function; Cairn serves: js');
  });

  it('the entry module, the lockfile and the package.json beside it must be in the package', () => {
    expect(failure(() => validatePackageFiles(packageFiles({ 'model.js': undefined }))).message).toContain('flavors.js.entry names model.js, which is not in the package');
    const noLock = failure(() => validatePackageFiles(packageFiles({ MLmodel: manifestWithLockfile() })));
    expect(noLock.message).toContain('dependencies.npm.lockfile names package-lock.json');
    const noPackageJson = failure(() => validatePackageFiles(packageFiles({ MLmodel: manifestWithLockfile(), 'package-lock.json': '{}' })));
    expect(noPackageJson.message).toContain('needs a package.json beside it');
    expect(() => validatePackageFiles(packageFiles({ MLmodel: manifestWithLockfile(), 'package-lock.json': '{}', 'package.json': '{}' }))).not.toThrow();
  });

  it('signature schemas must compile and input_example must match signature.inputs', () => {
    const badSchema = failure(() =>
      validatePackageFiles(packageFiles({ MLmodel: 'flavors:\n  js: {entry: model.js, capabilities: [predict]}\nsignature:\n  inputs: {type: 12}\n' })),
    );
    expect(badSchema.message).toContain('signature.inputs is not a valid JSON Schema');
    const mismatch = failure(() => validatePackageFiles(packageFiles({ MLmodel: minimalManifest.replace('input_example: {text: "Cairn serves models."}', 'input_example: {txt: 1}') })));
    expect(mismatch.message).toContain('input_example does not match signature.inputs');
    expect(mismatch.message).toContain("must have required property 'text'");
  });

  it('paths outside the package are refused with the path named', () => {
    for (const bad of ['../evil.js', 'a/../../b', '/etc/passwd', 'a\\b', 'node_modules/x/index.js', '.git/config', 'a//b', 'C:/x']) {
      const error = failure(() => validatePackageFiles(packageFiles({ [bad]: 'x' })));
      expect(error.code).toBe('PACKAGE_INVALID');
      expect(error.message).toContain(JSON.stringify(bad));
    }
  });

  it('property: an accepted path never escapes the package folder', () => {
    const segment = fc.oneof(fc.constantFrom('..', '.', '', 'a', 'b.js', 'node_modules', '..\\', '%2e%2e', '~', 'C:'), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), fc.boolean(), (segments, leadingSlash) => {
        const candidate = `${leadingSlash ? '/' : ''}${segments.join('/')}`;
        const accepted = packagePathProblem(normalizeEntryPath(candidate)) === undefined;
        if (!accepted) return;
        // The file system's view (what extraction does), not URL semantics: `%2e%2e` is a literal name on disk.
        const resolved = path.posix.resolve('/pkg/root', normalizeEntryPath(candidate));
        expect(resolved.startsWith('/pkg/root/')).toBe(true);
        expect(normalizeEntryPath(candidate).split('/')).not.toContain('..');
      }),
      { numRuns: 2000 },
    );
  });

  it('property: the digest does not depend on the order files are listed in', () => {
    const file = fc.record({ path: fc.stringMatching(/^[a-z]{1,8}(\/[a-z]{1,8}){0,2}$/), sha256: fc.stringMatching(/^[0-9a-f]{64}$/), size: fc.nat() });
    fc.assert(
      fc.property(fc.uniqueArray(file, { selector: (entry) => entry.path, minLength: 1, maxLength: 12 }), fc.infiniteStream(fc.nat()), (files: PackageFile[], seeds) => {
        const shuffled = [...files];
        for (let index = shuffled.length - 1; index > 0; index -= 1) {
          const other = seeds.next().value % (index + 1);
          [shuffled[index], shuffled[other]] = [shuffled[other]!, shuffled[index]!];
        }
        expect(packageDigest(shuffled)).toBe(packageDigest(files));
      }),
    );
  });
});

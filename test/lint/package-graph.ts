// The package graph has no upward arrow (DESIGN.md, "Parts"): a library under packages/ never
// depends on a deployable under services/, neither through its package.json `dependencies` nor
// through an import in its src/. Its tests may use a service as a fixture (the Flash client's
// contract suite runs against the sandbox): devDependencies and test/ are not checked.
// Run by the lint step of ./vend test; prints one line per violation and exits 1.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

interface Workspace {
  name: string;
  dir: string;
  dependencies: string[];
}

function workspaces(group: string): Workspace[] {
  return readdirSync(join(ROOT, group))
    .map((entry) => join(ROOT, group, entry))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name: string;
        dependencies?: Record<string, string>;
      };
      return { name: manifest.name, dir, dependencies: Object.keys(manifest.dependencies ?? {}) };
    });
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const services = new Map(workspaces('services').map((w) => [w.name, relative(ROOT, w.dir)]));
const violations: string[] = [];
for (const library of workspaces('packages')) {
  const where = relative(ROOT, library.dir);
  for (const dependency of library.dependencies) {
    const service = services.get(dependency);
    if (service) violations.push(`${where}/package.json: depends on ${dependency} (${service}), a service`);
  }
  for (const file of sourceFiles(join(library.dir, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^\s*(?:import|export)[^;]*?from\s+'(@vendstream\/[a-z0-9-]+)'/gms)) {
      const service = services.get(match[1] ?? '');
      if (service) violations.push(`${relative(ROOT, file)}: imports ${match[1]} (${service}), a service`);
    }
  }
}
for (const line of violations) console.error(`package graph: ${line}`);
if (violations.length > 0) {
  console.error('package graph: libraries under packages/ never depend on services/ (DESIGN.md, Parts)');
  process.exit(1);
}

// What every browser check starts with: its command line (--build DIR,
// --out DIR), a work folder, and a real markd on a fresh registry with a
// secretariat token, listening on 127.0.0.1 at a port the system picks.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = path.dirname(fileURLToPath(import.meta.url));  // tests/browser (its node_modules)
export const root = path.resolve(here, '..', '..');
export const chromium = process.env.CHROMIUM || '/usr/bin/chromium';

export function arg(name, fallback) {
  const i = process.argv.indexOf('--' + name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

// The build's programs, a work folder named after the check, and where
// screenshots go (--out, else inside the work folder).
export function testSetUp(name) {
  const build = path.resolve(arg('build', path.join(root, 'build')));
  const work = mkdtempSync(path.join(tmpdir(), 'mark-' + name + '-'));
  const out = path.resolve(arg('out', path.join(work, 'shots')));
  mkdirSync(out, { recursive: true });
  return { build, work, out, markctl: path.join(build, 'bin', 'markctl') };
}

// Keys, a secretariat token named tokenName, and markd serving static/.
// beforeStart({ db, keys }), when given, runs once the registry exists and
// before markd starts (markctl imports that markd should find at start).
export async function startRegistry({ build, work, markctl }, tokenName, { beforeStart } = {}) {
  const db = path.join(work, 'registry.db');
  const keys = path.join(work, 'keys');
  execFileSync(markctl, ['keys', 'generate', '--keys', keys], { stdio: ['ignore', 'ignore', 'inherit'] });
  const token = execFileSync(markctl, ['token', 'create', '--db', db, '--role', 'secretariat', '--name', tokenName],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  if (beforeStart) beforeStart({ db, keys });
  const markd = spawn(path.join(build, 'bin', 'markd'),
    ['--db', db, '--keys', keys, '--listen', '127.0.0.1:0', '--static', path.join(root, 'static')],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  markd.stderr.on('data', (d) => { log += d; });
  const base = await new Promise((resolve, reject) => {
    let buf = '';
    markd.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/listening on (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    markd.on('exit', (code) => reject(new Error('markd exited ' + code + ': ' + log)));
  });
  return { db, keys, token, markd, base };
}

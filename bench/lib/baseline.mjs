// The builds read_page is compared against: Steward as it was before issue 11 and before issues 10 and 11,
// built from pinned commits out of this repository's own history, with the working tree's node_modules.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';

/**
 * The pasts read_page is measured against. Issues 10 (control on third-party pages, which brought the
 * hidden-text check) and 11 (accessible names and widget refs) were built side by side and merged one
 * branch after another: 1dd61a9 is the merge with issue 10's four branches in and neither of issue 11's
 * (accname, refs), the read_page issue 11 must not make more than 10% slower or longer; 0aadca9 is
 * before both, so the two together show what each issue costs.
 */
export const BASELINES = [
  { commit: '1dd61a9', label: 'before issue 11', limit: 1.1 },
  { commit: '0aadca9', label: 'before issues 10 and 11' },
];

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 300_000, shell: false });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}\n${result.stderr ?? ''}`.trim() };
}

/**
 * The baseline's build directory, built once and kept in the system temp directory, or { skipped }
 * with the reason when this checkout has no git history holding the commit.
 */
export async function baselineBuild(root, commit) {
  if (!run('git', ['cat-file', '-e', `${commit}^{commit}`], root).ok) return { skipped: `commit ${commit} is not in this checkout's git history` };
  const home = join(os.tmpdir(), `steward-baseline-${commit}`);
  const out = join(home, 'build');
  if (existsSync(join(out, 'manifest.json'))) return { dir: out };
  const source = join(home, 'source');
  await rm(home, { recursive: true, force: true });
  await mkdir(source, { recursive: true });
  // git archive rather than a worktree: nothing is added to the repository's own metadata.
  const archive = run('sh', ['-c', `git -C "${root}" archive ${commit} | tar -x -C "${source}"`], root);
  if (!archive.ok) return { skipped: `git archive ${commit} failed: ${archive.output.slice(-300)}` };
  // Its dependencies are a subset of today's, so the working tree's node_modules serve.
  await symlink(join(root, 'node_modules'), join(source, 'node_modules'), 'dir');
  // At that commit crxjs still built the content script, so --outDir gives a complete build.
  const built = run(join(root, 'node_modules', '.bin', 'vite'), ['build', '--outDir', out, '--emptyOutDir'], source);
  if (!built.ok || !existsSync(join(out, 'manifest.json'))) return { skipped: `building ${commit} failed: ${built.output.slice(-300)}` };
  return { dir: out };
}

/** This working tree built into a fresh temp directory (not dist/, which other work rebuilds). */
export function currentBuild(root, dir) {
  const built = run('npm', ['run', 'build', '--', '--outDir', dir, '--emptyOutDir'], root);
  return built.ok && existsSync(join(dir, 'content.js')) ? { dir } : { skipped: `npm run build failed: ${built.output.slice(-300)}` };
}

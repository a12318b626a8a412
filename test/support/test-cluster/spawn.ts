// Starts the Kubernetes API test server as its own process (`bin/vpp-pathviz test-cluster`), the way
// a user would, for tests of the app's hosts (cluster service, web mode, e2e).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './index';

/** Starts `bin/vpp-pathviz test-cluster --scenario sample` and resolves once it prints `ready`. */
export async function spawnTestCluster(kubeconfigOut: string, scenario = 'sample'): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'vpp-pathviz'), 'test-cluster', '--scenario', scenario, '--kubeconfig-out', kubeconfigOut], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += String(d)));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`test-cluster not ready in 30 s: ${err}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      if (/^ready$/m.test(out)) {
        clearTimeout(t);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`test-cluster exited (${code}): ${err}`));
    });
  });
  return child;
}


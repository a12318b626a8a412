// A throw-away certificate authority and server certificate for the Kubernetes API test server.
// Node has no X.509 generator, so this drives the `openssl` command line (present on the machines
// the project supports; a clear error says so when it is not). Keys are ECDSA P-256: fast to make
// and accepted by Go (kubectl), Python's ssl and Node.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestCertificates {
  /** PEM of the CA that signed the server certificate (goes into the kubeconfig). */
  caPem: string;
  serverCertPem: string;
  serverKeyPem: string;
}

export class OpensslMissingError extends Error {}

function run(bin: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { cwd, timeout: 20_000 }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        reject(new OpensslMissingError(`the 'openssl' command is needed to make the test cluster's certificates and was not found on PATH (install the openssl package)`));
      } else reject(new Error(`openssl ${args[0]} failed: ${String(stderr).trim() || err.message}`));
    });
  });
}

/**
 * Makes a CA and a server certificate for 127.0.0.1 / localhost, valid for `days` days (default 2).
 * Works in a private temporary directory that is removed afterwards; nothing is left on disk.
 */
export async function makeTestCertificates(opts: { openssl?: string; days?: number } = {}): Promise<TestCertificates> {
  const bin = opts.openssl ?? 'openssl';
  const days = String(opts.days ?? 2);
  const dir = await mkdtemp(path.join(tmpdir(), 'vpp-pathviz-certs-'));
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    await run(bin, ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', days,
      '-subj', '/CN=vpp-pathviz test cluster CA',
      '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
    await run(bin, ['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], dir);
    await writeFile(path.join(dir, 'ext.cnf'), [
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      'extendedKeyUsage=serverAuth',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'basicConstraints=critical,CA:FALSE',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid,issuer',
      '',
    ].join('\n'));
    await run(bin, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
      '-out', 'server.crt', '-days', days, '-extfile', 'ext.cnf'], dir);
    const [caPem, serverCertPem, serverKeyPem] = await Promise.all(
      ['ca.crt', 'server.crt', 'server.key'].map((f) => readFile(path.join(dir, f), 'utf8')),
    );
    return { caPem: caPem!, serverCertPem: serverCertPem!, serverKeyPem: serverKeyPem! };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

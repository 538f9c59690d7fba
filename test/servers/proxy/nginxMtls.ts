import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { reservePort } from '../../lab/net';
import { nginxBinary } from '../../lab/nginx';

export interface NginxMtls {
  /** https://localhost:<port>/mcp/ */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * nginx with `ssl_verify_client on` in front of a plain-HTTP backend: the most common mTLS
 * terminator. It completes the handshake without a certificate and answers HTTP 400 itself.
 */
export async function startNginxMtls(opts: {
  dir: string;
  certFile: string;
  keyFile: string;
  clientCaFile: string;
  backendPort: number;
}): Promise<NginxMtls> {
  const bin = nginxBinary();
  if (!bin) throw new Error('nginx is not installed');
  const port = await reservePort();
  const temp = join(opts.dir, 'nginx-mtls-temp');
  await mkdir(temp, { recursive: true });
  const pid = join(opts.dir, 'nginx-mtls.pid');
  const conf = join(opts.dir, 'nginx-mtls.conf');
  await writeFile(
    conf,
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;
pid ${pid};
error_log ${join(opts.dir, 'nginx-mtls-error.log')} warn;
events { worker_connections 64; }
http {
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(temp, t)};`).join('\n  ')}
  server {
    listen 127.0.0.1:${port} ssl;
    server_name localhost;
    ssl_certificate ${opts.certFile};
    ssl_certificate_key ${opts.keyFile};
    ssl_client_certificate ${opts.clientCaFile};
    ssl_verify_client on;
    location / { proxy_pass http://127.0.0.1:${opts.backendPort}; proxy_http_version 1.1; proxy_set_header Host $http_host; proxy_buffering off; }
  }
}
`,
  );
  const child = spawn(bin, ['-p', opts.dir, '-c', conf, '-e', join(opts.dir, 'nginx-mtls-error.log'), '-g', 'daemon off;'], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  };
  for (let i = 0; i < 100 && !existsSync(pid); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!existsSync(pid)) {
    await stop();
    throw new Error('nginx (mTLS) did not start');
  }
  return { url: `https://localhost:${port}/mcp/`, stop };
}

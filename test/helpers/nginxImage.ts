/**
 * A real nginx in a container without a registry: this machine's nginx binary (Debian's, from
 * scripts/ci/docker.sh) and the shared libraries it links, on top of the offline busybox image
 * (its wget serves the catalog's nginx healthcheck). Tagged `nginx:<tag>`, so a stack picks it
 * with `NGINX_VERSION=<tag>`. `remove()` deletes the tag.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PATIENCE } from './patience';

export interface NginxImage {
  /** The image reference, `nginx:<tag>`. */
  image: string;
  tag: string;
  remove(): void;
}

/** True when the system nginx and the offline busybox image are here. */
export function nginxImageAvailable(): boolean {
  return fs.existsSync('/usr/sbin/nginx') && spawnSync('docker', ['image', 'inspect', 'nself-test/busybox:latest'], { stdio: 'ignore' }).status === 0;
}

export function buildNginxImage(tag: string): NginxImage {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nself-nginx-image-'));
  try {
    const root = path.join(dir, 'rootfs');
    const copy = (file: string): void => {
      const dest = path.join(root, file);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.copyFileSync(fs.realpathSync(file), dest);
    };
    copy('/usr/sbin/nginx');
    // `ldd` lists every library with its path, the loader last.
    const ldd = spawnSync('ldd', ['/usr/sbin/nginx'], { encoding: 'utf8' }).stdout;
    for (const m of ldd.matchAll(/(\/[^\s]+\.so[^\s]*)/g)) copy(m[1]!);
    for (const d of ['var/log/nginx', 'var/lib/nginx', 'var/cache/nginx', 'run', 'var/lock', 'etc/nginx']) fs.mkdirSync(path.join(root, d), { recursive: true });
    // nginx runs its workers as nobody:nogroup (its built-in default).
    fs.writeFileSync(path.join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
    fs.writeFileSync(path.join(root, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM nself-test/busybox:latest\nCOPY rootfs/ /\nEXPOSE 80 443\nCMD ["/usr/sbin/nginx", "-g", "daemon off;"]\n');
    const image = `nginx:${tag}`;
    const r = spawnSync('docker', ['build', '-q', '-t', image, dir], { encoding: 'utf8', timeout: PATIENCE.build });
    if (r.status !== 0) throw new Error(`building ${image} failed: ${r.stderr}`);
    return { image, tag, remove: () => void spawnSync('docker', ['rmi', '-f', image], { stdio: 'ignore' }) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function writeBlob(layoutDir: string, data: Buffer | string): Promise<{ digest: string; size: number }> {
  const digest = sha256(data);
  await writeFile(join(layoutDir, 'blobs', 'sha256', digest.slice('sha256:'.length)), data);
  return { digest, size: Buffer.byteLength(data) };
}

/**
 * A tiny OCI image layout, made without Docker: one layer holding one text file, its
 * config and manifest, and the index naming it `tag`. skopeo reads it as `oci:<dir>:<tag>`.
 */
export async function buildOciImage(layoutDir: string, options: { tag: string; content: string }): Promise<void> {
  const rootfs = join(layoutDir, '..', `${options.tag}-rootfs`);
  await mkdir(rootfs, { recursive: true });
  await mkdir(join(layoutDir, 'blobs', 'sha256'), { recursive: true });
  await writeFile(join(rootfs, 'hello.txt'), options.content);
  const tar = execFileSync('tar', ['--create', '--owner=0', '--group=0', '--mtime=@0', '--directory', rootfs, 'hello.txt']);
  const layer = await writeBlob(layoutDir, gzipSync(tar));
  const config = await writeBlob(
    layoutDir,
    JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [sha256(tar)] } }),
  );
  const manifest = await writeBlob(
    layoutDir,
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
    }),
  );
  await writeFile(join(layoutDir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(
    join(layoutDir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...manifest,
          annotations: { 'org.opencontainers.image.ref.name': options.tag },
        },
      ],
    }),
  );
}

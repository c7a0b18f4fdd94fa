import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tarArchive } from './tarArchive.js';

const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export interface DockerArchiveOptions {
  /** The name `docker load` gives it, e.g. `demo/nginx:1`; skopeo reads the one image whatever it is. */
  tag: string;
  /** The text of the image's one file, `/hello.txt`. */
  content: string;
}

/**
 * A tiny image as a docker-archive (what `docker save` writes), made without Docker or the
 * network: one uncompressed layer holding `/hello.txt`, its config and `manifest.json`.
 * skopeo reads it as `docker-archive:<file>`; `docker load -i <file>` loads it.
 */
export function dockerArchive(options: DockerArchiveOptions): Buffer {
  const layer = tarArchive([{ name: 'hello.txt', data: options.content }]);
  const layerId = sha256Hex(layer);
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: {},
    rootfs: { type: 'layers', diff_ids: [`sha256:${layerId}`] },
  });
  const configFile = `${sha256Hex(config)}.json`;
  const layerFile = `${layerId}/layer.tar`;
  const manifest = JSON.stringify([{ Config: configFile, RepoTags: [options.tag], Layers: [layerFile] }]);
  return tarArchive([
    { name: configFile, data: config },
    { name: layerFile, data: layer },
    { name: 'manifest.json', data: manifest },
  ]);
}

/** Writes `dockerArchive(options)` to `file`. */
export async function writeDockerArchive(file: string, options: DockerArchiveOptions): Promise<void> {
  await writeFile(file, dockerArchive(options));
}

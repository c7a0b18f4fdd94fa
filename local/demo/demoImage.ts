import { writeDockerArchive } from '../registry/dockerArchive.js';

/** The name `docker load` gives the demo image; the registry walk-through (docs/registries.md) pushes it to demo/nginx:1. */
const DEMO_IMAGE_TAG = 'demo/nginx:1';

/**
 * The image of `npm run demo` and of the registry walk-through (docs/registries.md) (`npm run demo-image`): a
 * docker-archive of one small file, the same bytes every time.
 */
export function writeDemoImage(file: string): Promise<void> {
  return writeDockerArchive(file, {
    tag: DEMO_IMAGE_TAG,
    content: 'A small image made by npm run demo-image (SWR access-domains): no Docker, no network.\n',
  });
}

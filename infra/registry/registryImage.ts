/**
 * The registry the stack runs: the official image of CNCF distribution 3 (Docker Hub's
 * `registry`, a Docker Official Image), pinned by tag, for the reader, AND by digest, which
 * is what is pulled: the tag is rebuilt in place (a new Alpine base), the digest never
 * changes, so every task of every deploy runs the same bytes until this line changes.
 *
 * To update (docs/deploying.md, "The registry"): pick the release
 * (https://github.com/distribution/distribution/releases), read the digest of its
 * multi-platform index (`docker buildx imagetools inspect registry:<tag>`, or
 * `skopeo inspect --raw docker://docker.io/library/registry:<tag> | sha256sum`, or
 * docker-library/repo-info's repos/registry/remote/<tag>.md), put both here, and deploy.
 */
export const REGISTRY_IMAGE = {
  repository: 'registry',
  tag: '3.1.1',
  /** The image index (all platforms) of `registry:3.1.1`, as docker-library/repo-info lists it. */
  digest: 'sha256:849b7d29920d060df8091770ede2279c07924ecd29e2a4c029ee0b5ea2ea542b',
} as const;

/** `registry:3.1.1@sha256:…`: the container runtime pulls by the digest. */
export const REGISTRY_IMAGE_REFERENCE = `${REGISTRY_IMAGE.repository}:${REGISTRY_IMAGE.tag}@${REGISTRY_IMAGE.digest}`;

/** The binary inside the image (Debian's package calls it `docker-registry`). */
export const REGISTRY_BINARY_IN_IMAGE = 'registry';

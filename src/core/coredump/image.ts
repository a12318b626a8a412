// The calicovpp/vpp image a core must be opened with: parsed from the user (`--image`) or from a
// bundle (the daemonset's vpp container image and the pod's imageID digest).
import type { VppImage } from './guide-types';

export const DEFAULT_VPP_REPOSITORY = 'calicovpp/vpp';
export const IMAGE_PLACEHOLDER = 'calicovpp/vpp:VERSION';

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const REGISTRY = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/;
const VERSION = /^v?\d+\.\d+(?:\.\d+)?(?:[-.+][0-9A-Za-z.-]+)?$/;

export type ImageParse = { ok: true; image: VppImage } | { ok: false; error: string };

/**
 * `calicovpp/vpp:v3.29.0`, `docker.io/calicovpp/vpp:v3.29.0@sha256:…`, `calicovpp/vpp@sha256:…`, or a
 * bare version `v3.29.0` (taken as calicovpp/vpp:v3.29.0). `digest` (e.g. a pod's imageID) is added
 * when the reference has none.
 */
export function parseVppImage(text: string, source: VppImage['source'], digest?: string | null): ImageParse {
  const t = text.trim();
  if (t === '') return { ok: false, error: 'the image reference is empty' };
  if (/\s/.test(t)) return { ok: false, error: `'${t}' is not an image reference (it contains white space)` };
  let name = t;
  let dig: string | null = null;
  const at = name.indexOf('@');
  if (at >= 0) {
    dig = name.slice(at + 1);
    name = name.slice(0, at);
    if (!DIGEST.test(dig)) return { ok: false, error: `'${dig}' is not an image digest (sha256:<64 hex digits>)` };
  }
  let tag: string | null = null;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  if (!name.includes('/') && tag === null && dig === null && VERSION.test(name)) {
    tag = name;
    name = DEFAULT_VPP_REPOSITORY;
  }
  if (!name.includes('/') && tag === null && dig === null) {
    return { ok: false, error: `'${t}' is neither a version nor an image reference: give e.g. ${DEFAULT_VPP_REPOSITORY}:v3.29.0` };
  }
  if (tag !== null && !TAG.test(tag)) return { ok: false, error: `'${tag}' is not a valid image tag` };
  const parts = name.split('/');
  const first = parts[0]!;
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['));
  if (hasRegistry && !REGISTRY.test(first)) return { ok: false, error: `'${first}' is not a valid registry host` };
  const path = hasRegistry ? parts.slice(1) : parts;
  if (path.length === 0 || !path.every((c) => COMPONENT.test(c))) {
    return { ok: false, error: `'${t}' is not an image reference (expected e.g. ${DEFAULT_VPP_REPOSITORY}:v3.29.0)` };
  }
  if (!dig && digest) {
    const d = digest.includes('@') ? digest.slice(digest.lastIndexOf('@') + 1) : digest.replace(/^docker-pullable:\/\//, '');
    if (DIGEST.test(d)) dig = d;
  }
  return { ok: true, image: { ref: runRef(name, tag, dig), repository: name, tag, digest: dig, source } };
}

function runRef(repository: string, tag: string | null, digest: string | null): string {
  return repository + (tag ? `:${tag}` : '') + (digest ? `@${digest}` : '');
}

/** The reference with a registry, for runtimes that refuse short names (podman, nerdctl). */
export function qualifiedRef(image: { ref: string; repository: string }): string {
  const first = image.repository.split('/')[0]!;
  const hasRegistry = image.repository.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['));
  if (hasRegistry) return image.ref;
  return (image.repository.includes('/') ? 'docker.io/' : 'docker.io/library/') + image.ref;
}

/** Operator-facing doubts about an image (not the vpp image, a moving tag, no digest). */
export function imageWarnings(image: VppImage): string[] {
  const out: string[] = [];
  const last = image.repository.slice(image.repository.lastIndexOf('/') + 1);
  if (last !== 'vpp') out.push(`${image.repository} is not the vpp image: the core comes from the vpp container of calico-vpp-node, whose image is calicovpp/vpp:VERSION.`);
  if (!image.tag && !image.digest) out.push('The image has no tag: it means :latest, which moves. Use the exact version that was running when VPP crashed.');
  else if (image.tag === 'latest' && !image.digest) out.push('The tag latest moves: use the exact version (and digest) that was running when VPP crashed.');
  if (!image.digest) out.push('No image digest is known: note the exact image hash (the vpp container\'s imageID) so that the same binaries can be found again.');
  return out;
}

// The `images` input's grammar: one reference a line, a setter policy line, or (promoting) a bare name or `*`.
// Shared by the action's inputs and the connector's watch validation, so both accept exactly the same lines.
import {InputError} from './errors.js'
import {ImageRefError, parseImageRef, sameImageName, type ImageRef} from './image-ref.js'
import type {BumpTarget} from './bump/types.js'
import type {PromoteRequest} from './promote/resolve.js'

const POLICY_LINE_RE = /^([a-z0-9](?:[-a-z0-9]*[a-z0-9])?):([a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)=(.*)$/

/**
 * `images`: one OCI reference a line, or `<namespace>:<policy>=<reference>` for Flux setters. With `from-paths`, a
 * line may also be a bare name (take what the source runs) or `*` (every name both stages reference).
 */
export function readTargets(lines: string[], promoting: boolean): {targets: BumpTarget[]; requests: PromoteRequest[]} {
  if (lines.length === 0) {
    throw new InputError(
      'images',
      `Input 'images' is required: one image reference a line, e.g. ghcr.io/acme/api:1.4.2` +
        `${promoting ? ', a bare name (ghcr.io/acme/api) or *' : ''}.`
    )
  }
  const targets: BumpTarget[] = []
  const requests: PromoteRequest[] = []
  const names: {name: string; line: string}[] = []
  for (const line of lines) {
    if (line === '*') {
      if (!promoting) {
        throw new InputError(
          'images',
          `Input 'images' line '*' promotes every image of a source stage, which needs 'from-paths' (the source stage's files).`
        )
      }
      if (!requests.some(r => r.kind === 'all')) requests.push({kind: 'all', line})
      continue
    }
    const {policy, ref} = parseImagesLine(line)
    if (ref.tag === undefined && ref.digest === undefined) {
      if (!promoting || policy) {
        throw new InputError(
          'images',
          `Input 'images' line '${printable(line)}' has no tag or digest: write ${ref.name}:<tag> or ${ref.name}@sha256:<digest>` +
            (policy ? '.' : `, or set 'from-paths' to take the reference the source stage runs.`)
        )
      }
      const clash = names.find(n => sameImageName(n.name, ref.name))
      if (clash) {
        throw new InputError('images', `Input 'images' names the same image twice: '${clash.line}' and '${line}'.`)
      }
      names.push({name: ref.name, line})
      requests.push({kind: 'name', name: ref.name, line})
      continue
    }
    const target: BumpTarget = policy
      ? {kind: 'policy', namespace: policy[1] as string, policy: policy[2] as string, ref, line}
      : {kind: 'image', ref, line}
    const clash = sameTarget(targets, names, target)
    if (clash) {
      throw new InputError('images', `Input 'images' names the same image twice: '${clash.line}' and '${target.line}'.`)
    }
    if (target.kind === 'image') names.push({name: ref.name, line})
    targets.push(target)
    requests.push({kind: 'exact', target, line})
  }
  return {targets, requests}
}

/** One `images` line as an optional Flux policy and the OCI reference. */
function parseImagesLine(line: string): {policy: RegExpExecArray | null; ref: ImageRef} {
  const policy = line.includes('=') ? POLICY_LINE_RE.exec(line) : null
  if (line.includes('=') && !policy) {
    throw new InputError(
      'images',
      `Input 'images' line '${printable(line)}' is not <namespace>:<policy>=<reference>, e.g. flux-system:podinfo=ghcr.io/acme/podinfo:6.5.0.`
    )
  }
  const refText = policy ? (policy[3] as string) : line
  let ref
  try {
    ref = parseImageRef(refText)
  } catch (e) {
    const why = e instanceof ImageRefError ? e.message : String(e)
    throw new InputError(
      'images',
      `Input 'images' line '${printable(line)}' is not a valid OCI image reference: ${why}. ` +
        `Write registry/path:tag, registry/path@sha256:<64 hex> or both.`
    )
  }
  return {policy, ref}
}

/** An earlier line naming the same policy, or the same image (by exact target or bare name). */
function sameTarget(
  targets: BumpTarget[],
  names: {name: string; line: string}[],
  target: BumpTarget
): {line: string} | undefined {
  return (
    targets.find(t =>
      t.kind === 'policy' && target.kind === 'policy'
        ? t.namespace === target.namespace && t.policy === target.policy
        : t.kind === 'image' && target.kind === 'image' && sameImageName(t.ref.name, target.ref.name)
    ) ?? (target.kind === 'image' ? names.find(n => sameImageName(n.name, target.ref.name)) : undefined)
  )
}

/** Shows control characters visibly so an error message cannot itself inject lines into the log. */
export function printable(text: string): string {
  const shown = JSON.stringify(text).slice(1, -1)
  return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown
}

// git check-ref-format, the parts that matter for a branch name given in a workflow file.

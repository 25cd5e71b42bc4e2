// The bump engine's contract: pure data in, pure data out. No I/O anywhere under src/bump/.
import type {ImageRef} from '../image-ref.js'

/** One line of the `images` input. */
export type BumpTarget =
  /** `ghcr.io/acme/api:1.4.2`: every reference whose name equals `ref.name` changes. */
  | {kind: 'image'; ref: ImageRef; line: string}
  /** `flux-system:podinfo=ghcr.io/acme/podinfo:6.5.0`: every setter naming that policy changes, renames included. */
  | {kind: 'policy'; namespace: string; policy: string; ref: ImageRef; line: string}
  /** One line of the `charts` input. */
  | ChartTarget

/** The targets that set an image reference (the `images` input). */
export type ImageTarget = Exclude<BumpTarget, ChartTarget>

/**
 * `podinfo=6.5.0[@sha256:…]`: every HelmRelease of chart `podinfo` gets `spec.chart.spec.version: 6.5.0`, every
 * OCIRepository whose url ends in `/podinfo` gets `spec.ref.tag: 6.5.0` (and `spec.ref.digest`).
 */
export interface ChartTarget {
  kind: 'chart'
  chart: string
  version: string
  digest?: string
  line: string
  /**
   * `namespace/name` of HelmRelease patches (a version, no chart) known to set this chart, so one file can be checked
   * alone although the HelmRelease it patches is in another (the wait's "still holds" check).
   */
  releases?: string[]
}

/** One scalar that changes: where it is in the original text and what it becomes. */
export interface ValueChange {
  file: string
  /** 1-based line and column of the scalar in the original text. */
  line: number
  column: number
  /** What kind of field: e.g. `images[].newTag`, `image`, `setter`, `values.tag`. For logs and the PR body. */
  field: string
  from: string
  to: string
  /** The `images` or `charts` input line that caused it. */
  target: string
}

export interface FileEdit {
  path: string
  before: string
  after: string
  changes: ValueChange[]
}

export interface BumpPlan {
  /** Files whose text changes, sorted by path. Empty when every reference already has the requested value. */
  edits: FileEdit[]
  /** Every file that was examined, sorted (a file whose text cannot match is examined but not parsed). */
  scanned: string[]
  /** The files among `scanned` that could match and were parsed, sorted. */
  parsed?: string[]
  /** Things a person should know but that do not stop the bump (e.g. a setter group whose image is unknown). */
  warnings: string[]
  /** For each target line: the references it matched as they were before (e.g. `ghcr.io/acme/api:1.4.1`), deduplicated. */
  previous: Record<string, string[]>
}

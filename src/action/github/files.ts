// Reads the gitops files with a constant number of requests: one tarball of the commit, whatever the repo's size.
// (A tree listing plus one blob request per file would grow with the repo; the tarball does not.)
import {gunzipSync} from 'node:zlib'
import {Readable} from 'node:stream'
import tar from 'tar-stream'
import type {GitHub} from './client.js'
import {isManifestPath, selectFiles} from '../../core/bump/select-files.js'

export interface RepoRef {
  owner: string
  repo: string
}

/** The commit SHA a branch points at now. */
export async function branchHead(gh: GitHub, at: RepoRef, branch: string): Promise<string> {
  const res = await gh.octokit.rest.git.getRef({...at, ref: `heads/${branch}`})
  return res.data.object.sha
}

/** The manifest files under `paths` at `sha`: path -> text. */
export async function readManifests(
  gh: GitHub,
  at: RepoRef,
  sha: string,
  paths: string[]
): Promise<Map<string, string>> {
  return selectManifests(await downloadManifests(gh, at, sha), paths)
}

/** Every manifest file of the commit (one tarball request), for callers that select several path sets from it. */
export async function downloadManifests(gh: GitHub, at: RepoRef, sha: string): Promise<Map<string, string>> {
  const res = await gh.octokit.request('GET /repos/{owner}/{repo}/tarball/{ref}', {...at, ref: sha})
  return untar(gunzipSync(Buffer.from(res.data as ArrayBuffer)))
}

/** The files of `all` selected by `paths`, sorted by path. */
export function selectManifests(all: ReadonlyMap<string, string>, paths: string[]): Map<string, string> {
  const wanted = new Set(selectFiles([...all.keys()], paths))
  return new Map([...all].filter(([path]) => wanted.has(path)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** Regular files of a GitHub tarball, without its `<owner>-<repo>-<sha>/` top folder; only manifest files are kept. */
async function untar(tarball: Buffer): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  const extract = tar.extract()
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const path = header.name.replace(/^[^/]*\//, '')
      const keep = header.type === 'file' && isManifestPath(path)
      const chunks: Buffer[] = []
      stream.on('data', (c: unknown) => {
        if (keep) chunks.push(c as Buffer)
      })
      stream.on('end', () => {
        if (keep) files.set(path, Buffer.concat(chunks).toString('utf8'))
        next()
      })
      stream.resume()
    })
    extract.on('finish', resolve)
    extract.on('error', reject)
  })
  Readable.from([tarball]).pipe(extract)
  await done
  return files
}

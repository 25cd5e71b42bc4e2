// Unified diffs of planned edits, for dry-run logs and PR bodies. Pure; git-style `a/` `b/` headers.
import {createTwoFilesPatch, FILE_HEADERS_ONLY} from 'diff'

/** `--- a/path` / `+++ b/path` and hunks with 3 lines of context; empty string when the texts are equal. */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return ''
  // FILE_HEADERS_ONLY drops the `Index:` and `====` lines that the package adds by default, so the output looks like
  // `git diff` (which readers and `git apply` expect).
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY
  })
}

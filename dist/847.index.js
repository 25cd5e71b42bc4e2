export const id = 847;
export const ids = [847];
export const modules = {

/***/ 8732:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  P: () => (/* binding */ branchHead),
  pA: () => (/* binding */ downloadManifests),
  PX: () => (/* binding */ readManifests),
  $d: () => (/* binding */ selectManifests)
});

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
;// CONCATENATED MODULE: ./src/core/bump/select-files.ts
// Which repository files the bump reads: the `paths` input (gitignore-style globs) intersected with manifest names.

/** `*.yaml`, `*.yml`, or kustomize's extension-less `Kustomization`: the files Flux's image automation reads too. */
function isManifestPath(path) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    return base.endsWith('.yaml') || base.endsWith('.yml') || base === 'Kustomization';
}
/**
 * Files of `allPaths` selected by any of `patterns`, manifests only, sorted and unique.
 * Patterns are anchored at the repository root (`apps` means `./apps`, not any folder named apps): `*` stays within
 * a segment, `**` crosses segments, a plain folder selects everything below it, `.` the whole repo, and `!pattern`
 * takes files out again.
 */
function selectFiles(allPaths, patterns) {
    const include = [];
    const exclude = [];
    let everything = false;
    for (const raw of patterns) {
        // `!pattern` excludes (as in .gitignore). Handled here: picomatch would read a leading `!` as "anything but".
        const negated = raw.trim().startsWith('!');
        const pattern = normalise(negated ? raw.trim().slice(1) : raw);
        if (pattern === undefined)
            continue;
        if (pattern === '') {
            if (negated)
                return [];
            everything = true;
            continue;
        }
        // `dot: true`: gitignore's `*` matches dot files too. The second glob makes a folder select its contents.
        ;
        (negated ? exclude : include).push(picomatch_default()([pattern, `${pattern}/**`], { dot: true }));
    }
    return sortedManifests(allPaths, path => (everything || include.some(m => m(path))) && !exclude.some(m => m(path)));
}
/** Tolerates `./x`, `/x`, `x/` and surrounding blanks; `''` means the whole repo, undefined a comment/blank line. */
function normalise(raw) {
    let p = raw.trim();
    if (p === '' || p.startsWith('#'))
        return undefined;
    while (p.startsWith('./'))
        p = p.slice(2);
    p = p.replace(/^\/+/, '').replace(/\/+$/, '');
    return p === '.' ? '' : p;
}
function sortedManifests(allPaths, keep) {
    const out = new Set();
    for (const raw of allPaths) {
        const path = raw.startsWith('./') ? raw.slice(2) : raw;
        if (isManifestPath(path) && keep(path))
            out.add(path);
    }
    return [...out].sort();
}

;// CONCATENATED MODULE: ./src/action/github/files.ts
// Reads the gitops files with a constant number of requests: one tarball of the commit, whatever the repo's size.
// (A tree listing plus one blob request per file would grow with the repo; the tarball does not.)




/** The commit SHA a branch points at now. */
async function branchHead(gh, at, branch) {
    const res = await gh.octokit.rest.git.getRef({ ...at, ref: `heads/${branch}` });
    return res.data.object.sha;
}
/** The manifest files under `paths` at `sha`: path -> text. */
async function readManifests(gh, at, sha, paths) {
    return selectManifests(await downloadManifests(gh, at, sha), paths);
}
/** Every manifest file of the commit (one tarball request), for callers that select several path sets from it. */
async function downloadManifests(gh, at, sha) {
    const res = await gh.octokit.request('GET /repos/{owner}/{repo}/tarball/{ref}', { ...at, ref: sha });
    return untar((0,external_node_zlib_.gunzipSync)(Buffer.from(res.data)));
}
/** The files of `all` selected by `paths`, sorted by path. */
function selectManifests(all, paths) {
    const wanted = new Set(selectFiles([...all.keys()], paths));
    return new Map([...all].filter(([path]) => wanted.has(path)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
/** Regular files of a GitHub tarball, without its `<owner>-<repo>-<sha>/` top folder; only manifest files are kept. */
async function untar(tarball) {
    const files = new Map();
    const extract = tar_stream.extract();
    const done = new Promise((resolve, reject) => {
        extract.on('entry', (header, stream, next) => {
            const path = header.name.replace(/^[^/]*\//, '');
            const keep = header.type === 'file' && isManifestPath(path);
            const chunks = [];
            stream.on('data', (c) => {
                if (keep)
                    chunks.push(c);
            });
            stream.on('end', () => {
                if (keep)
                    files.set(path, Buffer.concat(chunks).toString('utf8'));
                next();
            });
            stream.resume();
        });
        extract.on('finish', resolve);
        extract.on('error', reject);
    });
    external_node_stream_.Readable.from([tarball]).pipe(extract);
    await done;
    return files;
}


/***/ }),

/***/ 9847:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readAndPlan: () => (/* binding */ readAndPlan)
/* harmony export */ });
/* harmony import */ var _github_files_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8732);
/* harmony import */ var _github_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(181);
/* harmony import */ var _core_bump_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(656);



async function readAndPlan(gh, at, branch, bump) {
    const repo = `${at.owner}/${at.repo}`;
    const head = await (0,_github_errors_js__WEBPACK_IMPORTED_MODULE_1__.step)(`read branch '${branch}'`, repo, 'contents: read', () => (0,_github_files_js__WEBPACK_IMPORTED_MODULE_0__/* .branchHead */ .P)(gh, at, branch));
    const files = await (0,_github_errors_js__WEBPACK_IMPORTED_MODULE_1__.step)(`download ${head.slice(0, 7)}`, repo, 'contents: read', () => (0,_github_files_js__WEBPACK_IMPORTED_MODULE_0__/* .readManifests */ .PX)(gh, at, head, bump.paths));
    return { head, plan: (0,_core_bump_index_js__WEBPACK_IMPORTED_MODULE_2__/* .planBump */ .m3)(files, bump.targets) };
}


/***/ })

};

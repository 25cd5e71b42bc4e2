export const id = 920;
export const ids = [920,847,766];
export const modules = {

/***/ 7441:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AnswerLostError: () => (/* binding */ AnswerLostError),
/* harmony export */   GraphQLRequestError: () => (/* binding */ GraphQLRequestError),
/* harmony export */   createGitHub: () => (/* binding */ createGitHub),
/* harmony export */   messageOf: () => (/* reexport safe */ _core_http_error_js__WEBPACK_IMPORTED_MODULE_4__.bD),
/* harmony export */   statusOf: () => (/* reexport safe */ _core_http_error_js__WEBPACK_IMPORTED_MODULE_4__.c2)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1758);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6856);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3251);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _core_duration_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8571);
/* harmony import */ var _core_http_error_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(988);
/* harmony import */ var _core_classify_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8193);
/* harmony import */ var _core_retry_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7253);
// The one GitHub client: @actions/github's octokit with a deadline on every request, one retry policy (a 5xx or a
// lost answer: reads are asked again, writes are read back first), throttling (primary and secondary rate limits,
// honouring `retry-after` and the reset time), base URLs from GITHUB_API_URL / GITHUB_GRAPHQL_URL so GitHub Enterprise
// Server works, and an ETag cache for polling (a 304 answer costs no rate limit).








/** Retries of a 5xx, as many as the retry plugin makes by default. */
const MAX_RETRIES = 3;
/**
 * The shortest deadline a request gets, also once the run's budget is spent: the final Deployment status and a
 * revert (which has a budget of its own) still need their requests answered.
 */
const MIN_DEADLINE_MS = 5_000;
/** A write got no usable answer: it may or may not have been applied. Only `writeOnce` resolves it. */
class AnswerLostError extends Error {
    endpoint;
    cause;
    constructor(endpoint, cause) {
        super(`GitHub's answer to ${endpoint} was lost (${(0,_core_http_error_js__WEBPACK_IMPORTED_MODULE_4__/* .messageOf */ .bD)(cause)})`);
        this.endpoint = endpoint;
        this.cause = cause;
        this.name = 'AnswerLostError';
    }
}
class GraphQLRequestError extends Error {
    errors;
    constructor(errors) {
        super(errors.map(e => e.message).join('; '));
        this.errors = errors;
        this.name = 'GraphQLRequestError';
    }
    hasType(type) {
        return this.errors.some(e => e.type === type);
    }
}
function createGitHub(token, log, env = process.env, timing) {
    const budget = timing?.budget;
    const stats = { requests: 0, notModified: 0 };
    const apiUrl = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
    const graphqlUrl = env.GITHUB_GRAPHQL_URL || `${apiUrl.replace(/\/api\/v3$/, '/api')}/graphql`;
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, {
        baseUrl: apiUrl,
        userAgent: 'gitops-promote',
        // With a budget, 5xx retries happen below, where they can stop when the time left cannot cover the next one.
        retry: { enabled: !budget, doNotRetry: [400, 401, 403, 404, 405, 409, 410, 422, 451] },
        throttle: throttleOptions(log, budget)
    }, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_5__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_6__/* .throttling */ .A);
    octokit.hook.before('request', () => {
        stats.requests++;
    });
    if (timing)
        retryWithinBudget(octokit, log, timing);
    const pauseUnit = timing?.retryUnitMs ?? 1000;
    const etags = new Map();
    return {
        octokit,
        stats,
        async graphql(query, variables) {
            const res = await octokit.request({ method: 'POST', url: graphqlUrl, query, variables });
            const body = res.data;
            if (body.errors && body.errors.length > 0)
                throw new GraphQLRequestError(body.errors);
            return body.data;
        },
        async conditionalGet(route, params) {
            const key = `${route} ${JSON.stringify(params)}`;
            const cached = etags.get(key);
            try {
                const res = await octokit.request(route, {
                    ...params,
                    headers: cached ? { 'if-none-match': cached.etag } : {}
                });
                const etag = res.headers.etag;
                if (etag)
                    etags.set(key, { etag, data: res.data });
                return res.data;
            }
            catch (e) {
                if (cached && e.status === 304) {
                    stats.notModified++;
                    return cached.data;
                }
                throw e;
            }
        },
        async writeOnce(send, readBack) {
            for (let retry = 1;; retry++) {
                try {
                    return await send();
                }
                catch (e) {
                    if (!(e instanceof AnswerLostError))
                        throw e;
                    log.debug(`${e.message}; reading back whether it was applied.`);
                    const applied = await readBack();
                    if (applied !== undefined) {
                        log.debug(`It was: ${e.endpoint} is not sent again.`);
                        return applied;
                    }
                    const pause = retry * retry * pauseUnit;
                    if (retry > MAX_RETRIES || (budget && pause >= budget.remaining()))
                        throw e;
                    log.debug(`It was not: sending ${e.endpoint} again in ${(0,_core_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a)(pause)}.`);
                    await new Promise(resolve => setTimeout(resolve, pause));
                }
            }
        }
    };
}
/** Throttling that waits out a rate limit only when the wait is short and fits the budget. */
function throttleOptions(log, budget) {
    return {
        // The plugin spaces writes 1 s apart (3 s for those that notify) for bulk writers; a run makes a handful of
        // writes, one after another, so it only serialises them and still waits when GitHub says so.
        write: new (bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1___default().Group)({ maxConcurrent: 1 }),
        notifications: new (bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1___default().Group)({ maxConcurrent: 1 }),
        onRateLimit: (retryAfter, options, _o, retryCount) => {
            const fits = retryCount < 2 && retryAfter <= 120 && (!budget || retryAfter * 1000 < budget.remaining());
            if (fits)
                log.warning(`GitHub rate limit hit for ${options.method} ${options.url}; retrying in ${retryAfter}s.`);
            return fits;
        },
        onSecondaryRateLimit: (retryAfter, options, _o, retryCount) => {
            log.warning(`GitHub secondary rate limit for ${options.method} ${options.url}; retrying in ${retryAfter}s.`);
            return retryCount < 3;
        }
    };
}
function dateOf(h) {
    return typeof h?.date === 'string' ? h.date : undefined;
}
/** A REST call that is not a GET or HEAD, or a GraphQL mutation: sending it twice may do it twice. */
function isWrite(options) {
    const method = (options.method ?? 'GET').toUpperCase();
    if (method === 'GET' || method === 'HEAD')
        return false;
    return typeof options.query !== 'string' || /^\s*mutation\b/.test(options.query);
}
/**
 * Gives every request a deadline (30 s, less when the run's budget ends sooner), feeds every answer's `Date` to the
 * budget, and retries within the time left: a read after a 5xx or a lost answer; a write never (it may have been
 * applied: its caller reads back through `writeOnce`). A 501 is not retried: the server lacks the endpoint.
 */
function retryWithinBudget(octokit, log, timing) {
    const { budget, clock = Date.now, retryUnitMs = 1000, deadlineMs = _core_retry_js__WEBPACK_IMPORTED_MODULE_7__/* .REQUEST_DEADLINE_MS */ .QP } = timing;
    octokit.hook.wrap('request', async (request, options) => {
        const write = isWrite(options);
        // Retried after 1 s, 4 s and 9 s, as the retry plugin does, but only while the wait fits the budget.
        for (let retry = 1;; retry++) {
            const sentAt = clock();
            const deadline = Math.min(deadlineMs, Math.max(budget.remaining(), MIN_DEADLINE_MS));
            try {
                // In place: every hook of the chain is bound to this one options object, whatever is passed to `request`.
                options.request = { ...options.request, signal: AbortSignal.timeout(deadline) };
                const res = await request(options);
                budget.observeDate(dateOf(res.headers), sentAt, clock());
                return res;
            }
            catch (e) {
                budget.observeDate(dateOf(e.response?.headers), sentAt, clock());
                const status = (0,_core_http_error_js__WEBPACK_IMPORTED_MODULE_4__/* .statusOf */ .c2)(e);
                const lost = (0,_core_classify_js__WEBPACK_IMPORTED_MODULE_3__/* .isNoAnswer */ .Uz)(e);
                const transient = lost || (status !== undefined && (0,_core_classify_js__WEBPACK_IMPORTED_MODULE_3__/* .isTransientStatus */ .Dm)(status));
                if (write && transient)
                    throw new AnswerLostError((0,_core_classify_js__WEBPACK_IMPORTED_MODULE_3__/* .endpointOf */ .X5)(e) || `${options.method} ${options.url}`, e);
                const pause = retry * retry * retryUnitMs;
                if (!transient || retry > MAX_RETRIES || pause >= budget.remaining())
                    throw e;
                const what = lost ? `no answer (${(0,_core_http_error_js__WEBPACK_IMPORTED_MODULE_4__/* .messageOf */ .bD)(e)})` : `${status}`;
                log.debug(`GitHub gave ${what} for ${options.method} ${options.url}; retrying in ${(0,_core_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a)(pause)}.`);
                await new Promise(resolve => setTimeout(resolve, pause));
            }
        }
    });
}



/***/ }),

/***/ 2562:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   explain: () => (/* binding */ explain),
/* harmony export */   step: () => (/* binding */ step)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7441);
/* harmony import */ var _core_http_error_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(988);
/* harmony import */ var _core_classify_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8193);
/* harmony import */ var _core_duration_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8571);
// GitHub's 401/403/404 answers say little; these messages say which permission the token lacks on which repo.





/**
 * Wraps a failed GitHub request in a PromoteError that names the step, the repo and the permission it needs.
 * Anything that is not an HTTP error is passed through unchanged.
 */
function explain(e, step, repo, permission) {
    // GraphQL answers 200 and puts the HTTP-like meaning in the error type.
    const gqlStatus = e instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__.GraphQLRequestError
        ? e.hasType('FORBIDDEN')
            ? 403
            : e.hasType('NOT_FOUND')
                ? 404
                : undefined
        : undefined;
    const status = gqlStatus ?? (0,_client_js__WEBPACK_IMPORTED_MODULE_1__.statusOf)(e);
    const detail = (0,_client_js__WEBPACK_IMPORTED_MODULE_1__.messageOf)(e);
    // A 403 or 429 from a spent rate limit is not a missing permission (the client already waited what it could).
    const limited = status === 403 || status === 429 ? (0,_core_http_error_js__WEBPACK_IMPORTED_MODULE_4__/* .rateLimitWait */ .hD)(e) : undefined;
    if (limited !== undefined) {
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PromoteError */ .jG(`GitHub's rate limit stopped the run while trying to ${step} in ${repo} (${status} ${detail}); ` +
            `it lifts in about ${(0,_core_duration_js__WEBPACK_IMPORTED_MODULE_3__/* .formatDuration */ .a)(limited)}. Re-run then, or raise 'timeout' so the run can wait for it.`);
    }
    if (e instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__.AnswerLostError) {
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PromoteError */ .jG(`${e.message} while trying to ${step} in ${repo}, and it was still lost when sent again. ` +
            `GitHub may be having an outage: re-run the job (a re-run finds what was written and continues from there).`);
    }
    switch (status) {
        case _core_classify_js__WEBPACK_IMPORTED_MODULE_2__/* .NOT_IMPLEMENTED */ .fT:
            return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PromoteError */ .jG((0,_core_classify_js__WEBPACK_IMPORTED_MODULE_2__/* .notImplemented */ .SJ)(e, `trying to ${step} in ${repo}`));
        case 401:
            return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PromoteError */ .jG(`GitHub rejected the token while trying to ${step} in ${repo} (401 ${detail}): check the 'token' input; it may be expired or revoked.`);
        case 403:
            return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PromoteError */ .jG(`The token may not ${step} in ${repo} (403 ${detail}): it needs '${permission}' on ${repo}. ` +
                `The default GITHUB_TOKEN only reaches the workflow's own repository; for another repo use a GitHub App token or a fine-grained PAT.`);
        case 404:
            return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PromoteError */ .jG(`GitHub answered 404 while trying to ${step} in ${repo}: check the 'repository' and 'branch' inputs, and that the token can see ${repo} ('${permission}').`);
        case undefined:
            return e instanceof Error ? e : new Error(String(e));
        default:
            return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PromoteError */ .jG(`GitHub answered ${status} while trying to ${step} in ${repo}: ${detail}`);
    }
}
/** Runs one GitHub step and explains its failure. */
async function step(what, repo, permission, fn) {
    try {
        return await fn();
    }
    catch (e) {
        throw explain(e, what, repo, permission);
    }
}


/***/ }),

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

/***/ 5920:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  checkSourceStage: () => (/* binding */ checkSourceStage),
  planChange: () => (/* binding */ planChange)
});

// EXTERNAL MODULE: ./src/action/runner.ts + 3 modules
var runner = __webpack_require__(2028);
// EXTERNAL MODULE: ./src/action/inputs.ts + 1 modules
var inputs = __webpack_require__(7312);
// EXTERNAL MODULE: ./src/core/bump/index.ts
var bump = __webpack_require__(656);
// EXTERNAL MODULE: ./src/core/image-ref.ts
var image_ref = __webpack_require__(3386);
// EXTERNAL MODULE: ./src/action/github/files.ts + 1 modules
var files = __webpack_require__(8732);
// EXTERNAL MODULE: ./src/action/github/errors.ts
var errors = __webpack_require__(2562);
// EXTERNAL MODULE: ./src/core/errors.ts
var core_errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/duration.ts
var duration = __webpack_require__(8571);
// EXTERNAL MODULE: ./src/core/rollout/evidence.ts + 1 modules
var rollout_evidence = __webpack_require__(6273);
// EXTERNAL MODULE: ./src/core/budget.ts
var core_budget = __webpack_require__(4782);
// EXTERNAL MODULE: ./src/action/wait/commit-status.ts
var commit_status = __webpack_require__(5084);
// EXTERNAL MODULE: ./src/action/wait/connector-source.ts + 2 modules
var connector_source = __webpack_require__(6766);
// EXTERNAL MODULE: ./src/action/wait/poll.ts
var poll = __webpack_require__(2809);
// EXTERNAL MODULE: ./src/core/rollout/verdict.ts
var rollout_verdict = __webpack_require__(4292);
// EXTERNAL MODULE: ./src/core/bump/helm-values.ts
var helm_values = __webpack_require__(8997);
// EXTERNAL MODULE: ./src/core/bump/kustomize.ts
var kustomize = __webpack_require__(8419);
// EXTERNAL MODULE: ./src/core/bump/setters.ts
var setters = __webpack_require__(8063);
// EXTERNAL MODULE: ./src/core/bump/workloads.ts
var workloads = __webpack_require__(7086);
// EXTERNAL MODULE: ./src/core/bump/yaml-source.ts
var yaml_source = __webpack_require__(8055);
;// CONCATENATED MODULE: ./src/core/bump/references.ts
// Reading what a set of manifests runs: every image reference the bump rules would touch, read by the same readers
// (kustomize `images:`, setter groups, container `image:`, Helm values), with where it is written. Pure.






/**
 * Every image reference in `files` that names a tag or a digest (a kustomize entry that only renames, or values
 * without a tag, say nothing about what runs). Files are parsed only when they mention `image`, `$imagepolicy`,
 * `repository` or `images`; a file that does not parse is an error (BumpError), as in the bump.
 * Sorted by file and line; one scalar read by two readers (a setter on a container image) is listed once.
 */
function readReferences(files) {
    const out = [];
    const seen = new Set();
    const add = (src, offset, format, name, reference) => {
        let parsed;
        try {
            parsed = (0,image_ref/* parseImageRef */.Q)(reference);
        }
        catch {
            return;
        }
        if (parsed.tag === undefined && parsed.digest === undefined)
            return;
        const { line } = (0,yaml_source/* position */.G1)(src, offset);
        const key = `${src.path}:${line}:${reference}`;
        if (seen.has(key))
            return;
        seen.add(key);
        out.push({
            file: src.path,
            line,
            format,
            name,
            reference,
            ...(parsed.tag !== undefined ? { tag: parsed.tag } : {}),
            ...(parsed.digest !== undefined ? { digest: parsed.digest } : {})
        });
    };
    for (const path of [...files.keys()].sort()) {
        const text = files.get(path) ?? '';
        if (!/image|\$imagepolicy|repository/.test(text))
            continue;
        const src = (0,yaml_source/* parseSource */.PJ)(path, text);
        const entries = (0,kustomize/* findImageEntries */.HT)(src);
        for (const g of (0,setters/* setterGroupReferences */.n4)(src, (0,setters/* findSetters */.Qw)(src), entries)) {
            add(src, g.node.range[0], 'setter', g.name, g.reference);
        }
        for (const e of entries) {
            const name = (0,yaml_source/* getPair */.xf)(e.map, 'name');
            add(src, name?.key.range?.[0] ?? e.map.range?.[0] ?? 0, 'kustomize', e.effectiveName, (0,kustomize/* entryReference */.cb)(src, e));
        }
        for (const c of (0,workloads/* findContainerImages */.d)(src))
            add(src, c.node.range[0], 'container', c.ref.name, c.text);
        for (const doc of src.docs) {
            (0,yaml_source/* visitMaps */.rK)(doc.contents, map => {
                const name = (0,helm_values/* valuesImageName */.ht)(map);
                if (name === undefined || (0,yaml_source/* getPair */.xf)(map, 'tag') === undefined)
                    return;
                add(src, (0,yaml_source/* getPair */.xf)(map, 'repository')?.key.range?.[0] ?? 0, 'helm-values', name, (0,helm_values/* valuesReference */.c1)(src, map, name));
            });
        }
    }
    return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

;// CONCATENATED MODULE: ./src/core/promote/resolve.ts
// Resolving a promotion: which exact references (tag and digest as written) the source stage runs, for the names the
// `images` input asks for. Pure: files in, targets out; the same readers as the bump, so the four formats are read
// one way.



const MAX_LISTED = 20;
/**
 * Resolves `requests` against the source's manifests (`source`: path -> text, already selected by `from-paths`) and,
 * for `*`, the target's (`target`, selected by `paths`).
 * Throws BumpError when a name is missing from the source, when the source holds two different references for one
 * name (listing every `file:line reference`), or when a full reference is not what the source holds.
 */
function resolvePromotion(requests, source, target) {
    const found = readReferences(source);
    const scanned = [...source.keys()].sort();
    const out = { targets: [], images: [], problems: [] };
    const one = (name, line) => resolveName(found, scanned, name, line, out.problems);
    for (const r of requests) {
        if (r.kind === 'name') {
            const res = one(r.name, r.line);
            if (!res)
                continue;
            out.images.push(res);
            out.targets.push({ kind: 'image', ref: (0,image_ref/* parseImageRef */.Q)(res.reference), line: res.reference });
        }
        else if (r.kind === 'exact') {
            const want = r.target.ref;
            const res = one(want.name, r.line);
            if (!res)
                continue;
            const held = res.where[0];
            if (held.tag !== want.tag || held.digest !== want.digest) {
                out.problems.push(`'${r.line}' is not what the source runs: it holds ${held.reference} (${res.where.map(f => `${f.file}:${f.line}`).join(', ')})`);
                continue;
            }
            out.images.push({ ...res, reference: (0,image_ref/* formatImageRef */.kL)(want) });
            out.targets.push(r.target);
        }
    }
    const skipped = requests.some(r => r.kind === 'all') ? resolveAll(requests, found, target, scanned, one, out) : [];
    if (out.problems.length > 0)
        throw new core_errors/* BumpError */.nr(`Cannot resolve the promotion: ${out.problems.join('\n')}`);
    return { targets: out.targets, images: out.images, skipped };
}
/** The one reference the source holds for `name`; undefined (with the problem noted) when none, or several. */
function resolveName(found, scanned, name, line, problems) {
    const where = found.filter(f => (0,image_ref/* sameImageName */.ph)(f.name, name));
    if (where.length === 0) {
        problems.push(`the source holds no reference to ${name} (from '${line}'); ${listScanned(scanned)}`);
        return undefined;
    }
    const distinct = new Map();
    for (const f of where) {
        const key = (0,image_ref/* formatImageRef */.kL)({ name: '', tag: f.tag, digest: f.digest });
        distinct.set(key, [...(distinct.get(key) ?? []), f]);
    }
    if (distinct.size > 1) {
        problems.push(`the source holds ${distinct.size} different references for ${name}, so what it runs is ambiguous:\n` +
            where.map(f => `  ${f.file}:${f.line} ${f.reference}`).join('\n'));
        return undefined;
    }
    const first = where[0];
    const reference = (0,image_ref/* formatImageRef */.kL)({ name, tag: first.tag, digest: first.digest });
    return { line, name, reference, where };
}
/**
 * `*`: every image the source references that the target references too, except those named explicitly, sorted by
 * name. Returns the source's names the target does not reference (skipped).
 */
function resolveAll(requests, found, target, scanned, one, out) {
    const explicit = requests.flatMap(r => r.kind === 'name' ? [r.name] : r.kind === 'exact' && r.target.kind === 'image' ? [r.target.ref.name] : []);
    const skipped = [];
    const inTarget = readReferences(target);
    const names = [];
    for (const f of found) {
        if (names.some(n => (0,image_ref/* sameImageName */.ph)(n, f.name)) || explicit.some(n => (0,image_ref/* sameImageName */.ph)(n, f.name)))
            continue;
        names.push(f.name);
    }
    for (const name of names.sort((a, b) => (0,image_ref/* canonicalImageName */.dW)(a).localeCompare((0,image_ref/* canonicalImageName */.dW)(b)))) {
        if (!inTarget.some(t => (0,image_ref/* sameImageName */.ph)(t.name, name))) {
            skipped.push(name);
            continue;
        }
        const res = one(name, '*');
        if (!res)
            continue;
        out.images.push(res);
        out.targets.push({ kind: 'image', ref: (0,image_ref/* parseImageRef */.Q)(res.reference), line: res.reference });
    }
    if (out.targets.length === 0 && out.problems.length === 0) {
        out.problems.push(`'*' found no image name referenced both by the source and by the target ` +
            `(source: ${names.join(', ') || 'none'}); ${listScanned(scanned)}`);
    }
    return skipped;
}
function listScanned(paths) {
    if (paths.length === 0)
        return 'from-paths selected no manifest files';
    const listed = paths.slice(0, MAX_LISTED).join(', ');
    const more = paths.length > MAX_LISTED ? ` and ${paths.length - MAX_LISTED} more` : '';
    return `scanned ${paths.length} files: ${listed}${more}`;
}

// EXTERNAL MODULE: ./src/core/glob.ts
var glob = __webpack_require__(6085);
;// CONCATENATED MODULE: ./src/core/rollout/source-evidence.ts
// The source stage's evidence, pure: which path prefixes to ask the commits API about, since when the source has been
// healthy, and the evidence rows people read. No I/O, no clock reads.


/**
 * The literal folder/file prefixes of `from-paths` patterns, for the commits API's `path` filter (which takes no
 * globs): `apps/*\/staging` -> `apps`, `clusters/staging/**` -> `clusters/staging`. A pattern with no literal part
 * (or `.`) means the whole repo: `['']`. Prefixes below another one are dropped (the shorter one sees their commits
 * too), so the number of requests is the number of distinct roots, whatever the repo's size. `!` exclusions are
 * ignored here: a commit that only touched an excluded file makes I newer than it need be, which only asks for
 * fresher evidence, never less.
 */
function literalPrefixes(patterns) {
    const prefixes = new Set();
    for (const raw of patterns) {
        let p = raw.trim();
        if (p === '' || p.startsWith('#') || p.startsWith('!'))
            continue;
        while (p.startsWith('./'))
            p = p.slice(2);
        p = p.replace(/^\/+/, '').replace(/\/+$/, '');
        if (p === '.')
            p = '';
        const literal = [];
        for (const segment of p.split('/')) {
            if (segment === '' || /[*?[\]{}()!+@]/.test(segment))
                break;
            literal.push(segment);
        }
        prefixes.add(literal.join('/'));
    }
    const sorted = [...prefixes].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    const kept = [];
    for (const p of sorted) {
        if (kept.some(k => k === '' || p === k || p.startsWith(`${k}/`)))
            continue;
        kept.push(p);
    }
    return kept;
}
/**
 * Since when the source has been healthy at its references. Per context: walk its reports on I and the commits that
 * still hold the references, newest first (commit order, then time), back to the first one that is not healthy; the
 * oldest healthy report of that run is when the context became healthy. Flux posts a new success on every commit it
 * applies, so taking the newest report would restart the soak on every unrelated commit; a failing report, or a
 * pending one, ends the run. The source is healthy since the latest of those moments over the contexts that made the
 * verdict healthy.
 */
function soakReading(snapshot, verdict, healthyDescription) {
    const index = new Map();
    snapshot.commits.forEach((sha, i) => {
        if (!index.has(sha))
            index.set(sha, i);
    });
    const describe = (0,glob/* contextMatcher */.g)(healthyDescription);
    const byContext = new Map();
    for (const r of snapshot.reports) {
        if (!index.has(r.commit))
            continue;
        byContext.set(r.context, [...(byContext.get(r.context) ?? []), r]);
    }
    const sinceOf = (context) => {
        const reports = [...(byContext.get(context) ?? [])].sort((a, b) => (index.get(b.commit) ?? 0) - (index.get(a.commit) ?? 0) || b.at - a.at);
        let since;
        for (const r of reports) {
            if ((0,rollout_verdict/* reportHealth */.Xb)(r, describe) !== 'healthy')
                break;
            since = r.at;
        }
        return since;
    };
    const rows = [];
    for (const p of verdict.patterns) {
        // The pattern's expected set: every context it waits for.
        const contexts = verdict.contexts.filter(c => p.contexts.includes(c.context));
        if (contexts.length === 0) {
            rows.push({
                pattern: p.pattern,
                context: '',
                state: p.status,
                commit: '',
                description: 'no report yet'
            });
            continue;
        }
        for (const c of contexts) {
            const healthySince = c.health === 'healthy' ? sinceOf(c.context) : undefined;
            const state = c.health === 'failing' ? (p.status === 'failed' ? 'failed' : 'failing') : c.health;
            const shown = c.report ?? c.newest;
            rows.push({
                pattern: p.pattern,
                context: c.context,
                state,
                commit: shown?.commit ?? '',
                description: shown?.description ?? 'no report on I or a later commit yet',
                ...(healthySince !== undefined ? { healthySince } : {})
            });
        }
    }
    if (verdict.status !== 'healthy')
        return { rows };
    // Every expected context is healthy now; the source has been healthy since the last of them became so.
    const healthy = rows.filter(r => r.state === 'healthy' && r.healthySince !== undefined);
    const since = healthy.length > 0 ? Math.max(...healthy.map(r => r.healthySince)) : undefined;
    return since === undefined ? { rows } : { since, rows };
}

;// CONCATENATED MODULE: ./src/action/promote/source.ts












/**
 * Reads both stages (one tarball when they share a branch head), resolves the images, and finds I.
 * Requests: one ref per branch, one tarball per distinct head, one commits request per literal path prefix.
 */
async function readStages(gh, cfg, from, branch) {
    const at = { owner: cfg.owner, repo: cfg.repo };
    const repo = `${at.owner}/${at.repo}`;
    const fromBranch = from.branch || branch;
    const targetHead = await (0,errors.step)(`read branch '${branch}'`, repo, 'contents: read', () => (0,files/* branchHead */.P)(gh, at, branch));
    const sourceHead = fromBranch === branch
        ? targetHead
        : await (0,errors.step)(`read branch '${fromBranch}' (from-branch)`, repo, 'contents: read', () => (0,files/* branchHead */.P)(gh, at, fromBranch));
    const targetAll = await (0,errors.step)(`download ${targetHead.slice(0, 7)}`, repo, 'contents: read', () => (0,files/* downloadManifests */.pA)(gh, at, targetHead));
    const sourceAll = sourceHead === targetHead
        ? targetAll
        : await (0,errors.step)(`download ${sourceHead.slice(0, 7)}`, repo, 'contents: read', () => (0,files/* downloadManifests */.pA)(gh, at, sourceHead));
    const sourceFiles = (0,files/* selectManifests */.$d)(sourceAll, from.paths);
    if (sourceFiles.size === 0) {
        throw new core_errors/* InputError */.dz('from-paths', `Input 'from-paths' (${from.paths.join(', ')}) matches no manifest file on '${fromBranch}' at ${(0,rollout_verdict/* shortSha */.Fu)(sourceHead)}: ` +
            `give the source stage's folder or files (only .yaml, .yml and Kustomization files are read).`);
    }
    const target = { head: targetHead, files: (0,files/* selectManifests */.$d)(targetAll, cfg.paths) };
    const resolution = resolvePromotion(from.requests, sourceFiles, target.files);
    const I = await newestChange(gh, at, sourceHead, from.paths);
    return {
        source: {
            branch: fromBranch,
            head: sourceHead,
            revision: I.sha,
            ...(I.parent ? { base: I.parent } : {}),
            files: sourceFiles,
            resolution
        },
        target
    };
}
/** I: the newest commit at or below `head` that changed a file under `paths` (one request per literal prefix). */
async function newestChange(gh, at, head, paths, conditional = false) {
    const repo = `${at.owner}/${at.repo}`;
    let best;
    for (const prefix of literalPrefixes(paths)) {
        if (prefix === '')
            return { sha: head }; // the whole repo: every commit changes it
        const params = { ...at, sha: head, path: prefix, per_page: 1 };
        const list = await (0,errors.step)(`list the commits that changed '${prefix}'`, repo, 'contents: read', async () => conditional
            ? gh.conditionalGet('GET /repos/{owner}/{repo}/commits', params)
            : (await gh.octokit.request('GET /repos/{owner}/{repo}/commits', params)).data);
        const first = list[0];
        if (!first)
            continue;
        const date = Date.parse(first.commit.committer?.date ?? '') || 0;
        if (!best || date > best.date)
            best = { sha: first.sha, date, parent: first.parents?.[0]?.sha };
    }
    if (!best) {
        throw new core_errors/* InputError */.dz('from-paths', `No commit on the source branch ever changed 'from-paths' (${paths.join(', ')}): is it the source stage's folder?`);
    }
    return best.parent ? { sha: best.sha, parent: best.parent } : { sha: best.sha };
}
/**
 * Waits until the source stage is healthy at I (or a descendant still holding the references) and has been for
 * `from-soak`, within what is left of `timeout` (counted from `runStartedAt`). Throws PromoteError('blocked') when
 * the source fails past the grace, cannot soak within the budget, is still pending at the deadline, or changed its
 * references meanwhile. `once`: read the evidence a single time (dry run): never waits.
 */
async function proveSource(gh, cfg, from, source, rt, opts) {
    const I = source.revision;
    const where = `${from.paths.join(', ')}@${(0,rollout_verdict/* shortSha */.Fu)(I)}`;
    const budget = rt.budget ?? (0,core_budget/* createBudget */.y)(cfg.timeoutMs, rt.clock);
    const watched = sourceReports(gh, cfg, from, source, rt);
    const clock = budget.githubNow;
    rt.log.info(waitingLine(where, from, source.branch, cfg.wait));
    // Each pass of the soak re-reads the reports; say each state once, not once a pass.
    const log = sayingEachOnce(rt.log);
    let lastSoakLog = 0;
    for (;;) {
        const res = await (0,poll/* waitForRollout */.gj)(waitOptions(watched.source, from, cfg, opts.once ? 0 : budget.remaining(), budget, rt, log));
        const reading = soakReading(watched.last(), res.verdict, cfg.healthyDescription);
        opts.onRows?.(reading.rows);
        if (res.result !== 'healthy')
            throw notHealthy(res, I, where, opts.once, cfg.timeoutMs);
        const since = reading.since ?? clock();
        const soakLeft = from.soakMs - (clock() - since);
        const evidence = {
            revision: I,
            sourceRevision: res.verdict.appliedRevision ?? I,
            healthySince: since,
            rows: reading.rows
        };
        if (soakLeft <= 0) {
            rt.log.info(`The source stage has been healthy for ${(0,duration/* formatDuration */.a)(clock() - since)} at ${(0,rollout_verdict/* shortSha */.Fu)(evidence.sourceRevision)}` +
                (from.soakMs > 0 ? ` (from-soak ${(0,duration/* formatDuration */.a)(from.soakMs)})` : '') +
                '.');
            return evidence;
        }
        const left = opts.once ? 0 : budget.remaining();
        if (soakLeft > left) {
            throw soakPastBudget(where, clock() - since, since, from.soakMs, soakLeft, opts.once ? undefined : left);
        }
        if (rt.clock() - lastSoakLog >= poll/* PROGRESS_EVERY_MS */.Xy || lastSoakLog === 0) {
            lastSoakLog = rt.clock();
            rt.log.info(`The source stage is healthy since ${new Date(since).toISOString()}; soaking ${(0,duration/* formatDuration */.a)(soakLeft)} more.`);
        }
        // Keep watching while soaking: a failure meanwhile breaks the healthy run and restarts the soak.
        await rt.sleep(Math.min(soakLeft, cfg.intervalMs));
    }
}
/** One wait for the source stage to be healthy, within `timeoutMs`. */
function waitOptions(source, from, cfg, timeoutMs, budget, rt, log) {
    return {
        source,
        patterns: from.contexts,
        healthyDescription: cfg.healthyDescription,
        graceMs: cfg.graceMs,
        timeoutMs,
        budgetMs: budget.timeoutMs,
        intervalMs: cfg.intervalMs,
        clock: rt.clock,
        reporterClock: budget.githubNow,
        sleep: rt.sleep,
        random: rt.random,
        log
    };
}
/** The first line: what the source stage is, and what it waits for. */
function waitingLine(where, from, branch, wait) {
    return (`Source stage: ${where} on '${branch}'; waiting for ${from.contexts.join(', ')} to report it healthy` +
        (from.soakMs > 0 ? ` for at least ${(0,duration/* formatDuration */.a)(from.soakMs)}` : '') +
        ` via ${wait === 'connector' ? 'connector' : 'commit statuses'}.`);
}
/** The soak cannot end within the time left (`leftMs`; undefined: a single read, which never waits). */
function soakPastBudget(where, healthyForMs, since, soakMs, soakLeft, leftMs) {
    return new core_errors/* PromoteError */.jG(`The source stage (${where}) has been healthy for ${(0,duration/* formatDuration */.a)(healthyForMs)} ` +
        `(since ${new Date(since).toISOString()}); from-soak asks for ${(0,duration/* formatDuration */.a)(soakMs)}: ` +
        `${(0,duration/* formatDuration */.a)(soakLeft)} left, ` +
        (leftMs === undefined
            ? 'so a promotion now would wait that long first.'
            : `more than the ${(0,duration/* formatDuration */.a)(leftMs)} left of the timeout. Nothing was written; run again later.`), 'blocked');
}
/**
 * The source stage's reports, read as the wait reads the target's: the files that hold its references are what it
 * "wrote", so a later commit changing them supersedes it. `last()` is the latest snapshot read.
 */
function sourceReports(gh, cfg, from, source, rt) {
    const at = { owner: cfg.owner, repo: cfg.repo };
    const byFile = new Map();
    source.resolution.images.forEach((image, i) => {
        const target = source.resolution.targets[i];
        if (!target)
            return;
        for (const w of image.where)
            byFile.set(w.file, [...(byFile.get(w.file) ?? []), target]);
    });
    const written = [...byFile].map(([path, targets]) => ({ path, targets }));
    const get = (route, params) => gh.conditionalGet(route, params);
    const evidence = (0,rollout_evidence/* createEvidence */.IZ)({ get, ...at, c: source.revision, branch: source.branch, written });
    const inner = cfg.wait === 'connector'
        ? (0,connector_source.createConnectorSource)({
            url: cfg.connectorUrl,
            token: cfg.connectorToken,
            patterns: from.contexts,
            evidence,
            log: rt.log.debug
        })
        : (0,commit_status/* createCommitStatusSource */.BD)({ get, ...at, evidence, warn: rt.log.warning });
    let last = { commits: [], reports: [] };
    const watched = {
        longPoll: inner.longPoll,
        async read(maxWaitMs) {
            const read = await inner.read(maxWaitMs);
            // The expected set of each from-contexts pattern includes the contexts that reported on I's parent.
            const snapshot = read.base === undefined && source.base ? { ...read, base: source.base } : read;
            last = snapshot;
            return snapshot;
        }
    };
    return { source: watched, last: () => last };
}
function sayingEachOnce(log) {
    const said = new Set();
    return {
        ...log,
        info: (m) => {
            if (!said.has(m))
                log.info(m);
            said.add(m);
        }
    };
}
/** Why a source stage that did not end healthy blocks the promotion. */
function notHealthy(res, I, where, once, timeoutMs) {
    if (res.result === 'superseded') {
        return new core_errors/* PromoteError */.jG(`The source stage changed after ${(0,rollout_verdict/* shortSha */.Fu)(I)}, so it no longer runs what would be promoted; nothing was written. ${res.message}`, 'blocked');
    }
    if (res.result === 'failed') {
        return new core_errors/* PromoteError */.jG(`The source stage (${where}) is not healthy, so nothing was promoted. ${res.message}`, 'blocked');
    }
    const why = res.message.replace(/^Timed out after [^;]*; /, '');
    return new core_errors/* PromoteError */.jG(once
        ? `The source stage (${where}) is not healthy yet: ${why}`
        : `The source stage (${where}) did not become healthy within the timeout (${(0,duration/* formatDuration */.a)(timeoutMs)}), so nothing was promoted: ${why}`, 'blocked');
}

;// CONCATENATED MODULE: ./src/core/promote/message.ts
// How a promotion describes itself in commit messages and pull requests:
// `promote <name> <old> -> <new> from <from-paths>@<source revision>`.

/** `:1.4.2@sha256:…` -> `1.4.2@sha256:…`: the part after the name, as written. */
function version(reference) {
    try {
        const ref = (0,image_ref/* parseImageRef */.Q)(reference);
        return [ref.tag, ref.digest].filter(Boolean).join('@') || reference;
    }
    catch {
        return reference;
    }
}
/** One line per promoted image; `old` is what the target held (several when its files disagreed). */
function promotionLines(resolution, plan, paths, sourceRevision) {
    return resolution.images.map((image, i) => {
        const line = resolution.targets[i]?.line ?? image.reference;
        const before = [...new Set((plan.previous[line] ?? []).map(version))];
        return `promote ${image.name} ${before.join(', ') || '(none)'} -> ${version(image.reference)} from ${paths.join(', ')}@${sourceRevision.slice(0, 7)}`;
    });
}

// EXTERNAL MODULE: ./src/action/runtime.ts + 1 modules
var runtime = __webpack_require__(4651);
;// CONCATENATED MODULE: ./src/action/phases/log.ts
// What the run prints about the source stage, the evidence and the planned edits.


function logResolution(source, paths) {
    const r = source.resolution;
    runner/* info */.pq(`Source stage '${paths.join(', ')}' on '${source.branch}' at ${source.head.slice(0, 12)}; last changed by ${source.revision.slice(0, 12)}.`);
    for (const image of r.images) {
        const where = image.where.map(w => `${w.file}:${w.line}`).join(', ');
        runner/* info */.pq(`${image.line === '*' ? '* ->' : `${image.line} ->`} ${image.reference} (${where})`);
    }
    if (r.skipped.length > 0)
        runner/* info */.pq(`Skipped (referenced by the source only): ${r.skipped.join(', ')}`);
}
function logEvidence(rows) {
    runner/* info */.pq('Evidence:');
    for (const r of rows) {
        const since = r.healthySince === undefined ? '' : `, healthy since ${new Date(r.healthySince).toISOString()}`;
        runner/* info */.pq(`  ${r.context || r.pattern}: ${r.state} on ${r.commit.slice(0, 7)}${since} "${r.description}"`);
    }
}
function logPlan(plan, head, branch) {
    runner/* info */.pq(`Read ${plan.scanned.length} manifest files at ${head.slice(0, 12)} of '${branch}'.`);
    for (const w of plan.warnings)
        runner/* warning */.$e(w);
    for (const edit of plan.edits) {
        for (const c of edit.changes)
            (0,runtime/* safeInfo */.Q)(`${c.file}:${c.line}: ${c.field} ${c.from} -> ${c.to}`);
    }
    if (plan.edits.length === 0)
        runner/* info */.pq('Every matched reference already has the requested value.');
}

;// CONCATENATED MODULE: ./src/action/phases/state.ts
/** Replaces the run's configuration (a promotion resolves its targets and message); the planner sees the new one. */
function updateConfig(state, target, config) {
    target.config = state.cfg = config;
}

// EXTERNAL MODULE: ./src/action/write/plan.ts
var plan = __webpack_require__(9847);
;// CONCATENATED MODULE: ./src/action/phases/plan.ts
// Phases 2 and 3: resolve the source stage of a promotion, plan the bump, and prove the source stage healthy.









async function planChange(state, target) {
    const from = target.config.from;
    const change = from ? await planPromotion(state, target, from) : { first: await planBumpAtHead(target) };
    state.summary.plan = change.first.plan;
    state.outcome.images = target.config.targets.map(t => (0,image_ref/* formatImageRef */.kL)(t.ref));
    return change;
}
async function planBumpAtHead(target) {
    return runner/* group */.Os('Bump images', async () => {
        const planned = await (0,plan.readAndPlan)(target.github, target.at, target.branch, target.config, target.headAtStart);
        logPlan(planned.plan, planned.head, target.branch);
        return planned;
    });
}
async function planPromotion(state, target, from) {
    const { branch } = target;
    const read = await runner/* group */.Os('Resolve from the source stage', async () => {
        const r = await readStages(target.github, target.config, from, branch);
        logResolution(r.source, from.paths);
        return r;
    });
    const source = read.source;
    updateConfig(state, target, { ...target.config, targets: source.resolution.targets });
    state.summary.targets = target.config.targets.map(t => t.line);
    state.summary.source = {
        paths: from.paths,
        branch: source.branch,
        revision: source.revision,
        soakMs: from.soakMs,
        rows: [],
        skipped: source.resolution.skipped
    };
    const targets = target.config.targets;
    const first = await runner/* group */.Os('Bump images', async () => {
        const planned = { head: read.target.head, plan: (0,bump/* planBump */.m3)(read.target.files, targets) };
        logPlan(planned.plan, planned.head, branch);
        return planned;
    });
    return { first, source };
}
/** Waits for the source stage's evidence, then words the commit and pull request after the promotion. */
async function checkSourceStage(state, target, change) {
    const config = target.config;
    const { from } = config;
    const stage = change.source;
    if (!from || !stage)
        return;
    const evidence = await runner/* group */.Os('Check the source stage', () => proveSource(target.github, config, from, stage, state.rt, {
        once: config.dryRun,
        onRows: rows => {
            if (state.summary.source)
                state.summary.source.rows = rows;
        }
    }));
    state.outcome.sourceRevision = evidence.sourceRevision;
    logEvidence(evidence.rows);
    const lines = promotionLines(stage.resolution, change.first.plan, from.paths, evidence.sourceRevision);
    const subject = lines.length === 1
        ? lines[0]
        : `promote ${lines.length} images from ${from.paths.join(', ')}@${evidence.sourceRevision.slice(0, 7)}`;
    const message = lines.length === 1 ? subject : [subject, '', ...lines].join('\n');
    updateConfig(state, target, {
        ...config,
        promotion: lines,
        commitMessage: config.commitMessage === inputs/* INPUT_DEFAULTS */.WJ['commit-message'] ? message : config.commitMessage,
        prTitle: config.prTitle === inputs/* INPUT_DEFAULTS */.WJ['pr-title'] ? subject : config.prTitle
    });
}


/***/ }),

/***/ 6766:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createConnectorSource: () => (/* binding */ createConnectorSource)
});

// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(4942);
;// CONCATENATED MODULE: ./src/core/connector-query.ts
// Pure: the read filter the action can ask of the connector for its context patterns, so a connector with many
// objects sends only the ones that can match. A context is `cluster/kind/namespace/name`; kind, namespace and name
// never contain `/` (Kubernetes forbids it), only the cluster may. So the last segments of a pattern, when free of
// wildcards, pin those fields whatever a `*` before them matches; the cluster is pinned only by a pattern without
// any wildcard. The server filter is a superset: the patterns are still matched on every object received.
const hasWildcard = (s) => s.includes('*') || s.includes('?');
/** The fields one pattern pins, or an empty object. */
function pinnedFields(pattern) {
    const segs = pattern.split('/');
    const pinned = {};
    const tail = ['name', 'namespace', 'kind'];
    for (const [i, field] of tail.entries()) {
        // Segment i from the end; it pins the field only when it and every later segment are literal and there is a
        // segment before it (the text must be preceded by `/`).
        const at = segs.length - 1 - i;
        if (at < 1 || hasWildcard(segs[at]))
            break;
        pinned[field] = segs[at];
    }
    if (segs.length >= 4 && !hasWildcard(pattern))
        pinned.cluster = segs.slice(0, segs.length - 3).join('/');
    return pinned;
}
/**
 * The query string (with a leading `&`, or empty) for the patterns: a field is asked for only when every pattern
 * pins it, with each pattern's value as an alternative.
 */
function filterQuery(patterns) {
    if (patterns.length === 0)
        return '';
    const pins = patterns.map(pinnedFields);
    const params = new URLSearchParams();
    for (const field of ['cluster', 'kind', 'namespace', 'name']) {
        const values = pins.map(p => p[field]);
        if (values.some(v => v === undefined || v === ''))
            continue;
        for (const v of [...new Set(values)].sort())
            params.append(field, v);
    }
    const text = params.toString();
    return text === '' ? '' : `&${text}`;
}

// EXTERNAL MODULE: ./src/core/glob.ts
var glob = __webpack_require__(6085);
;// CONCATENATED MODULE: ./src/core/connector-api.ts
const STATES = { healthy: 'success', failed: 'failure', progressing: 'pending' };
function isWireObject(o) {
    if (typeof o !== 'object' || o === null)
        return false;
    const r = o;
    return (['cluster', 'kind', 'namespace', 'name', 'state', 'reason', 'message', 'updatedAt'].every(k => typeof r[k] === 'string') &&
        (r.commit === null || typeof r.commit === 'string'));
}
function objectToReport(o) {
    if (!o.commit)
        return null;
    const state = STATES[o.state];
    if (!state)
        return null;
    const at = Date.parse(o.updatedAt);
    return {
        context: `${o.cluster}/${o.kind}/${o.namespace}/${o.name}`,
        state,
        description: o.message ? `${o.reason}: ${o.message}` : o.reason,
        commit: o.commit,
        at: Number.isFinite(at) ? at : 0,
        source: 'connector'
    };
}

;// CONCATENATED MODULE: ./src/action/wait/connector-source.ts
// The action's side of the connector: a ReportSource that long-polls GET /api/v1/objects and turns every Flux
// object that names a Git commit into a Report with context `cluster/Kind/namespace/name`.




/** Longest hold asked of the connector per read; it caps holds at 60 s itself, proxies often at less. */
const MAX_HOLD_MS = 25_000;
/** Beyond the hold, how long a read may take before the socket is given up. */
const SOCKET_SLACK_MS = 15_000;
function fatal(message) {
    // `fatal` tells the wait loop that retrying cannot help (poll.ts isFatal).
    return Object.assign(new Error(message), { fatal: true });
}
/**
 * Errors: a connector that cannot be reached, times out, or answers 5xx makes read() throw an Error saying the
 * connector at <url> is unreachable. That is transient by design: the wait loop catches it, backs off, and reads
 * again until its own timeout, so a connector restart (Recreate rollout, node drain) costs a few retries, not the
 * run. A 401/403 (wrong token) or a body that is not the connector's is thrown as fatal: waiting cannot fix it.
 * After an error the next read asks again with the last version seen, so nothing is missed: the connector answers
 * at once when its version has moved on meanwhile.
 */
function createConnectorSource(opts) {
    const base = opts.url.replace(/\/+$/, '');
    const http = opts.http ??
        new lib/* HttpClient */.Qq('gitops-promote', [], {
            allowRetries: false,
            keepAlive: false,
            socketTimeout: MAX_HOLD_MS + SOCKET_SLACK_MS
        });
    const log = opts.log ?? (() => undefined);
    const matchers = (opts.patterns ?? []).map(p => (0,glob/* contextMatcher */.g)(p));
    // Ask the connector only for objects the patterns can match.
    const filter = filterQuery(opts.patterns ?? []);
    let version;
    let failing = false;
    /** Objects that followed this branch when the wait started: their newest state named a commit of its history. */
    let baseline;
    return {
        longPoll: true,
        async read(maxWaitMs) {
            let state;
            try {
                state = await fetchState(http, base, opts.token, objectsQuery(version, maxWaitMs, filter));
            }
            catch (err) {
                failing = true;
                throw err;
            }
            if (failing)
                log(`connector at ${base} reachable again`);
            failing = false;
            if (state.version !== version)
                log(`connector state version ${state.version}: ${state.objects.length} objects`);
            version = state.version;
            const reports = wantedReports(state.objects, matchers);
            const ancestry = await opts.evidence.ancestry();
            if (baseline === undefined) {
                // The first answer is the state at the start: who was on this branch's history then is expected.
                const found = await followingBranch(reports, ancestry.commits, opts.evidence);
                baseline = found;
                if (found.length > 0)
                    log(`following this branch at the start: ${found.join(', ')}`);
            }
            const superseded = await opts.evidence.superseded(ancestry, reports.map(r => r.commit));
            return {
                commits: ancestry.commits,
                reports,
                superseded,
                baseline,
                ...(ancestry.base ? { base: ancestry.base } : {})
            };
        }
    };
}
/** The query string (with its `?`, or empty): a hold from the last version seen, then the pattern filter. */
function objectsQuery(version, maxWaitMs, filter) {
    const hold = Math.max(0, Math.min(MAX_HOLD_MS, Math.floor(maxWaitMs)));
    const wait = version === undefined ? '' : `&since=${version}&wait=${hold}ms`;
    const query = `${wait}${filter}`;
    return query === '' ? '' : `?${query.slice(1)}`;
}
async function fetchState(http, base, token, query) {
    const url = `${base}/api/v1/objects${query}`;
    let status;
    let text;
    try {
        const res = await http.get(url, { authorization: `Bearer ${token}`, accept: 'application/json' });
        status = res.message.statusCode ?? 0;
        text = await res.readBody();
    }
    catch (err) {
        throw new Error(`the connector at ${base} is unreachable: ${err instanceof Error ? err.message : String(err)}`);
    }
    return parseState(base, url, status, text);
}
/** The connector's answer, or the error it means: transient for 5xx/429/no answer, fatal otherwise. */
function parseState(base, url, status, text) {
    if (status === 401 || status === 403) {
        throw fatal(`the connector at ${base} rejected connector-token (HTTP ${status})`);
    }
    if (status >= 500 || status === 429 || status === 0) {
        throw new Error(`the connector at ${base} is unreachable: HTTP ${status}`);
    }
    if (status === 404) {
        throw fatal(`the connector at ${base} answered 404 for ${url.split('?')[0]}: check 'connector-url'`);
    }
    if (status !== 200)
        throw fatal(`the connector at ${base} answered HTTP ${status}: ${text.slice(0, 200)}`);
    let body;
    try {
        body = JSON.parse(text);
    }
    catch {
        throw fatal(`the connector at ${base} answered something that is not JSON: ${text.slice(0, 200)}`);
    }
    const b = body;
    if (typeof b.version !== 'number' || !Array.isArray(b.objects)) {
        throw fatal(`the connector at ${base} answered JSON without version/objects; is the URL right?`);
    }
    return { version: b.version, objects: b.objects };
}
/** The objects that name a commit and match a pattern (any, when there are none), as reports. */
function wantedReports(objects, matchers) {
    const reports = [];
    for (const o of objects) {
        if (!isWireObject(o))
            continue;
        const report = objectToReport(o);
        if (report && (matchers.length === 0 || matchers.some(m => m(report.context))))
            reports.push(report);
    }
    return reports;
}
/** Contexts whose report is on a commit of the branch's history other than C's ancestry. */
async function followingBranch(reports, ancestry, evidence) {
    const inAncestry = new Set(ancestry);
    const found = [];
    for (const r of reports) {
        if (!inAncestry.has(r.commit) && (await evidence.inHistory(r.commit)))
            found.push(r.context);
    }
    return found;
}


/***/ }),

/***/ 9847:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readAndPlan: () => (/* binding */ readAndPlan)
/* harmony export */ });
/* harmony import */ var _github_files_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8732);
/* harmony import */ var _github_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2562);
/* harmony import */ var _core_bump_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(656);



/** `head`: the branch's head when the caller has just read it (with the default branch's name), else read here. */
async function readAndPlan(gh, at, branch, bump, head) {
    const repo = `${at.owner}/${at.repo}`;
    head ??= await (0,_github_errors_js__WEBPACK_IMPORTED_MODULE_1__.step)(`read branch '${branch}'`, repo, 'contents: read', () => (0,_github_files_js__WEBPACK_IMPORTED_MODULE_0__/* .branchHead */ .P)(gh, at, branch));
    const files = await (0,_github_errors_js__WEBPACK_IMPORTED_MODULE_1__.step)(`download ${head.slice(0, 7)}`, repo, 'contents: read', () => (0,_github_files_js__WEBPACK_IMPORTED_MODULE_0__/* .readManifests */ .PX)(gh, at, head, bump.paths));
    return { head, plan: (0,_core_bump_index_js__WEBPACK_IMPORTED_MODULE_2__/* .planBump */ .m3)(files, bump.targets) };
}


/***/ })

};

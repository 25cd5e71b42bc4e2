export const id = 847;
export const ids = [847,441,181];
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
    const { budget, clock, retryUnitMs = 1000, deadlineMs = _core_retry_js__WEBPACK_IMPORTED_MODULE_7__/* .REQUEST_DEADLINE_MS */ .QP } = timing;
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

/***/ 9847:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readAndPlan: () => (/* binding */ readAndPlan)
/* harmony export */ });
/* harmony import */ var _github_files_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8732);
/* harmony import */ var _github_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2562);
/* harmony import */ var _core_bump_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(656);
// Reads a branch and plans the bump on it: one ref read and one tarball, whatever the repo's size.



/** `head`: the branch's head when the caller has just read it (with the default branch's name), else read here. */
async function readAndPlan({ gh, at }, branch, bump, head) {
    const repo = `${at.owner}/${at.repo}`;
    head ??= await (0,_github_errors_js__WEBPACK_IMPORTED_MODULE_1__.step)(`read branch '${branch}'`, repo, 'contents: read', () => (0,_github_files_js__WEBPACK_IMPORTED_MODULE_0__/* .branchHead */ .P)(gh, at, branch));
    const files = await (0,_github_errors_js__WEBPACK_IMPORTED_MODULE_1__.step)(`download ${head.slice(0, 7)}`, repo, 'contents: read', () => (0,_github_files_js__WEBPACK_IMPORTED_MODULE_0__/* .readManifests */ .PX)(gh, at, head, bump.paths));
    return { head, plan: (0,_core_bump_index_js__WEBPACK_IMPORTED_MODULE_2__/* .planBump */ .m3)(files, bump.targets) };
}


/***/ }),

/***/ 8193:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dm: () => (/* binding */ isTransientStatus),
/* harmony export */   SJ: () => (/* binding */ notImplemented),
/* harmony export */   Uz: () => (/* binding */ isNoAnswer),
/* harmony export */   X5: () => (/* binding */ endpointOf),
/* harmony export */   fT: () => (/* binding */ NOT_IMPLEMENTED),
/* harmony export */   hD: () => (/* reexport safe */ _http_error_js__WEBPACK_IMPORTED_MODULE_0__.hD),
/* harmony export */   nG: () => (/* reexport safe */ _http_error_js__WEBPACK_IMPORTED_MODULE_0__.c2),
/* harmony export */   o: () => (/* binding */ classifyGitHubError),
/* harmony export */   uf: () => (/* binding */ WaitError)
/* harmony export */ });
/* harmony import */ var _http_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(988);
// What an error while waiting means: give up now (a permission, a wrong URL), wait for a rate limit's reset, or retry
// (5xx, network). Pure: reads the status and headers octokit-style errors carry; no @actions dependency.


/**
 * Whether the same request may succeed when asked again: a 5xx or 408. Not a 501: the server lacks the endpoint (an
 * older GitHub Enterprise Server), and asking again meets the same answer.
 */
function isTransientStatus(status) {
    return status === 408 || (status >= 500 && status !== NOT_IMPLEMENTED);
}
const NOT_IMPLEMENTED = 501;
/**
 * No HTTP answer arrived: the connection was reset or refused, or the request's deadline passed. Octokit reports
 * these as a 500 without a response (a timeout as an AbortError or TimeoutError). A write sent this way may have been
 * applied.
 */
function isNoAnswer(e) {
    const err = e;
    if (err?.name === 'TimeoutError' || err?.name === 'AbortError')
        return true;
    return (0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .statusOf */ .c2)(e) === 500 && err?.response === undefined;
}
/** `METHOD /path` of the request an octokit error belongs to (no host, no query), for messages; '' when unknown. */
function endpointOf(e) {
    const req = e?.request;
    if (typeof req?.method !== 'string' || typeof req.url !== 'string')
        return '';
    const path = req.url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\?.*$/, '');
    return `${req.method} ${path}`;
}
/** The message for a 501: which endpoint this GitHub lacks. */
function notImplemented(e, doing) {
    const endpoint = endpointOf(e) || 'the endpoint';
    return (`GitHub answered 501 (not implemented) for ${endpoint} while ${doing}: this GitHub (an older GitHub Enterprise ` +
        `Server?) lacks that endpoint (${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}).`);
}
class WaitError extends Error {
    kind;
    retryInMs;
    constructor(message, kind, 
    /** rate-limit: how long until GitHub lifts it (ms from the answer), when the answer says. */
    retryInMs) {
        super(message);
        this.kind = kind;
        this.retryInMs = retryInMs;
        this.name = 'WaitError';
    }
    /** The poll loop stops at once on errors that say `fatal`. */
    get fatal() {
        return this.kind === 'fatal';
    }
}
/** Classifies a failed GitHub read made while waiting, naming what was read, where, and the permission it needs. */
function classifyGitHubError(e, what, repo, permission) {
    if (e instanceof WaitError)
        return e;
    const status = (0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .statusOf */ .c2)(e);
    const wait = (0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .rateLimitWait */ .hD)(e);
    if (wait !== undefined) {
        return new WaitError(`GitHub's rate limit stopped reading ${what} in ${repo} (${status} ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)})`, 'rate-limit', wait);
    }
    switch (status) {
        case 401:
            return new WaitError(`GitHub rejected the token while reading ${what} in ${repo} (401 ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}): check the 'token' input; it may be expired or revoked.`, 'fatal');
        case 403:
            return new WaitError(`The token may not read ${what} in ${repo} (403 ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}): it needs '${permission}' on ${repo}.`, 'fatal');
        case 404:
            return new WaitError(`GitHub answered 404 reading ${what} in ${repo}: check 'repository' and 'branch', and that the token can see ${repo} ('${permission}').`, 'fatal');
        case undefined:
            return new WaitError(`Reading ${what} in ${repo} failed: ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}`, 'transient');
        case NOT_IMPLEMENTED:
            return new WaitError(notImplemented(e, `reading ${what} in ${repo}`), 'fatal');
        default:
            if (isTransientStatus(status)) {
                return new WaitError(`GitHub answered ${status} reading ${what} in ${repo}: ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}`, 'transient');
            }
            return new WaitError(`GitHub answered ${status} reading ${what} in ${repo}: ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}`, 'fatal');
    }
}


/***/ }),

/***/ 988:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bD: () => (/* binding */ messageOf),
/* harmony export */   c2: () => (/* binding */ statusOf),
/* harmony export */   hD: () => (/* binding */ rateLimitWait)
/* harmony export */ });
// What a failed GitHub request says: its status, GitHub's message, and whether it is a spent rate limit. Pure and
// free of @actions imports, so the connector's bundle can use it too.
/** HTTP status of an octokit error, if it has one. */
function statusOf(e) {
    const status = e?.status;
    return typeof status === 'number' ? status : undefined;
}
/** The message GitHub put in the error body, e.g. "Pull Request is not mergeable". */
function messageOf(e) {
    const m = e?.response?.data?.message;
    if (typeof m === 'string')
        return m;
    return e instanceof Error ? e.message : String(e);
}
/**
 * How long a rate-limited answer asks to wait (ms), or undefined when it is not a rate limit. Primary limits say
 * `x-ratelimit-remaining: 0` and a reset time in epoch seconds, compared with the answer's own `Date` (GitHub's
 * clock, so a skewed runner does not matter); secondary limits say `retry-after` or nothing (then one minute). An answer without a `Date` (GitHub always
 * sends one) waits the minute too: the runner's clock is never compared with GitHub's reset.
 */
function rateLimitWait(e) {
    const status = statusOf(e);
    if (status !== 403 && status !== 429)
        return undefined;
    const headers = e.response?.headers ?? {};
    const header = (name) => {
        const v = headers[name];
        return v === undefined ? undefined : String(v);
    };
    const retryAfter = Number(header('retry-after'));
    if (header('retry-after') !== undefined && Number.isFinite(retryAfter))
        return Math.max(0, retryAfter * 1000);
    if (header('x-ratelimit-remaining') === '0') {
        const reset = Number(header('x-ratelimit-reset')) * 1000;
        const date = Date.parse(header('date') ?? '');
        if (Number.isFinite(reset) && Number.isFinite(date))
            return Math.max(0, reset - date) + 1000;
        return 60_000;
    }
    if (status === 429 || /rate limit/i.test(messageOf(e)))
        return 60_000;
    return undefined;
}


/***/ })

};

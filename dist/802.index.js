export const id = 802;
export const ids = [802,766];
export const modules = {

/***/ 2802:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  checkSourceStage: () => (/* binding */ checkSourceStage),
  planChange: () => (/* binding */ planChange)
});

// EXTERNAL MODULE: ./src/action/runner.ts + 3 modules
var runner = __webpack_require__(2028);
// EXTERNAL MODULE: ./src/action/inputs.ts
var inputs = __webpack_require__(1729);
// EXTERNAL MODULE: ./src/core/bump/index.ts
var bump = __webpack_require__(656);
// EXTERNAL MODULE: ./src/core/image-ref.ts
var image_ref = __webpack_require__(3386);
// EXTERNAL MODULE: ./src/core/charts.ts
var core_charts = __webpack_require__(6250);
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
// EXTERNAL MODULE: ./src/action/wait/connector-auth.ts
var connector_auth = __webpack_require__(7320);
// EXTERNAL MODULE: ./src/action/wait/poll.ts + 1 modules
var poll = __webpack_require__(7538);
// EXTERNAL MODULE: ./src/core/rollout/verdict.ts
var verdict = __webpack_require__(4292);
// EXTERNAL MODULE: ./src/core/bump/charts.ts
var charts = __webpack_require__(8243);
// EXTERNAL MODULE: ./src/core/bump/helm-values.ts
var helm_values = __webpack_require__(8997);
// EXTERNAL MODULE: ./src/core/bump/kustomize.ts
var kustomize = __webpack_require__(8419);
// EXTERNAL MODULE: ./src/core/bump/setters.ts
var setters = __webpack_require__(444);
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
    const add = (src, offset, format, { name, reference }) => {
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
            add(src, g.node.range[0], 'setter', { name: g.name, reference: g.reference });
        }
        for (const e of entries) {
            const name = (0,yaml_source/* getPair */.xf)(e.map, 'name');
            add(src, name?.key.range?.[0] ?? e.map.range?.[0] ?? 0, 'kustomize', {
                name: e.effectiveName,
                reference: (0,kustomize/* entryReference */.cb)(src, e)
            });
        }
        for (const c of (0,workloads/* findContainerImages */.d)(src))
            add(src, c.node.range[0], 'container', { name: c.ref.name, reference: c.text });
        for (const doc of src.docs) {
            (0,yaml_source/* visitMaps */.rK)(doc.contents, map => {
                const name = (0,helm_values/* valuesImageName */.ht)(map);
                if (name === undefined || (0,yaml_source/* getPair */.xf)(map, 'tag') === undefined)
                    return;
                add(src, (0,yaml_source/* getPair */.xf)(map, 'repository')?.key.range?.[0] ?? 0, 'helm-values', {
                    name,
                    reference: (0,helm_values/* valuesReference */.c1)(src, map, name)
                });
            });
        }
    }
    return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}
/** The HelmReleases and OCIRepositories of `files`, parsed once (a patch or chartRef may point into another file). */
function chartIndex(files) {
    const index = { releases: [], ocis: [] };
    for (const path of [...files.keys()].sort()) {
        const text = files.get(path) ?? '';
        if ((0,charts/* mayHoldCharts */.wk)(text))
            (0,charts/* indexCharts */.Q6)((0,yaml_source/* parseSource */.PJ)(path, text), index);
    }
    return index;
}
/** Every chart version in `files` that the `charts` rules would touch, with where it is written. */
function readChartReferences(files) {
    return (0,charts/* chartReferences */.vb)(chartIndex(files));
}
/** Every chart `files` reference, with or without a version (a HelmRelease without one follows the latest). */
function referencedCharts(files) {
    const index = chartIndex(files);
    const names = new Set(index.ocis.map(o => o.chart).filter(c => c !== ''));
    for (const r of index.releases) {
        const chart = (0,charts/* chartOf */.IS)(r, index);
        if (chart !== undefined)
            names.add(chart);
    }
    return names;
}

// EXTERNAL MODULE: ./src/core/chart-version.ts
var chart_version = __webpack_require__(7222);
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
    const one = (name, line) => resolveName({ found, scanned, problems: out.problems }, name, line);
    const charts = requests.some(r => r.kind === 'chart' || r.kind === 'all-charts' || (r.kind === 'exact' && r.target.kind === 'chart'));
    const foundCharts = charts ? readChartReferences(source) : [];
    for (const r of requests) {
        if (r.kind === 'chart' || (r.kind === 'exact' && r.target.kind === 'chart')) {
            const want = r.kind === 'exact' && r.target.kind === 'chart' ? r.target : undefined;
            const chart = r.kind === 'chart' ? r.chart : want.chart;
            const res = resolveChart({ found: foundCharts, scanned, problems: out.problems }, chart, r.line);
            if (!res)
                continue;
            if (want && res.target.line !== want.line) {
                out.problems.push(`'${r.line}' is not what the source holds: it holds ${res.reference} (${res.where.map(f => `${f.file}:${f.line}`).join(', ')})`);
                continue;
            }
            out.images.push(res);
            out.targets.push(res.target);
        }
        else if (r.kind === 'name') {
            const res = one(r.name, r.line);
            if (!res)
                continue;
            out.images.push(res);
            out.targets.push({ kind: 'image', ref: (0,image_ref/* parseImageRef */.Q)(res.reference), line: res.reference });
        }
        else if (r.kind === 'exact' && r.target.kind !== 'chart') {
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
    const skipped = requests.some(r => r.kind === 'all') ? resolveAll(requests, target, { found, scanned }, { one, out }) : [];
    if (requests.some(r => r.kind === 'all-charts')) {
        skipped.push(...resolveAllCharts(requests, target, { found: foundCharts, scanned, problems: out.problems }, out));
    }
    if (out.problems.length > 0)
        throw new core_errors/* BumpError */.nr(`Cannot resolve the promotion: ${out.problems.join('\n')}`);
    return { targets: out.targets, images: out.images, skipped };
}
/** The one reference the source holds for `name`; undefined (with the problem noted) when none, or several. */
function resolveName({ found, scanned, problems }, name, line) {
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
function resolveAll(requests, target, { found, scanned }, { one, out }) {
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
/** The one version the source holds for `chart`; undefined (with the problem noted) when none, or several. */
function resolveChart({ found, scanned, problems }, chart, line) {
    const where = found.filter(f => f.chart === chart);
    if (where.length === 0) {
        problems.push(`the source holds no version of chart ${chart} (from '${line}'): no HelmRelease with spec.chart.spec.version ` +
            `and no OCIRepository with spec.ref whose url ends in /${chart}; ${listScanned(scanned)}`);
        return undefined;
    }
    const follows = where.find(f => f.semver !== undefined && f.version === undefined);
    if (follows) {
        problems.push(`the source's OCIRepository for ${chart} (${follows.file}:${follows.line}) follows semver '${follows.semver}': ` +
            `the version it runs is not in its files; pin spec.ref.tag there, or name the version: ${chart}=<version>`);
        return undefined;
    }
    const versions = new Set(where.map(f => f.version ?? ''));
    const digests = new Set(where.flatMap(f => (f.digest !== undefined ? [f.digest] : [])));
    if (versions.size > 1 || digests.size > 1) {
        problems.push(`the source holds ${Math.max(versions.size, digests.size)} different versions of chart ${chart}, so what it runs is ambiguous:\n` +
            where
                .map(f => `  ${f.file}:${f.line} ${(0,core_charts/* formatChart */.YW)({ chart, version: f.version ?? '', digest: f.digest })}`)
                .join('\n'));
        return undefined;
    }
    const version = [...versions][0] ?? '';
    if (!(0,chart_version/* isChartVersion */.N0)(version) && !(0,chart_version/* isOciTag */.i1)(version)) {
        const f = where[0];
        problems.push(`the source's ${chart} (${f.file}:${f.line}) holds '${version}', which is a range or no version at all: ` +
            `pin it there, or name the version: ${chart}=<version>`);
        return undefined;
    }
    const digest = [...digests][0];
    // The source's patches are checked one file at a time later (a descendant still holds them): name their releases.
    const releases = [...new Set(where.flatMap(f => (f.patch !== undefined ? [f.patch] : [])))];
    const target = {
        kind: 'chart',
        chart,
        version,
        ...(digest !== undefined ? { digest } : {}),
        line: (0,core_charts/* formatChart */.YW)({ chart, version, digest }),
        ...(releases.length > 0 ? { releases } : {})
    };
    return { line, name: chart, reference: target.line, where, target };
}
/** `*` in `charts`: every chart the source holds a version of that the target references too, sorted. */
function resolveAllCharts(requests, target, source, out) {
    const { found, scanned } = source;
    const explicit = new Set(requests.flatMap(r => r.kind === 'chart' ? [r.chart] : r.kind === 'exact' && r.target.kind === 'chart' ? [r.target.chart] : []));
    const inTarget = referencedCharts(target);
    const names = [...new Set(found.map(f => f.chart))].filter(n => !explicit.has(n)).sort();
    const skipped = [];
    let promoted = 0;
    for (const chart of names) {
        if (!inTarget.has(chart)) {
            skipped.push(chart);
            continue;
        }
        const res = resolveChart(source, chart, '*');
        if (!res)
            continue;
        promoted++;
        out.images.push(res);
        out.targets.push(res.target);
    }
    if (promoted === 0 && out.problems.length === 0) {
        out.problems.push(`'*' in charts found no chart referenced both by the source and by the target ` +
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

// EXTERNAL MODULE: ./src/core/rollout/source-evidence.ts
var source_evidence = __webpack_require__(4808);
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
        throw new core_errors/* InputError */.dz('from-paths', `Input 'from-paths' (${from.paths.join(', ')}) matches no manifest file on '${fromBranch}' at ${(0,verdict/* shortSha */.Fu)(sourceHead)}: ` +
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
/**
 * I: the newest commit at or below `head` that changed a file under `paths` (one request per literal prefix). With
 * several prefixes, the newest in history wins, not the latest committer date (a rebase or a skewed clock dates a
 * later commit earlier): one compare per other candidate. Candidates on diverged lines (merged later) have no
 * newest: the head itself, which holds every reference read, is I.
 */
async function newestChange(gh, at, head, paths) {
    const repo = `${at.owner}/${at.repo}`;
    let best;
    for (const prefix of (0,source_evidence/* literalPrefixes */.a)(paths)) {
        if (prefix === '')
            return { sha: head }; // the whole repo: every commit changes it
        const params = { ...at, sha: head, path: prefix, per_page: 1 };
        const list = await (0,errors.step)(`list the commits that changed '${prefix}'`, repo, 'contents: read', async () => (await gh.octokit.request('GET /repos/{owner}/{repo}/commits', params)).data);
        const first = list[0];
        if (!first)
            continue;
        const candidate = { sha: first.sha, parent: first.parents?.[0]?.sha };
        if (!best || best.sha === candidate.sha) {
            best = candidate;
            continue;
        }
        const basehead = `${best.sha}...${candidate.sha}`;
        const order = await (0,errors.step)(`compare ${(0,verdict/* shortSha */.Fu)(best.sha)} with ${(0,verdict/* shortSha */.Fu)(candidate.sha)}`, repo, 'contents: read', async () => (await gh.octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', { ...at, basehead, per_page: 1 })).data);
        if (order.status === 'ahead')
            best = candidate;
        else if (order.status === 'diverged')
            return { sha: head };
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
    const where = `${from.paths.join(', ')}@${(0,verdict/* shortSha */.Fu)(I)}`;
    const budget = rt.budget ?? (0,core_budget/* createBudget */.y)(cfg.timeoutMs, rt.clock);
    const watched = sourceReports(gh, cfg, from, source, rt);
    const clock = budget.githubNow;
    rt.log.info(waitingLine(where, from, source.branch, cfg.wait));
    const log = sayingEachOnce(rt.log);
    let lastSoakLog = 0;
    const onState = (state, now) => {
        const since = state.memory.healthySince;
        if (state.status !== 'soaking' || since === undefined)
            return;
        if (lastSoakLog !== 0 && now - lastSoakLog < poll/* PROGRESS_EVERY_MS */.Xy)
            return;
        lastSoakLog = now;
        const left = (0,duration/* formatDuration */.a)(from.soakMs - (clock() - since));
        rt.log.info(`The source stage is healthy since ${new Date(since).toISOString()}; soaking ${left} more.`);
    };
    // The decision (mode `evidence`) ends it: healthy long enough, failed, superseded, pending at the deadline, or a
    // soak that cannot end within the budget.
    const res = await (0,poll/* waitForRollout */.gj)({
        ...waitOptions(watched, from, cfg, opts.once ? 0 : budget.remaining(), budget, rt, log),
        onState
    });
    opts.onRows?.([...(res.state.evidence ?? [])]);
    const since = res.state.memory.healthySince;
    if (res.result === 'timed-out' && res.verdict.status === 'healthy' && since !== undefined) {
        const soakLeft = from.soakMs - (clock() - since);
        throw soakPastBudget({
            where,
            healthyForMs: clock() - since,
            since,
            soakMs: from.soakMs,
            soakLeft,
            leftMs: opts.once ? undefined : budget.remaining()
        });
    }
    if (res.result !== 'healthy')
        throw notHealthy(res, I, where, opts.once, cfg.timeoutMs);
    const healthySince = since ?? clock();
    const evidence = {
        revision: I,
        sourceRevision: res.appliedRevision ?? I,
        healthySince,
        rows: [...(res.state.evidence ?? [])]
    };
    rt.log.info(`The source stage has been healthy for ${(0,duration/* formatDuration */.a)(clock() - healthySince)} at ${(0,verdict/* shortSha */.Fu)(evidence.sourceRevision)}` +
        (from.soakMs > 0 ? ` (from-soak ${(0,duration/* formatDuration */.a)(from.soakMs)})` : '') +
        '.');
    return evidence;
}
/** One wait for the source stage to be healthy, within `timeoutMs`. */
function waitOptions(source, from, cfg, timeoutMs, budget, rt, log) {
    return {
        source,
        patterns: from.contexts,
        healthyDescription: cfg.healthyDescription,
        graceMs: cfg.graceMs,
        mode: 'evidence',
        soakMs: from.soakMs,
        timeoutMs,
        budgetMs: budget.timeoutMs,
        intervalMs: cfg.intervalMs,
        // A single read (dry run, no time left) cannot wait out a quiet interval: it reports what it sees.
        quietMs: timeoutMs > 0 ? cfg.quietMs : 0,
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
function soakPastBudget(o) {
    const { where, healthyForMs, since, soakMs, soakLeft, leftMs } = o;
    return new core_errors/* PromoteError */.jG(`The source stage (${where}) has been healthy for ${(0,duration/* formatDuration */.a)(healthyForMs)} ` +
        `(since ${new Date(since).toISOString()}); from-soak asks for ${(0,duration/* formatDuration */.a)(soakMs)}: ` +
        `${(0,duration/* formatDuration */.a)(soakLeft)} left, ` +
        (leftMs === undefined
            ? 'so a promotion now would wait that long first.'
            : `more than the ${(0,duration/* formatDuration */.a)(leftMs)} left of the timeout. Nothing was written; run again later.`), 'blocked');
}
/**
 * The source stage's reports, read as the wait reads the target's: the files that hold its references are what it
 * "wrote", so a later commit changing them supersedes it.
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
    const read = (0,rollout_evidence/* createEvidence */.IZ)({ get, ...at, c: source.revision, branch: source.branch, written });
    // The branch head is always checked, reported or not: a source whose head changed the references no longer runs
    // them, even before Flux applies it (the decision ends it superseded).
    const evidence = {
        ...read,
        superseded: (ancestry, commits) => {
            const head = ancestry.commits.at(-1);
            return read.superseded(ancestry, head === undefined ? commits : [...commits, head]);
        }
    };
    const inner = cfg.wait === 'connector'
        ? (0,connector_source.createConnectorSource)({
            url: cfg.connectorUrl,
            token: (0,connector_auth/* connectorBearer */.d)(cfg),
            credential: (0,connector_auth/* credentialName */.b)(cfg),
            patterns: from.contexts,
            evidence,
            log: rt.log.debug
        })
        : (0,commit_status/* createCommitStatusSource */.BD)({ get, ...at, evidence, warn: rt.log.warning });
    const watched = {
        longPoll: inner.longPoll,
        async read(maxWaitMs) {
            const read = await inner.read(maxWaitMs);
            // The expected set of each from-contexts pattern includes the contexts that reported on I's parent.
            const snapshot = read.base === undefined && source.base ? { ...read, base: source.base } : read;
            return snapshot;
        }
    };
    return watched;
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
        return new core_errors/* PromoteError */.jG(`The source stage changed after ${(0,verdict/* shortSha */.Fu)(I)}, so it no longer runs what would be promoted; nothing was written. ${res.message}`, 'blocked');
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
        const target = resolution.targets[i];
        const line = target?.line ?? image.reference;
        // A chart's `podinfo=6.5.0@sha256:…`: the part after `=`.
        const part = target?.kind === 'chart' ? (r) => r.slice(r.indexOf('=') + 1) : version;
        const before = [...new Set((plan.previous[line] ?? []).map(part))];
        return `promote ${image.name} ${before.join(', ') || '(none)'} -> ${part(image.reference)} from ${paths.join(', ')}@${sourceRevision.slice(0, 7)}`;
    });
}

// EXTERNAL MODULE: ./src/action/runtime.ts
var runtime = __webpack_require__(4202);
;// CONCATENATED MODULE: ./src/action/phases/log.ts
// What the run prints about the source stage, the evidence and the planned edits.


function logResolution(source, paths) {
    const r = source.resolution;
    runner/* info */.pq(`Source stage '${paths.join(', ')}' on '${source.branch}' at ${source.head.slice(0, 12)}; last changed by ${source.revision.slice(0, 12)}.`);
    // File names and references come from the gitops repo: printed so that none of them can act as a command.
    for (const image of r.images) {
        const where = image.where.map(w => `${w.file}:${w.line}`).join(', ');
        (0,runtime/* safeInfo */.Q)(`${image.line === '*' ? '* ->' : `${image.line} ->`} ${image.reference} (${where})`);
    }
    if (r.skipped.length > 0)
        (0,runtime/* safeInfo */.Q)(`Skipped (referenced by the source only): ${r.skipped.join(', ')}`);
}
function logEvidence(rows) {
    runner/* info */.pq('Evidence:');
    for (const r of rows) {
        const since = r.healthySince === undefined ? '' : `, healthy since ${new Date(r.healthySince).toISOString()}`;
        // Flux's words: a line of them must not act as a workflow command.
        (0,runtime/* safeInfo */.Q)(`  ${r.context || r.pattern}: ${r.state} on ${r.commit.slice(0, 7)}${since} "${r.description}"`);
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
    const { images, charts } = (0,core_charts/* splitTargets */.$e)(target.config.targets);
    state.outcome.images = images.map(t => (0,image_ref/* formatImageRef */.kL)(t.ref));
    if (charts.length > 0)
        state.outcome.charts = charts.map(core_charts/* formatChart */.YW);
    return change;
}
async function planBumpAtHead(target) {
    return runner/* group */.Os('Bump', async () => {
        const planned = await (0,plan.readAndPlan)({ gh: target.github, at: target.at }, target.branch, target.config, target.headAtStart);
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
    const first = await runner/* group */.Os('Bump', async () => {
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
        : `promote ${lines.length} ${promotedWhat(stage.resolution.targets)} from ${from.paths.join(', ')}@${evidence.sourceRevision.slice(0, 7)}`;
    const message = lines.length === 1 ? subject : [subject, '', ...lines].join('\n');
    updateConfig(state, target, {
        ...config,
        promotion: lines,
        commitMessage: config.commitMessage === inputs/* INPUT_DEFAULTS */.WJ['commit-message'] ? message : config.commitMessage,
        prTitle: config.prTitle === inputs/* INPUT_DEFAULTS */.WJ['pr-title'] ? subject : config.prTitle
    });
}
/** `images`, `charts` or `images and charts`: what a promotion of several moves. */
function promotedWhat(targets) {
    const { images, charts } = (0,core_charts/* splitTargets */.$e)(targets);
    return charts.length === 0 ? 'images' : images.length === 0 ? 'charts' : 'images and charts';
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
/** The connector's object, as GET /api/v1/objects serves it (the type is shared; no connector code is bundled). */
/**
 * Nobody is known to follow the branch: no object named a commit of its history when the wait began (`baseline`)
 * and none reports on B. The decision then holds a healthy verdict for one quiet interval.
 */
function unanchored(baseline, reports, base) {
    return baseline.length === 0 && !reports.some(r => r.commit === base);
}
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
const COMMIT_REVISION_RE = /(?:^|@)sha1:[0-9a-f]{40}$|^[0-9a-f]{40}$/;
/**
 * A HelmRelease counts for a rollout that wrote chart versions only once helm-controller runs one of them: its
 * revision is the chart version (`6.5.0`, or `6.5.0+<digest>` for an OCI chart), and a healthy HelmRelease at
 * another version is still the old release, so it is turned into `progressing`. A revision that names a commit,
 * or none, and every other kind are left as they are. `charts`: the written `<chart>=<version>[@digest]` lines.
 */
function countChartVersion(o, charts) {
    if (o.kind !== 'HelmRelease' || o.state !== 'healthy' || charts.length === 0)
        return o;
    const revision = o.revision;
    if (typeof revision !== 'string' || revision === '' || COMMIT_REVISION_RE.test(revision))
        return o;
    const versions = charts.map(line => line.slice(line.indexOf('=') + 1).split('@')[0]);
    if (versions.some(v => revision === v || revision.startsWith(`${v}+`)))
        return o;
    return {
        ...o,
        state: 'progressing',
        reason: 'ChartVersionPending',
        message: `runs chart version ${revision}; waiting for ${versions.join(' or ')}`
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
    const matchers = (opts.patterns ?? []).map(p => (0,glob/* contextMatcher */.gs)(p));
    // Ask the connector only for objects the patterns can match.
    const filter = filterQuery(opts.patterns ?? []);
    const credential = opts.credential ?? 'connector-token';
    let version;
    let failing = false;
    /** Objects that followed this branch when the wait started: their newest state named a commit of its history. */
    let baseline;
    return {
        longPoll: true,
        async read(maxWaitMs) {
            let state;
            try {
                const token = typeof opts.token === 'string' ? opts.token : await opts.token();
                state = await fetchState(http, { base, credential }, token, objectsQuery(version, maxWaitMs, filter));
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
            const reports = wantedReports(state.objects, matchers, opts.charts ?? []);
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
                unanchored: unanchored(baseline, reports, ancestry.base),
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
async function fetchState(http, at, token, query) {
    const { base } = at;
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
    return parseState(at, url, status, text);
}
/** The connector's answer, or the error it means: transient for 5xx/429/no answer, fatal otherwise. */
function parseState(at, url, status, text) {
    const { base } = at;
    if (status === 401 || status === 403) {
        throw fatal(`the connector at ${base} rejected ${at.credential} (HTTP ${status}): ${text.slice(0, 200)}`);
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
function wantedReports(objects, matchers, charts) {
    const reports = [];
    for (const o of objects) {
        if (!isWireObject(o))
            continue;
        const report = objectToReport(countChartVersion(o, charts));
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


/***/ })

};

export const id = 348;
export const ids = [348];
export const modules = {

/***/ 348:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   rollBack: () => (/* binding */ rollBack)
/* harmony export */ });
/* harmony import */ var _write_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8471);
/* harmony import */ var _wait_run_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8755);
/* harmony import */ var _core_budget_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4782);
/* harmony import */ var _core_rollout_holds_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5679);
// on-failure: revert. After a failed rollout: one commit restoring the previous values, written with the run's own
// strategy, then waited for like any rollout with a fresh timeout.




async function rollBack({ gh, cfg, branch, rt: runRt }, written, failure) {
    // A fresh budget: the revert's write and wait get a whole `timeout` of their own, on GitHub's clock as learnt.
    const budget = runRt.budget
        ? (0,_core_budget_js__WEBPACK_IMPORTED_MODULE_3__/* .freshBudget */ .k)(runRt.budget, cfg.timeoutMs, runRt.clock)
        : (0,_core_budget_js__WEBPACK_IMPORTED_MODULE_3__/* .createBudget */ .y)(cfg.timeoutMs, runRt.clock);
    const rt = { ...runRt, budget };
    const at = { owner: cfg.owner, repo: cfg.repo };
    const revert = (0,_write_index_js__WEBPACK_IMPORTED_MODULE_0__/* .revertPlanner */ .$1)(gh, at, written.plan.edits);
    const first = await revert.plan(branch);
    const leftAlone = () => {
        const skipped = revert.skipped();
        return skipped.length > 0
            ? ` Left alone because they changed since ${written.commit.slice(0, 7)}: ${skipped.join(', ')}.`
            : '';
    };
    if (leftAlone())
        rt.log.warning(leftAlone().trim());
    if (first.plan.edits.length === 0) {
        return { result: 'failed', message: `${failure}\nNothing was reverted.${leftAlone()}` };
    }
    const text = (0,_write_index_js__WEBPACK_IMPORTED_MODULE_0__/* .revertText */ .gr)((0,_write_index_js__WEBPACK_IMPORTED_MODULE_0__.promotionText)({ ...cfg, runUrl: cfg.run.url }, branch), written.commit, failure);
    const prBranch = `${cfg.prBranch || (0,_write_index_js__WEBPACK_IMPORTED_MODULE_0__.defaultPrBranch)(branch, cfg.targets)}-revert`;
    const done = await (0,_write_index_js__WEBPACK_IMPORTED_MODULE_0__.write)({ gh, at, branch, budget, rt }, { first, plan: revert.plan, text }, { ...cfg, prBranch, leaveOpen: true });
    if (!done.changed) {
        return {
            result: 'failed',
            message: `${failure}\nNothing was reverted: '${branch}' no longer holds the written values.`
        };
    }
    if (cfg.strategy === 'pull-request' && done.pr) {
        return {
            result: 'failed',
            pullRequest: done.pr,
            message: `${failure}\nOpened revert pull request #${done.pr.number}; merge it to roll back: ${done.pr.url}.${leftAlone()}`
        };
    }
    rt.log.info(`Reverted ${written.commit.slice(0, 7)} with ${done.commit}; waiting for it to apply.`);
    // The revert is waited for with its own values: a later commit is checked against what it restored.
    const values = (0,_core_rollout_holds_js__WEBPACK_IMPORTED_MODULE_2__/* .restoredFiles */ .Q8)(written.plan.edits, done.plan.edits, cfg.targets);
    const waited = await (0,_wait_run_js__WEBPACK_IMPORTED_MODULE_1__.awaitRollout)({ gh, cfg, branch, rt }, { ...done, values });
    if (waited.result === 'healthy') {
        return {
            result: 'reverted',
            revertCommit: done.commit,
            rows: waited.rows,
            message: `The rollout failed and was reverted: ${failure}\nThe revert ${done.commit} is applied and healthy.${leftAlone()}`
        };
    }
    return {
        result: 'failed',
        revertCommit: done.commit,
        rows: waited.rows,
        message: `The rollout failed: ${failure}\nIts revert ${done.commit} did not become healthy either: ${waited.message}${leftAlone()}`
    };
}


/***/ }),

/***/ 8755:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   awaitRollout: () => (/* binding */ awaitRollout)
/* harmony export */ });
/* harmony import */ var _core_budget_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4782);
/* harmony import */ var _core_rollout_evidence_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6273);
/* harmony import */ var _core_rollout_holds_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5679);
/* harmony import */ var _core_charts_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6250);
/* harmony import */ var _commit_status_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5084);
/* harmony import */ var _connector_auth_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7320);
/* harmony import */ var _poll_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7538);
/* harmony import */ var _core_views_rollout_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1727);








async function awaitRollout({ gh, cfg, branch, rt }, written, follow) {
    const at = { owner: cfg.owner, repo: cfg.repo };
    const get = (route, params) => gh.conditionalGet(route, params);
    const evidence = (0,_core_rollout_evidence_js__WEBPACK_IMPORTED_MODULE_0__/* .createEvidence */ .IZ)({
        get,
        ...at,
        c: written.commit,
        branch,
        written: written.values ?? (0,_core_rollout_holds_js__WEBPACK_IMPORTED_MODULE_1__/* .writtenFiles */ .$m)(written.plan.edits, cfg.targets),
        // A pull request's merge commit holds the PR branch as it was at the merge, which a later run may have updated.
        checkC: written.pr !== undefined
    });
    const source = cfg.wait === 'connector'
        ? (await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(942), __webpack_require__.e(766)]).then(__webpack_require__.bind(__webpack_require__, 6766))).createConnectorSource({
            url: cfg.connectorUrl,
            token: (0,_connector_auth_js__WEBPACK_IMPORTED_MODULE_4__/* .connectorBearer */ .d)(cfg),
            credential: (0,_connector_auth_js__WEBPACK_IMPORTED_MODULE_4__/* .credentialName */ .b)(cfg),
            patterns: cfg.contexts,
            evidence,
            charts: (0,_core_charts_js__WEBPACK_IMPORTED_MODULE_2__/* .splitTargets */ .$e)(cfg.targets).charts.map(_core_charts_js__WEBPACK_IMPORTED_MODULE_2__/* .formatChart */ .YW),
            log: rt.log.debug
        })
        : (0,_commit_status_js__WEBPACK_IMPORTED_MODULE_3__/* .createCommitStatusSource */ .BD)({ get, ...at, evidence, warn: rt.log.warning });
    // One budget from the run's start: whatever the merge wait used is gone.
    const budget = rt.budget ?? (0,_core_budget_js__WEBPACK_IMPORTED_MODULE_6__/* .createBudget */ .y)(cfg.timeoutMs, rt.clock, written.landedAt);
    const soak = cfg.soakMs > 0 ? `, then stay healthy for ${cfg.soakMs / 1000}s` : '';
    rt.log.info(`Waiting for ${cfg.contexts.join(', ')} to report ${written.commit.slice(0, 7)} (or a later commit containing it) healthy` +
        ` via ${cfg.wait}${soak}.`);
    let lines = [];
    const res = await (0,_poll_js__WEBPACK_IMPORTED_MODULE_5__/* .waitForRollout */ .gj)({
        source,
        patterns: cfg.contexts,
        healthyDescription: cfg.healthyDescription,
        graceMs: cfg.graceMs,
        timeoutMs: budget.remaining(),
        budgetMs: budget.timeoutMs,
        soakMs: cfg.soakMs,
        intervalMs: cfg.intervalMs,
        quietMs: cfg.quietMs,
        clock: rt.clock,
        reporterClock: budget.githubNow,
        sleep: rt.sleep,
        random: rt.random,
        log: rt.log,
        onState: ({ verdict }, now) => {
            lines = (0,_core_views_rollout_js__WEBPACK_IMPORTED_MODULE_7__/* .contextLines */ .z)(verdict, now, lines);
            follow?.(lines, verdict);
        }
    });
    const rows = res.verdict.patterns.map(p => ({
        pattern: p.pattern,
        context: p.report?.context ?? '',
        state: p.status,
        commit: p.report?.commit ?? '',
        description: p.report?.description ?? 'no report yet',
        timeToHealthyMs: p.report && res.firstHealthyAt[p.report.context] !== undefined
            ? res.firstHealthyAt[p.report.context] - written.landedAt
            : undefined
    }));
    const { startedAt, endedAt } = res;
    return {
        result: res.result,
        appliedRevision: res.appliedRevision,
        message: res.message,
        rows,
        lines,
        startedAt,
        endedAt
    };
}


/***/ }),

/***/ 1727:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ stateKey),
/* harmony export */   z: () => (/* binding */ contextLines)
/* harmony export */ });
/** The contexts as the newest verdict shows them, keeping first-seen and settled times from the earlier ones. */
function contextLines(verdict, now, previous = []) {
    const before = new Map(previous.map(l => [l.context, l]));
    const failedPatterns = verdict.patterns.filter(p => p.status === 'failed');
    return verdict.contexts.map(row => {
        const old = before.get(row.context);
        const failed = row.health === 'failing' && failedPatterns.some(p => p.contexts.includes(row.context));
        const state = failed ? 'failed' : row.health;
        const report = row.report ?? row.newest;
        const line = { context: row.context, state };
        if (report) {
            line.commit = report.commit;
            line.description = report.description;
            line.reportedAt = report.at;
        }
        const firstSeenAt = old?.firstSeenAt ?? (report ? now : undefined);
        if (firstSeenAt !== undefined)
            line.firstSeenAt = firstSeenAt;
        const settledAt = old?.settledAt ?? (state === 'healthy' || state === 'failed' ? now : undefined);
        if (settledAt !== undefined)
            line.settledAt = settledAt;
        return line;
    });
}
/** What decides whether a PR comment edit is a state change (written at once) or a detail (throttled). */
function stateKey(verdict, lines) {
    return [verdict, ...lines.map(l => `${l.context}=${l.state}`)].join('\n');
}


/***/ })

};

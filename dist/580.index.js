export const id = 580;
export const ids = [580];
export const modules = {

/***/ 4580:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   awaitRollout: () => (/* binding */ awaitRollout)
/* harmony export */ });
/* harmony import */ var _budget_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7562);
/* harmony import */ var _evidence_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7185);
/* harmony import */ var _holds_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4619);
/* harmony import */ var _commit_status_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5827);
/* harmony import */ var _poll_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5548);





async function awaitRollout(gh, cfg, branch, written, rt) {
    const at = { owner: cfg.owner, repo: cfg.repo };
    const get = (route, params) => gh.conditionalGet(route, params);
    const evidence = (0,_evidence_js__WEBPACK_IMPORTED_MODULE_0__/* .createEvidence */ .IZ)({
        get,
        ...at,
        c: written.commit,
        branch,
        written: (0,_holds_js__WEBPACK_IMPORTED_MODULE_1__/* .writtenFiles */ .$)(written.plan.edits, cfg.targets)
    });
    const source = cfg.wait === 'connector'
        ? (await __webpack_require__.e(/* import() */ 497).then(__webpack_require__.bind(__webpack_require__, 3497))).createConnectorSource({
            url: cfg.connectorUrl,
            token: cfg.connectorToken,
            patterns: cfg.contexts,
            evidence,
            log: rt.log.debug
        })
        : (0,_commit_status_js__WEBPACK_IMPORTED_MODULE_2__/* .createCommitStatusSource */ .BD)({ get, ...at, evidence, warn: rt.log.warning });
    // One budget from the run's start: whatever the merge wait used is gone.
    const budget = rt.budget ?? (0,_budget_js__WEBPACK_IMPORTED_MODULE_4__/* .createBudget */ .y)(cfg.timeoutMs, rt.clock, written.landedAt);
    const soak = cfg.soakMs > 0 ? `, then stay healthy for ${cfg.soakMs / 1000}s` : '';
    rt.log.info(`Waiting for ${cfg.contexts.join(', ')} to report ${written.commit.slice(0, 7)} (or a later commit containing it) healthy` +
        ` via ${cfg.wait}${soak}.`);
    const res = await (0,_poll_js__WEBPACK_IMPORTED_MODULE_3__/* .waitForRollout */ .gj)({
        source,
        patterns: cfg.contexts,
        healthyDescription: cfg.healthyDescription,
        graceMs: cfg.graceMs,
        timeoutMs: budget.remaining(),
        budgetMs: budget.timeoutMs,
        soakMs: cfg.soakMs,
        intervalMs: cfg.intervalMs,
        clock: rt.clock,
        reporterClock: budget.githubNow,
        sleep: rt.sleep,
        random: rt.random,
        log: rt.log
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
    return { result: res.result, appliedRevision: res.appliedRevision, message: res.message, rows };
}


/***/ })

};

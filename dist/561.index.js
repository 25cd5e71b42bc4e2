export const id = 561;
export const ids = [561];
export const modules = {

/***/ 3561:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createDeployment: () => (/* binding */ createDeployment),
/* harmony export */   setDeploymentState: () => (/* binding */ setDeploymentState)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
// A GitHub Deployment in the workflow's own repository, so its Environments page shows the rollout.

async function createDeployment(gh, args) {
    const [owner = '', repo = ''] = args.repository.split('/');
    const description = args.description.slice(0, 140);
    // Marks this request's Deployment, so a read-back after a lost answer never takes an earlier run's for ours.
    const payload = { gitops_promote_request: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)() };
    const send = async () => {
        const res = await gh.octokit.rest.repos.createDeployment({
            owner,
            repo,
            ref: args.sha,
            environment: args.environment,
            description,
            payload,
            auto_merge: false,
            // The commit's own checks were the job's business; the deployment records the rollout, not a gate.
            required_contexts: []
        });
        if (!('id' in res.data))
            throw new Error(`GitHub did not create the deployment: ${res.data.message ?? res.status}`);
        return { id: res.data.id, owner, repo };
    };
    // A lost answer: the newest deployment of this commit to this environment carrying our mark is ours.
    return gh.writeOnce(send, async () => {
        const list = await gh.octokit.rest.repos.listDeployments({
            owner,
            repo,
            sha: args.sha,
            environment: args.environment,
            per_page: 1
        });
        const newest = list.data[0];
        const mark = newest?.payload?.gitops_promote_request;
        return newest && mark === payload.gitops_promote_request ? { id: newest.id, owner, repo } : undefined;
    });
}
async function setDeploymentState(gh, d, { state, description, logUrl }) {
    const text = description.slice(0, 140);
    const send = async () => {
        await gh.octokit.rest.repos.createDeploymentStatus({
            owner: d.owner,
            repo: d.repo,
            deployment_id: d.id,
            state,
            description: text,
            ...(logUrl ? { log_url: logUrl } : {})
        });
        return true;
    };
    // A lost answer: the deployment's newest status saying what we sent is ours; a second one would repeat it.
    await gh.writeOnce(send, async () => {
        const list = await gh.octokit.rest.repos.listDeploymentStatuses({
            owner: d.owner,
            repo: d.repo,
            deployment_id: d.id,
            per_page: 1
        });
        const newest = list.data[0];
        return newest && newest.state === state && newest.description === text ? true : undefined;
    });
}


/***/ })

};

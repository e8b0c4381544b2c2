# shellcheck shell=bash
# Source with a stack's name before `pulumi up`, `refresh` or `destroy` of that stack:
#   source scripts/engine-env.sh STACK
# The engine settings of the toolkit's updates, in one place for the local run
# (scripts/run-main.sh), the CI deploy jobs and the benchmarks. A value already set in the
# environment wins. See docs/engine.md ("Checkpoints", "Memory") and docs/reliability.md.
#
# PULUMI_SKIP_CHECKPOINTS=true: the engine writes the stack's state once, when the update
# ends (whether it succeeded or failed), instead of rewriting the whole state after every
# step, which made each step's cost grow with the stack. Only for `groupProvider: graph`:
# every Graph resource's create first looks for the object an interrupted update may have
# made and adopts it, so an update killed before its one write is simply run again.
# pulumi-azuread's creates do not adopt, so azuread stacks keep a checkpoint per step.
#
# GOGC=50: the engine's Go heap is collected when it has grown by half its live size rather
# than doubled. The CLI keeps every resource of the stack in memory; at 2,349 resources this
# took its peak from 276 to 232 MiB in the same time (docs/engine.md, "Memory").
export GOGC="${GOGC:-50}"
_tenantctl_stack="${1:?usage: source scripts/engine-env.sh STACK}"
if [[ -z "${PULUMI_SKIP_CHECKPOINTS:-}" ]] \
    && [[ "$(pulumi config get groupProvider --stack "$_tenantctl_stack" 2>/dev/null)" == graph ]]; then
    export PULUMI_SKIP_CHECKPOINTS=true
fi
unset _tenantctl_stack

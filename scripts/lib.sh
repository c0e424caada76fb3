# Shared helpers for the scripts in this folder. Source it; do not run it.
# shellcheck shell=bash
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
FORGE="$REPO_ROOT/node_modules/@foundry-rs/forge-linux-amd64/bin/forge"
ANVIL="$REPO_ROOT/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
CAST="$REPO_ROOT/node_modules/@foundry-rs/cast-linux-amd64/bin/cast"
SNARKJS="$REPO_ROOT/node_modules/snarkjs/build/cli.cjs"
OMKT_BUILD="$REPO_ROOT/.build/omkt"
export FORGE ANVIL CAST SNARKJS OMKT_BUILD

step() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Publishes omkt ReadyToRun-compiled, so that starting it costs tens of milliseconds, not a JIT warm-up.
publish_omkt() {
  dotnet publish "$REPO_ROOT/src/OnchainMarket.Cli/OnchainMarket.Cli.csproj" -c Release -r linux-x64 \
    --self-contained false -p:PublishReadyToRun=true -o "$OMKT_BUILD" -nologo -v quiet "$@" >&2
}

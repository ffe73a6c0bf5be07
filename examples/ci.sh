#!/usr/bin/env bash
# kakao-sandbox in any CI, with a shell and curl: start it in the background
# (fresh: without --data it runs on a temporary data file of its own, removed
# when it stops), wait until it is healthy, run the checks, stop it.
# Replace the checks with your own tests, pointed at $KAKAO_SANDBOX_URL.
# Run by cmd/kakao-sandbox's TestExampleShellRecipe.
set -euo pipefail

export KAKAO_SANDBOX_ADDR="${KAKAO_SANDBOX_ADDR:-127.0.0.1:8080}" # read by kakao-sandbox and its healthcheck
export KAKAO_SANDBOX_URL="http://$KAKAO_SANDBOX_ADDR"

logs="$(mktemp -d)"
kakao-sandbox 2> "$logs/sandbox.log" &
sandbox=$!
# Each step may fail (the sandbox may be gone already): the folder goes anyway.
# kill sends SIGTERM, on which the sandbox removes its temporary data file.
trap 'kill "$sandbox" 2>/dev/null || true; wait "$sandbox" 2>/dev/null || true; rm -rf "$logs"' EXIT
kakao-sandbox healthcheck --wait 10s || { cat "$logs/sandbox.log" >&2; exit 1; }

# The checks: a virtual account, the bank transfer into it, the balance it credits.
S="$KAKAO_SANDBOX_URL"
auth=(-H 'Authorization: Bearer sandbox-biz-alice' -H 'adAccountId: 10001')
va=$(curl -fsS -X POST "$S/openapi/v4/billing/virtualAccount" "${auth[@]}" \
  -H 'Content-Type: application/json' -d '{"adAccountId":10001,"amount":1000000,"bankCode":"88"}')
account=$(sed -n 's/.*"accountNumber":"\([0-9]*\)".*/\1/p' <<< "$va")
curl -fsS -o /dev/null -X POST "$S/_sandbox/virtual-accounts/$account/deposits" \
  -H 'Content-Type: application/json' -d '{"amount":1000000}'
balance=$(curl -fsS "$S/openapi/v4/adAccounts/balance" "${auth[@]}")
echo "balance after the deposit: $balance"
case "$balance" in
  *'"cash":1500000'*) ;;
  *) echo "want cash 1500000 (the demo's 500000 plus the deposit)" >&2; exit 1 ;;
esac
